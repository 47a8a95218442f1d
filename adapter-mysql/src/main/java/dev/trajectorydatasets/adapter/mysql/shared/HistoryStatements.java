package dev.trajectorydatasets.adapter.mysql.shared;

import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The usage history as backups and re-rolls read and write it, in plain JDBC (the bulk paths of {@link BulkStatements}). */
public final class HistoryStatements {

    private HistoryStatements() {
    }

    /**
     * Writes usage events as a backup holds them (a restore): {@code events.get(i)} belongs to the record whose store id
     * is {@code datasetIds.get(i)}; times, kinds, keys and consumers kept, event ids new in the order given.
     */
    public static void insertHistory(Connection connection, List<Long> datasetIds, List<UsageEvent> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(BulkStatements.INSERT_EVENT)) {
            List<Integer> rows = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                rows.add(i);
            }
            BulkStatements.executeBatched(insert, rows, i -> {
                UsageEvent event = events.get(i);
                insert.setLong(1, datasetIds.get(i));
                BulkStatements.text(insert, 2, event.runId().map(RunId::value));
                insert.setInt(3, event.change());
                insert.setString(4, event.kind().name());
                insert.setString(5, UtcInstantTypeHandler.toWire(event.at()));
                BulkStatements.text(insert, 6, event.idempotencyKey().map(IdempotencyKey::value));
                BulkStatements.text(insert, 7, event.consumer());
                BulkStatements.text(insert, 8, BulkStatements.groupColumn(event.group()));
            });
        }
    }

    /**
     * The usage events of the records with these ids (sorted), by record then event, read 1,000 records a statement
     * through {@code idx_events_dataset}; {@code trajectoryOf} names each record's trajectory (no join needed).
     */
    public static List<UsageEvent> historyOf(Connection connection, List<Long> ids, Function<Long, TrajectoryId> trajectoryOf)
            throws SQLException {
        List<UsageEvent> events = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BulkStatements.CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + BulkStatements.CHUNK));
            try (PreparedStatement select = connection.prepareStatement("SELECT dataset_id, id, run_id, change_by, kind, occurred_at,"
                    + " idempotency_key, consumer, consumer_group FROM usage_events WHERE dataset_id IN (" + "?,".repeat(chunk.size() - 1) + "?)"
                    + " ORDER BY dataset_id, id")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        events.add(new UsageEvent(rows.getLong(2), trajectoryOf.apply(rows.getLong(1)),
                                Optional.ofNullable(rows.getString(3)).map(RunId::of), rows.getInt(4), UsageKind.valueOf(rows.getString(5)),
                                UtcInstantTypeHandler.read(rows, 6), Optional.ofNullable(rows.getString(7)).map(IdempotencyKey::of),
                                Optional.ofNullable(rows.getString(8)),
                                rows.getString(9) == null ? ConsumerGroup.DEFAULT : ConsumerGroup.of(rows.getString(9))));
                    }
                }
            }
        }
        return events;
    }

}
