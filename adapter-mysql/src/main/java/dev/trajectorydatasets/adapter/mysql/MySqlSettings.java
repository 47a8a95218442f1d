package dev.trajectorydatasets.adapter.mysql;

import java.time.Duration;
import java.util.Optional;

/**
 * How to reach a MySQL-compatible server: the guide's {@code DB_CONFIG} keys ({@code host}, {@code port},
 * {@code user}, {@code password}, {@code database}, {@code charset}, {@code connect_timeout},
 * {@code read_timeout}, {@code write_timeout}), plus the pool's size and how long a caller waits for a
 * connection. {@code jdbcUrl}, when present, replaces host, port and database. A setting that cannot work is an
 * {@link InvalidSettingException} naming the component. {@link #toString()} and {@link #description()} never
 * show a password, in whatever form the URL holds it.
 */
public record MySqlSettings(String host, int port, String database, String user, String password, String charset,
                            Duration connectTimeout, Duration readTimeout, Duration writeTimeout,
                            int poolSize, Duration poolTimeout, Optional<String> jdbcUrl) {

    public MySqlSettings {
        if (port < 1 || port > 65_535) {
            throw new InvalidSettingException("port", "must be between 1 and 65535, was " + port);
        }
        if (!"utf8mb4".equalsIgnoreCase(charset) && !"utf8".equalsIgnoreCase(charset)) {
            throw new InvalidSettingException("charset", "must be utf8mb4: trajectory ids may be any Unicode");
        }
        if (poolSize < 1) {
            throw new InvalidSettingException("poolSize", "must be >= 1, was " + poolSize);
        }
        if (poolTimeout.toMillis() < 250) {
            throw new InvalidSettingException("poolTimeout", "must be at least 0.25 seconds");
        }
        jdbcUrl.ifPresent(JdbcUrls::parse);
    }

    /** The local defaults: {@code 127.0.0.1:3306}, database {@code test}, user {@code root}, no password. */
    public static MySqlSettings localDefaults() {
        return new MySqlSettings("127.0.0.1", 3306, "test", "root", "", "utf8mb4",
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30),
                10, Duration.ofSeconds(2), Optional.empty());
    }

    /** The driver URL: the given one, or one built from host, port and database, with this project's options. */
    public String url() {
        String base = jdbcUrl.orElse("jdbc:mysql://" + host + ":" + port + "/" + database);
        String options = "connectTimeout=" + connectTimeout.toMillis()
                // The driver has one socket timeout for both directions: the longer of the two bounds it.
                + "&socketTimeout=" + Math.max(readTimeout.toMillis(), writeTimeout.toMillis())
                + "&characterEncoding=UTF-8&tcpKeepAlive=true&cachePrepStmts=true&prepStmtCacheSize=250&prepStmtCacheSqlLimit=4096&rewriteBatchedStatements=true";
        return base + (base.contains("?") ? "&" : "?") + options;
    }

    /** Where it points, without credentials: {@code jdbc:mysql://host:port/database}. */
    public String description() {
        return jdbcUrl.map(JdbcUrls::describe).orElse("jdbc:mysql://" + host + ":" + port + "/" + database);
    }

    @Override
    public String toString() {
        return "MySqlSettings[" + description() + ", user=" + user + ", password=" + (password.isEmpty() ? "(none)" : "****")
                + ", poolSize=" + poolSize + "]";
    }
}
