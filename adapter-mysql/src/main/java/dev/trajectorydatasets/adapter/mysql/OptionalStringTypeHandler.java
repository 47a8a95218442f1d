package dev.trajectorydatasets.adapter.mysql;

import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.TypeHandler;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/** A nullable {@code VARCHAR} as {@code Optional<String>}: SQL NULL is an empty Optional, both ways. */
final class OptionalStringTypeHandler implements TypeHandler<Optional<String>> {

    @Override
    public void setParameter(PreparedStatement ps, int i, Optional<String> parameter, JdbcType jdbcType) throws SQLException {
        if (parameter == null || parameter.isEmpty()) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, parameter.get());
        }
    }

    @Override
    public Optional<String> getResult(ResultSet rs, String columnName) throws SQLException {
        return Optional.ofNullable(rs.getString(columnName));
    }

    @Override
    public Optional<String> getResult(ResultSet rs, int columnIndex) throws SQLException {
        return Optional.ofNullable(rs.getString(columnIndex));
    }

    @Override
    public Optional<String> getResult(CallableStatement cs, int columnIndex) throws SQLException {
        return Optional.ofNullable(cs.getString(columnIndex));
    }
}
