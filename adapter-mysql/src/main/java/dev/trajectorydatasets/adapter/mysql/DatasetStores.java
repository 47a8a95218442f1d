package dev.trajectorydatasets.adapter.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Opens {@link MyBatisDatasetStore}s: on a MySQL-compatible server, or embedded on an H2 file. A store opens
 * even while its database is down (operations then fail fast with {@code StoreUnavailableException} and work
 * again once it is back); call {@link MyBatisDatasetStore#migrate()} to create or update the schema.
 */
public final class DatasetStores {

    private static final String MYSQL_ID = "VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
    private static final String MYSQL_TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    private DatasetStores() {
    }

    public static MyBatisDatasetStore mysql(MySqlSettings settings) {
        HikariConfig pool = baseConfig(settings.poolSize(), settings.poolTimeout());
        pool.setJdbcUrl(settings.url());
        pool.setUsername(settings.user());
        pool.setPassword(settings.password());
        // DEFAULT CURRENT_TIMESTAMP and any server-side time function then speak UTC, like created_at.
        pool.setConnectionInitSql("SET time_zone = '+00:00'");
        // No gap locks: a claim's FOR UPDATE then never blocks a rollout worker's INSERT. Every write here is a
        // single atomic statement or locks the rows it reads, so nothing needs REPEATABLE READ.
        pool.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return open(pool, Map.of("id_type", MYSQL_ID, "table_options", MYSQL_TABLE), "mysql " + settings.description(),
                MyBatisDatasetStore.ClaimLocking.SKIP_LOCKED);
    }

    /** An embedded store in {@code directory} (created if missing); its data survives restarts. */
    public static MyBatisDatasetStore h2(Path directory) {
        Path file = directory.toAbsolutePath().resolve("datasets");
        HikariConfig pool = baseConfig(8, Duration.ofSeconds(5));
        // WRITE_DELAY=0: a commit reaches the file before it is acknowledged. H2's default (500 ms) lost
        // acknowledged writes when the server process was killed (ServerEndToEndTest found it).
        pool.setJdbcUrl("jdbc:h2:file:" + file + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE"
                + ";NON_KEYWORDS=VALUE,YEAR,MONTH,DAY,USER;LOCK_TIMEOUT=10000;WRITE_DELAY=0");
        pool.setUsername("sa");
        pool.setPassword("");
        // H2 counts UTF-16 units, not code points: 255 emoji need 510. The domain still caps ids at 255 code points.
        return open(pool, Map.of("id_type", "VARCHAR(510)", "table_options", ""), "h2 " + file,
                MyBatisDatasetStore.ClaimLocking.SERIALIZED);
    }

    private static HikariConfig baseConfig(int size, Duration poolTimeout) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("datasets");
        pool.setMaximumPoolSize(size);
        pool.setConnectionTimeout(poolTimeout.toMillis());
        pool.setValidationTimeout(Math.min(1_000, poolTimeout.toMillis() - 100));
        // Start even when the database is down; connections are made (and checked) when needed.
        pool.setInitializationFailTimeout(-1);
        pool.setAutoCommit(true);
        return pool;
    }

    private static MyBatisDatasetStore open(HikariConfig pool, Map<String, String> placeholders, String description,
                                            MyBatisDatasetStore.ClaimLocking claimLocking) {
        HikariDataSource dataSource = new HikariDataSource(pool);
        Configuration configuration = new Configuration(new Environment("datasets", new JdbcTransactionFactory(), dataSource));
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.setCacheEnabled(false);
        configuration.getTypeHandlerRegistry().register(Instant.class, new UtcInstantTypeHandler());
        configuration.getTypeHandlerRegistry().register(Optional.class, new OptionalStringTypeHandler());
        configuration.addMapper(DatasetMapper.class);
        SqlSessionFactory sessions = new SqlSessionFactoryBuilder().build(configuration);
        return new MyBatisDatasetStore(sessions, new StoreResources(dataSource, placeholders, description), claimLocking);
    }
}
