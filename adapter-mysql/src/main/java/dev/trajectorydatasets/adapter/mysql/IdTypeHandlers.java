package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.RunId;
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

/** The id value types as {@code VARCHAR} columns: a trajectory id, and a nullable run id as {@code Optional<RunId>}. */
final class IdTypeHandlers {

    private IdTypeHandlers() {
    }

    static final class TrajectoryIds extends BaseTypeHandler<TrajectoryId> {
        @Override
        public void setNonNullParameter(PreparedStatement ps, int i, TrajectoryId parameter, JdbcType jdbcType) throws SQLException {
            ps.setString(i, parameter.value());
        }

        @Override
        public TrajectoryId getNullableResult(ResultSet rs, String columnName) throws SQLException {
            return of(rs.getString(columnName));
        }

        @Override
        public TrajectoryId getNullableResult(ResultSet rs, int columnIndex) throws SQLException {
            return of(rs.getString(columnIndex));
        }

        @Override
        public TrajectoryId getNullableResult(CallableStatement cs, int columnIndex) throws SQLException {
            return of(cs.getString(columnIndex));
        }

        private static TrajectoryId of(String value) {
            return value == null ? null : TrajectoryId.of(value);
        }
    }

    static final class RunIds extends BaseTypeHandler<RunId> {
        @Override
        public void setNonNullParameter(PreparedStatement ps, int i, RunId parameter, JdbcType jdbcType) throws SQLException {
            ps.setString(i, parameter.value());
        }

        @Override
        public RunId getNullableResult(ResultSet rs, String columnName) throws SQLException {
            return of(rs.getString(columnName));
        }

        @Override
        public RunId getNullableResult(ResultSet rs, int columnIndex) throws SQLException {
            return of(rs.getString(columnIndex));
        }

        @Override
        public RunId getNullableResult(CallableStatement cs, int columnIndex) throws SQLException {
            return of(cs.getString(columnIndex));
        }

        private static RunId of(String value) {
            return value == null ? null : RunId.of(value);
        }
    }

    /** {@code run_id}: SQL NULL is an empty Optional, both ways. The only Optional column. */
    static final class OptionalRunIds implements TypeHandler<Optional<RunId>> {
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
