package dev.trajectorydatasets.adapter.mysql.shared;

import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Stores an {@link Instant} as its UTC wall-clock time in a {@code DATETIME(6)} column, so neither the JVM's nor
 * the server's time zone can shift it. Written as text: mysql-connector-j reads MariaDB's handshake version
 * ("5.5.5-10.x") as 5.5 and would drop the microseconds of a temporal parameter.
 */
public final class UtcInstantTypeHandler extends BaseTypeHandler<Instant> {

    private static final DateTimeFormatter WIRE_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, Instant parameter, JdbcType jdbcType) throws SQLException {
        ps.setString(i, toWire(parameter));
    }

    @Override
    public Instant getNullableResult(ResultSet rs, String columnName) throws SQLException {
        return toInstant(rs.getObject(columnName, LocalDateTime.class));
    }

    @Override
    public Instant getNullableResult(ResultSet rs, int columnIndex) throws SQLException {
        return read(rs, columnIndex);
    }

    /** The instant a {@code DATETIME(6)} column holds (its UTC wall-clock time), or null: for plain JDBC reads. */
    public static Instant read(ResultSet rs, int columnIndex) throws SQLException {
        return toInstant(rs.getObject(columnIndex, LocalDateTime.class));
    }

    @Override
    public Instant getNullableResult(CallableStatement cs, int columnIndex) throws SQLException {
        return toInstant(cs.getObject(columnIndex, LocalDateTime.class));
    }

    /** The text a {@code DATETIME(6)} column takes for {@code instant}: its UTC wall-clock time to the microsecond. */
    public static String toWire(Instant instant) {
        return WIRE_FORMAT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static Instant toInstant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}
