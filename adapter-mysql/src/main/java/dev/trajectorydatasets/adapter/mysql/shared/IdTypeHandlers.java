package dev.trajectorydatasets.adapter.mysql.shared;

import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.TypeHandler;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import java.util.function.Function;

/** The id value types as {@code VARCHAR} columns: a trajectory id, and a nullable run id as {@code Optional<RunId>}. */
public final class IdTypeHandlers {

    private IdTypeHandlers() {
    }

    /** A value type stored as its text; {@code parse} checks what is read back, as every id is checked. */
    public static final class Ids<T> extends BaseTypeHandler<T> {
        private final Function<String, T> parse;
        private final Function<T, String> text;

        public Ids(Function<String, T> parse, Function<T, String> text) {
            this.parse = parse;
            this.text = text;
        }

        @Override
        public void setNonNullParameter(PreparedStatement ps, int i, T parameter, JdbcType jdbcType) throws SQLException {
            ps.setString(i, text.apply(parameter));
        }

        @Override
        public T getNullableResult(ResultSet rs, String columnName) throws SQLException {
            return of(rs.getString(columnName));
        }

        @Override
        public T getNullableResult(ResultSet rs, int columnIndex) throws SQLException {
            return of(rs.getString(columnIndex));
        }

        @Override
        public T getNullableResult(CallableStatement cs, int columnIndex) throws SQLException {
            return of(cs.getString(columnIndex));
        }

        private T of(String value) {
            return value == null ? null : parse.apply(value);
        }
    }

    public static Ids<TrajectoryId> trajectoryIds() {
        return new Ids<>(TrajectoryId::of, TrajectoryId::value);
    }

    public static Ids<TaskId> taskIds() {
        return new Ids<>(TaskId::of, TaskId::value);
    }

    public static Ids<RunId> runIds() {
        return new Ids<>(RunId::of, RunId::value);
    }

    /** {@code run_id}: SQL NULL is an empty Optional, both ways. The only Optional column. */
    public static final class OptionalRunIds implements TypeHandler<Optional<RunId>> {
        @Override
        public void setParameter(PreparedStatement ps, int i, Optional<RunId> parameter, JdbcType jdbcType) throws SQLException {
            if (parameter == null || parameter.isEmpty()) {
                ps.setNull(i, Types.VARCHAR);
            } else {
                ps.setString(i, parameter.get().value());
            }
        }

        @Override
        public Optional<RunId> getResult(ResultSet rs, String columnName) throws SQLException {
            return Optional.ofNullable(rs.getString(columnName)).map(RunId::of);
        }

        @Override
        public Optional<RunId> getResult(ResultSet rs, int columnIndex) throws SQLException {
            return Optional.ofNullable(rs.getString(columnIndex)).map(RunId::of);
        }

        @Override
        public Optional<RunId> getResult(CallableStatement cs, int columnIndex) throws SQLException {
            return Optional.ofNullable(cs.getString(columnIndex)).map(RunId::of);
        }
    }
}
