package dev.trajectorydatasets.adapter.mysql.group;

import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRows;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRuns;
import dev.trajectorydatasets.adapter.mysql.shared.OneStatement;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.group.ConsumerGroupStore;
import dev.trajectorydatasets.domain.group.GroupSummary;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;

/**
 * Consumer groups in SQL (issue 32): declared with a row per record of the run ({@link ConsumerGroupRows#declare}),
 * summed from those rows; the default group from the records' own {@code used}.
 */
public final class SqlConsumerGroups implements ConsumerGroupStore {

    private final SqlContext context;

    public SqlConsumerGroups(SqlContext context) {
        this.context = context;
    }

    @Override
    public GroupSummary declare(RunId run, ConsumerGroup group) {
        DatasetRules.required("run", run);
        return sql(() -> context.atomically(() -> {
            if (group.isDefault()) {
                return defaultSummary(run);
            }
            return summary(run, group, ConsumerGroupRuns.declare(context.connection(), context.dialect, run, group, context.clock.instant()));
        }));
    }

    @Override
    public Optional<GroupSummary> find(RunId run, ConsumerGroup group) {
        return sql(() -> {
            if (group.isDefault()) {
                return Optional.of(defaultSummary(run));
            }
            OptionalInt id = ConsumerGroupRuns.find(context.connection(), run, group);
            return id.isPresent() ? Optional.of(summary(run, group, id.getAsInt())) : Optional.empty();
        });
    }

    @Override
    @OneStatement
    public List<RunId> runs() {
        return sql(() -> ConsumerGroupRuns.runs(context.connection()));
    }

    @Override
    public List<GroupSummary> ofRun(RunId run) {
        return sql(() -> {
            List<GroupSummary> groups = new ArrayList<>();
            groups.add(defaultSummary(run));
            for (ConsumerGroupRuns.Group group : ConsumerGroupRuns.ofRun(context.connection(), run)) {
                groups.add(summary(run, group.group(), group.id()));
            }
            return List.copyOf(groups);
        });
    }

    @Override
    public boolean delete(RunId run, ConsumerGroup group) {
        if (group.isDefault()) {
            throw new InvalidInputException("consumerGroup", "the default group is the records' own count: it cannot be deleted");
        }
        return sql(() -> context.atomically(() -> {
            OptionalInt id = ConsumerGroupRuns.find(context.connection(), run, group);
            if (id.isEmpty()) {
                return false;
            }
            try (PreparedStatement leases = context.connection().prepareStatement("DELETE FROM leases WHERE run_id = ? AND consumer_group = ?")) {
                leases.setString(1, run.value());
                leases.setString(2, group.name());
                leases.executeUpdate();
            }
            return ConsumerGroupRuns.delete(context.connection(), context.dialect, run, id.getAsInt());
        }));
    }

    @Override
    public int deleteOfRun(RunId run) {
        return sql(() -> context.atomically(() -> {
            int deleted = 0;
            for (ConsumerGroupRuns.Group group : ConsumerGroupRuns.ofRun(context.connection(), DatasetRules.required("run", run))) {
                if (ConsumerGroupRuns.delete(context.connection(), context.dialect, run, group.id())) {
                    deleted++;
                }
            }
            return deleted;
        }));
    }

    private GroupSummary summary(RunId run, ConsumerGroup group, int id) throws SQLException {
        long[] totals = ConsumerGroupRows.totals(context.connection(), id);
        return new GroupSummary(run, group, totals[4], totals[0] - totals[4], totals[1]);
    }

    private GroupSummary defaultSummary(RunId run) throws SQLException {
        try (PreparedStatement select = context.connection().prepareStatement("SELECT COUNT(*), COALESCE(SUM(used), 0),"
                + " COALESCE(SUM(CASE WHEN used > 0 THEN 1 ELSE 0 END), 0) FROM datasets WHERE run_id = ?")) {
            select.setString(1, run.value());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                long used = rows.getLong(3);
                return new GroupSummary(run, ConsumerGroup.DEFAULT, used, rows.getLong(1) - used, rows.getLong(2));
            }
        }
    }
}
