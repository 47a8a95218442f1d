package dev.trajectorydatasets.adapter.mysql;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Where one store's connections come from and its schema: what it migrates, describes and closes. {@code closer}
 * closes what the store opened (its own pool), nothing for a caller's {@link DataSource}.
 */
final class StoreResources implements AutoCloseable {

    private final DataSource dataSource;
    private final AutoCloseable closer;
    private final Map<String, String> placeholders;
    private final String description;
    private final boolean mysql;

    StoreResources(DataSource dataSource, AutoCloseable closer, Map<String, String> placeholders, String description, boolean mysql) {
        this.dataSource = dataSource;
        this.closer = closer;
        this.placeholders = Map.copyOf(placeholders);
        this.description = description;
        this.mysql = mysql;
    }

    /** Whether the database is MySQL or MariaDB (not H2): which statements a unit of work may use. */
    boolean mysql() {
        return mysql;
    }

    /** What {@link #migrate()} would do; changes nothing. */
    MigrationPlan plan() {
        try {
            return SchemaTakeover.plan(dataSource, mysql);
        } catch (SQLException e) {
            throw new IllegalStateException("inspecting the schema failed", e);
        }
    }

    /**
     * Creates or updates the schema; converts the guide's table first when that is what the database holds. The
     * conversion runs under a MySQL named lock on a connection of its own (so it needs two connections: that one
     * and Flyway's), and servers starting together convert once: the second finds this project's schema.
     *
     * @throws SchemaRefusedException when the database holds something this project will not change
     */
    void migrate() {
        migrate(step -> {
        });
    }

    /** {@link #migrate()}, telling {@code progress} each step of a long copy (the adoption of the module's tables). */
    void migrate(Consumer<String> progress) {
        MigrationPlan plan = requireProceeding(plan());
        if (mysql && plan.kind() == MigrationPlan.Kind.GUIDE) {
            takeOver();
        }
        if (mysql && plan.kind() == MigrationPlan.Kind.MODULE) {
            adopt(progress);
        }
        flyway().load().migrate();
    }

    /**
     * Creates this project's schema beside the module's tables and copies their rows, under the same named lock as the
     * guide's conversion: servers starting together adopt once (the second waits, then finds the copy finished).
     */
    private void adopt(Consumer<String> progress) {
        try (Connection holder = dataSource.getConnection()) {
            lock(holder, "SELECT GET_LOCK('trajectory_datasets_migrate', 120)");
            try {
                if (requireProceeding(SchemaTakeover.plan(holder, true)).kind() == MigrationPlan.Kind.MODULE) {
                    flyway().baselineOnMigrate(true).baselineVersion("0").baselineDescription("beside the dart-gui module tables")
                            .load().migrate();
                    ModuleAdoption.copy(holder, progress);
                }
            } finally {
                lock(holder, "SELECT RELEASE_LOCK('trajectory_datasets_migrate')");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("adopting the module's tables failed", e);
        }
    }

    private void takeOver() {
        try (Connection holder = dataSource.getConnection()) {
            lock(holder, "SELECT GET_LOCK('trajectory_datasets_migrate', 120)");
            try {
                if (requireProceeding(SchemaTakeover.plan(holder, true)).kind() == MigrationPlan.Kind.GUIDE) {
                    SchemaTakeover.convert(holder);
                    flyway().baselineVersion("1").baselineDescription("converted from the guide table").load().baseline();
                }
            } finally {
                lock(holder, "SELECT RELEASE_LOCK('trajectory_datasets_migrate')");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("converting the guide's table failed", e);
        }
    }

    private static MigrationPlan requireProceeding(MigrationPlan plan) {
        if (!plan.canProceed()) {
            throw new SchemaRefusedException(plan);
        }
        return plan;
    }

    private static void lock(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
        }
    }

    private FluentConfiguration flyway() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(placeholders);
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + description + " failed", e);
        }
    }
}
