package dev.trajectorydatasets.adapter.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trajectorydatasets.adapter.mysql.checkpoint.CheckpointMapper;
import dev.trajectorydatasets.adapter.mysql.claim.ClaimLocking;
import dev.trajectorydatasets.adapter.mysql.claim.PauseMapper;
import dev.trajectorydatasets.adapter.mysql.idempotency.AnswerMapper;
import dev.trajectorydatasets.adapter.mysql.lease.LeaseMapper;
import dev.trajectorydatasets.adapter.mysql.overview.OverviewMapper;
import dev.trajectorydatasets.adapter.mysql.shared.Columns;
import dev.trajectorydatasets.adapter.mysql.shared.IdTypeHandlers;
import dev.trajectorydatasets.adapter.mysql.shared.SqlErrors;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryMapper;
import dev.trajectorydatasets.adapter.mysql.shared.UtcInstantTypeHandler;
import dev.trajectorydatasets.adapter.mysql.usage.UsageEventMapper;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Opens {@link MyBatisDatasetStore}s: on a MySQL-compatible server, or embedded on an H2 file. A store opens
 * even while its database is down (operations then fail fast with {@code StoreUnavailableException} and work
 * again once it is back); call {@link MyBatisDatasetStore#migrate()} to create or update the schema.
 */
public final class DatasetStores {

    /** Connections of an embedded store's pool. */
    public static final int H2_POOL_SIZE = 8;

    /**
     * The most rows one MySQL store claims at once (a claim of 10,000 waits while 20,000 are being claimed):
     * bounds the InnoDB lock memory that this process's claims hold, whatever arrives.
     */
    static final int CLAIM_ROWS_IN_FLIGHT = 20_000;

    static final String MYSQL_ID = "VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
    static final String MYSQL_TABLE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
    private static final Map<String, String> MYSQL_PLACEHOLDERS = Map.of("id_type", MYSQL_ID, "table_options", MYSQL_TABLE);

    private DatasetStores() {
    }

    public static MyBatisDatasetStore mysql(MySqlSettings settings) {
        return mysql(settings, pool -> {
        });
    }

    /**
     * A store on a MySQL-compatible server; {@code poolOptions} may adjust the connection pool before it starts
     * (to report its metrics, say).
     */
    public static MyBatisDatasetStore mysql(MySqlSettings settings, Consumer<HikariConfig> poolOptions) {
        requireDriver("com.mysql.cj.jdbc.Driver", "com.mysql:mysql-connector-j", "a MySQL or MariaDB store");
        HikariConfig pool = baseConfig(settings.poolSize(), settings.poolTimeout());
        pool.setJdbcUrl(settings.url());
        pool.setUsername(settings.user());
        pool.setPassword(settings.password());
        // DEFAULT CURRENT_TIMESTAMP and any server-side time function then speak UTC, like created_at. Row locks
        // here are held for milliseconds: a wait of 5 s means a conflict, retried as such (not 50 s, six times).
        pool.setConnectionInitSql("SET time_zone = '+00:00', innodb_lock_wait_timeout = 5");
        // No gap locks: a claim's FOR UPDATE then never blocks a rollout worker's INSERT, and rows a locking read
        // examines but does not take are unlocked at once. Every write here is a single atomic statement or
        // locks the rows it reads, so nothing needs REPEATABLE READ.
        pool.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        poolOptions.accept(pool);
        HikariDataSource dataSource = new HikariDataSource(pool);
        return open(dataSource, dataSource, MYSQL_PLACEHOLDERS, "mysql " + settings.description(), mysqlClaims(), true);
    }

    /**
     * A store over a MySQL or MariaDB {@link DataSource} the caller already has (their own pool, a container's):
     * closing the store leaves it open. Each connection the store takes is set to UTC, a 5 s lock wait and READ
     * COMMITTED, and set back before it is returned (three statements per unit of work that a store with its own pool
     * does not pay). The store sizes nothing: the caller's pool bounds its concurrency.
     *
     * @throws IllegalArgumentException when the data source reaches another kind of database (for H2 use
     *                                  {@link #h2(Path)}), or cannot be reached to find out
     */
    public static MyBatisDatasetStore mysql(DataSource callers) {
        String product;
        try (Connection connection = callers.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalArgumentException("the data source cannot be reached to see which database it is: " + e.getMessage(), e);
        }
        if (!product.equalsIgnoreCase("MySQL") && !product.equalsIgnoreCase("MariaDB")) {
            throw new IllegalArgumentException("the data source reaches " + product + "; it must reach MySQL or MariaDB"
                    + " (for H2 give a folder instead)");
        }
        return open(new SessionScopedDataSource(callers), () -> {
        }, MYSQL_PLACEHOLDERS, "mysql (the caller's data source)", mysqlClaims(), true);
    }

    public static MyBatisDatasetStore h2(Path directory) {
        return h2(directory, pool -> {
        });
    }

    /** An embedded store in {@code directory} (created if missing); its data survives restarts. */
    public static MyBatisDatasetStore h2(Path directory, Consumer<HikariConfig> poolOptions) {
        requireDriver("org.h2.Driver", "com.h2database:h2", "the H2 store");
        HikariConfig pool = baseConfig(H2_POOL_SIZE, Duration.ofSeconds(5));
        pool.setJdbcUrl(h2Url(directory));
        pool.setUsername("sa");
        pool.setPassword("");
        poolOptions.accept(pool);
        // A folder is there or not, and another process holding it is said at once, not after the pool's wait.
        pool.setInitializationFailTimeout(1);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
        // H2 counts UTF-16 units, not code points: 255 emoji need 510. The domain still caps ids at 255 code points.
        return open(dataSource, dataSource, Map.of("id_type", "VARCHAR(510)", "table_options", ""), "h2 " + h2File(directory),
                ClaimLocking.serialized(), false);
    }

    /** Each store its own budget of rows in flight. */
    private static ClaimLocking mysqlClaims() {
        return ClaimLocking.skipLocked(CLAIM_ROWS_IN_FLIGHT, Duration.ofSeconds(30));
    }

    /**
     * Fails with a message naming the artifact to add when a JDBC driver is not on the class path: the adapter
     * declares both drivers optional, so a user of one store does not carry the other's.
     */
    static void requireDriver(String driverClass, String artifact, String what) {
        try {
            Class.forName(driverClass, false, DatasetStores.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(what + " needs the JDBC driver " + artifact + " on the class path: add that"
                    + " dependency (see the README, \"Embedding in Java\")");
        }
    }

    /**
     * The URL of the H2 file under {@code directory}. WRITE_DELAY=0: a commit reaches the file before it is
     * acknowledged (H2's default delay lost acknowledged writes when the process was killed).
     */
    static String h2Url(Path directory) {
        return "jdbc:h2:file:" + h2File(directory) + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE"
                + ";NON_KEYWORDS=VALUE,YEAR,MONTH,DAY,USER;LOCK_TIMEOUT=10000;WRITE_DELAY=0";
    }

    private static Path h2File(Path directory) {
        return directory.toAbsolutePath().resolve("datasets");
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

    private static MyBatisDatasetStore open(DataSource dataSource, AutoCloseable closer, Map<String, String> placeholders,
                                            String description, ClaimLocking claims, boolean mysql) {
        Configuration configuration = new Configuration(new Environment("datasets", new JdbcTransactionFactory(), dataSource));
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.setCacheEnabled(false);
        configuration.setVariables(Columns.variables());
        configuration.getTypeHandlerRegistry().register(Instant.class, new UtcInstantTypeHandler());
        configuration.getTypeHandlerRegistry().register(TrajectoryId.class, IdTypeHandlers.trajectoryIds());
        configuration.getTypeHandlerRegistry().register(RunId.class, IdTypeHandlers.runIds());
        configuration.getTypeHandlerRegistry().register(TaskId.class, IdTypeHandlers.taskIds());
        configuration.getTypeHandlerRegistry().register(IdempotencyKey.class, new IdTypeHandlers.Ids<>(IdempotencyKey::of, IdempotencyKey::value));
        configuration.getTypeHandlerRegistry().register(Optional.class, new IdTypeHandlers.OptionalRunIds());
        configuration.addMapper(TrajectoryMapper.class);
        configuration.addMapper(PauseMapper.class);
        configuration.addMapper(CheckpointMapper.class);
        configuration.addMapper(OverviewMapper.class);
        configuration.addMapper(UsageEventMapper.class);
        configuration.addMapper(LeaseMapper.class);
        configuration.addMapper(AnswerMapper.class);
        SqlSessionFactory sessions = new SqlSessionFactoryBuilder().build(configuration);
        return new MyBatisDatasetStore(sessions, new StoreResources(dataSource, closer, placeholders, description, mysql), claims, Clock.systemUTC());
    }
}
