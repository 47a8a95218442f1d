package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;
import dev.trajectorydatasets.domain.usage.UsageKind;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Upgrading a database that the previous version (schema 3) filled: the rows it wrote stay exactly as they were,
 * read back without task, reward or attributes, start their usage history with a BASELINE event of their used,
 * and take part in everything new.
 */
class MigrationTest {

    private static final String ROWS = "SELECT id, trajectory_id, created_at, used, model_version, run_id, claim_key FROM datasets ORDER BY id";

    @Test
    void rows_written_by_schema_3_survive_the_upgrade_unchanged_and_work_with_tasks() throws Exception {
        MariaDbServer server = MariaDbServer.required();
        String schema = server.createSchema();
        try {
            MySqlSettings settings = server.settings(schema);
            Flyway.configure().dataSource(server.urlFor(schema), settings.user(), settings.password()).locations("classpath:db/migration")
                    .placeholders(Map.of("id_type", DatasetStores.MYSQL_ID, "table_options", DatasetStores.MYSQL_TABLE))
                    .target("3").load().migrate();
            try (Connection connection = server.connect(schema);
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO datasets (trajectory_id, created_at, used, model_version, run_id, claim_key) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 50; i++) {
                    insert.setString(1, "old_" + i);
                    insert.setString(2, "2026-11-2" + (i % 9) + " 10:00:00.123456");
                    insert.setInt(3, i % 3);
                    insert.setInt(4, i % 4);
                    insert.setString(5, i % 5 == 0 ? null : "old_run");
                    insert.setInt(6, 1000 + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            List<List<Object>> before = rows(server, schema);

            try (MyBatisDatasetStore store = DatasetStores.mysql(server.settings(schema))) {
                store.migrate();

                assertEquals(before, rows(server, schema), "the upgrade rewrote no value of any row");
                List<Trajectory> old = store.trajectories().find(TrajectoryFilter.ofRun("old_run"), PageRequest.first(100));
                assertEquals(40, old.size());
                for (Trajectory record : old) {
                    List<UsageEvent> history = store.history().events(UsageEventFilter.ofTrajectory(record.trajectoryId()), KeyPage.first(10));
                    assertEquals(record.used(), history.stream().mapToInt(UsageEvent::change).sum(), "a BASELINE event explains the old used");
                    history.forEach(event -> assertEquals(UsageKind.BASELINE, event.kind()));
                }
                old.forEach(record -> {
                    assertEquals(Optional.empty(), record.taskId());
                    assertEquals(OptionalDouble.empty(), record.reward());
                    assertEquals(Optional.empty(), record.attributes());
                });
                for (int i = 0; i < 8; i++) {
                    store.trajectories().update(old.get(i).trajectoryId(), TrajectoryChanges.none().withTaskId(TaskId.of("task_" + i / 4))
                            .withReward(1).withUsed(0));
                }
                assertEquals(8, store.claims().claimGroups(GroupClaimRequest.of("old_run", GroupCriteria.ofSize(4), 2)).members().size());
            }
        } finally {
            server.drop(schema);
        }
    }

    private static List<List<Object>> rows(MariaDbServer server, String schema) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection connection = server.connect(schema);
             ResultSet result = connection.createStatement().executeQuery(ROWS)) {
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= 7; column++) {
                    row.add(result.getObject(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
