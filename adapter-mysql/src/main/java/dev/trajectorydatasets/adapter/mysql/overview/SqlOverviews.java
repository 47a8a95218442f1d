package dev.trajectorydatasets.adapter.mysql.overview;

import dev.trajectorydatasets.adapter.mysql.checkpoint.CheckpointMapper;
import dev.trajectorydatasets.adapter.mysql.claim.GroupClaims;
import dev.trajectorydatasets.adapter.mysql.claim.ConsumerGroupMembers;
import dev.trajectorydatasets.adapter.mysql.claim.RecordMembers;
import dev.trajectorydatasets.adapter.mysql.claim.Members;
import dev.trajectorydatasets.adapter.mysql.claim.MemberTally;
import dev.trajectorydatasets.adapter.mysql.shared.BulkStatements;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRows;
import dev.trajectorydatasets.adapter.mysql.shared.ConsumerGroupRuns;
import dev.trajectorydatasets.adapter.mysql.shared.OneStatement;
import dev.trajectorydatasets.adapter.mysql.shared.SqlContext;
import dev.trajectorydatasets.adapter.mysql.shared.TrajectoryRowMapper;
import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.claim.GroupRules;
import dev.trajectorydatasets.domain.overview.Folding;
import dev.trajectorydatasets.domain.overview.ModelVersionSummary;
import dev.trajectorydatasets.domain.overview.OverviewStore;
import dev.trajectorydatasets.domain.overview.RunContents;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.overview.RunTimeline;
import dev.trajectorydatasets.domain.overview.TaskSummary;
import dev.trajectorydatasets.domain.overview.TimeBuckets;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.domain.overview.UsedCount;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageKind;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalInt;
import java.util.stream.Collector;

import static dev.trajectorydatasets.adapter.mysql.shared.SqlContext.sql;

/**
 * Summaries counted in the database: a request's memory follows its page, not the table.
 */
public final class SqlOverviews implements OverviewStore {

    private static final TrajectoryRowMapper ROWS = TrajectoryRowMapper.INSTANCE;

    private final SqlContext context;
    private final CheckpointMapper checkpointMapper;
    private final RecordMembers records;
    private final OverviewMapper overviewMapper;

    public SqlOverviews(SqlContext context) {
        this.context = context;
        this.checkpointMapper = context.mapper(CheckpointMapper.class);
        this.records = new RecordMembers(context);
        this.overviewMapper = context.mapper(OverviewMapper.class);
    }

    @Override
    @OneStatement
    public UsageStats usageStats(Optional<RunId> runId) {
        if (!context.origin.group().isDefault()) {
            RunId run = runId.orElseThrow(() -> new InvalidInputException("runId", "statistics in consumer group "
                    + context.origin.group() + " name their run"));
            return sql(() -> {
                OptionalInt group = ConsumerGroupRuns.find(context.connection(), run, context.origin.group());
                if (group.isEmpty()) {
                    UsageStats records = ROWS.toStats(overviewMapper.usageStats(runId));
                    return UsageStats.of(records.totalCount(), 0, 0, 0, records.uniqueRuns());
                }
                long[] totals = ConsumerGroupRows.totals(context.connection(), group.getAsInt());
                return UsageStats.of(totals[0], totals[1], (int) totals[2], (int) totals[3], Math.min(1, totals[0]));
            });
        }
        return sql(() -> ROWS.toStats(overviewMapper.usageStats(runId)));
    }

    @Override
    public List<RunSummary> runs(KeyPage<RunId> page) {
        return sql(() -> {
            List<OverviewRows.RunRow> rows = overviewMapper.runs(page);
            if (rows.isEmpty()) {
                return List.of();
            }
            Map<RunId, Integer> newest = new HashMap<>();
            checkpointMapper.newestCheckpoints(rows.stream().map(row -> row.runId).toList())
                    .forEach(row -> newest.put(row.runId, row.version));
            if (!context.origin.group().isDefault()) {
                // The unused records and uses of the consumer group (none used in a run where it is not declared).
                for (OverviewRows.RunRow row : rows) {
                    OptionalInt group = ConsumerGroupRuns.find(context.connection(), row.runId, context.origin.group());
                    long[] totals = group.isPresent() ? ConsumerGroupRows.totals(context.connection(), group.getAsInt()) : new long[5];
                    row.unused = row.trajectories - totals[4];
                    row.totalUses = totals[1];
                }
            }
            return rows.stream().map(row -> new RunSummary(row.runId, row.trajectories, row.unused, row.totalUses,
                    row.newestModelVersion, newest.containsKey(row.runId) ? OptionalInt.of(newest.get(row.runId)) : OptionalInt.empty(),
                    row.firstCreatedAt, row.lastCreatedAt)).toList();
        });
    }

    @Override
    public List<TaskSummary> tasks(RunId runId, GroupCriteria criteria, KeyPage<TaskId> page) {
        return sql(() -> {
            List<OverviewRows.TaskRow> rows = overviewMapper.taskTotals(runId, page);
            if (rows.isEmpty()) {
                return List.of();
            }
            GroupRules rules = GroupClaims.rules(records, runId, criteria);
            List<TaskId> tasks = rows.stream().map(row -> row.taskId).toList();
            // In a consumer group, its counts judge the members (a group not declared yet counts them all 0).
            Members members = records;
            Map<TaskId, Integer> leastUsed = new HashMap<>();
            if (!context.origin.group().isDefault()) {
                ConsumerGroupMembers group = new ConsumerGroupMembers(context, records,
                        ConsumerGroupRuns.find(context.connection(), runId, context.origin.group()).orElse(0));
                leastUsed = group.leastUsed(runId, tasks);
                members = group;
            }
            // Counted in the database: a request's memory follows the page of tasks, not how many members they have.
            Map<TaskId, MemberTally> eligible = new HashMap<>();
            if (!GroupClaims.admitsNothing(rules)) {
                members.memberTallies(runId, rules, GroupClaims.usedValues(rules), tasks, context.clock.instant())
                        .forEach(tally -> eligible.put(tally.taskId, tally));
            }
            MemberTally none = new MemberTally();
            Map<TaskId, Integer> least = leastUsed;
            return rows.stream().map(row -> {
                MemberTally tally = eligible.getOrDefault(row.taskId, none);
                return new TaskSummary(row.taskId, row.trajectories, tally.members,
                        rules.admitsTask(tally.members, tally.rewardSum == null ? 0 : tally.rewardSum, tally.positives),
                        OverviewRows.optional(row.meanReward), least.getOrDefault(row.taskId, row.leastUsed), row.newestModelVersion,
                        row.firstCreatedAt);
            }).toList();
        });
    }

    @Override
    @OneStatement
    public List<ModelVersionSummary> modelVersions(RunId runId) {
        return sql(() -> overviewMapper.modelVersions(runId).stream().map(OverviewRows.VersionRow::summary).toList());
    }

    @Override
    @OneStatement
    public RunTimeline timeline(RunId runId, TimeBuckets buckets) {
        DatasetRules.required("buckets", buckets);
        return sql(() -> {
            Instant start = buckets.start();
            Instant end = buckets.end();
            long seconds = buckets.width().getSeconds();
            RunTimeline.Tally tally = new RunTimeline.Tally(buckets);
            for (OverviewRows.BucketRow row : overviewMapper.createdPerBucket(runId, start, end, seconds)) {
                tally.created(row.bucket, row.n);
            }
            String group = BulkStatements.groupColumn(context.origin).orElse(null);
            for (OverviewRows.BucketRow row : overviewMapper.firstUsedPerBucket(runId, start, end, seconds, group)) {
                tally.firstUsed(row.bucket, row.n);
            }
            for (OverviewRows.BucketRow row : overviewMapper.usesPerBucket(runId, start, end, seconds, group)) {
                tally.counted(row.bucket, UsageKind.valueOf(row.kind), row.n);
            }
            return tally.timeline(runId);
        });
    }

    @Override
    @OneStatement
    public RunContents contents(RunId runId) {
        DatasetRules.required("runId", runId);
        return sql(() -> {
            OverviewRows.ContentsRow row = overviewMapper.contents(runId);
            return new RunContents(runId, row.trajectories, row.usageEvents, row.checkpoints, row.leases,
                    RunContents.newest(row.lastCreatedAt, row.lastUsedAt, row.lastCheckpointAt, row.lastLeaseAt));
        });
    }

    @Override
    @OneStatement
    public List<UsedCount> usedHistogram(RunId runId, KeyPage<Integer> page) {
        DatasetRules.required("page", page);
        if (!context.origin.group().isDefault()) {
            return sql(() -> {
                OptionalInt group = ConsumerGroupRuns.find(context.connection(), runId, context.origin.group());
                if (group.isEmpty()) {
                    long records = ROWS.toStats(overviewMapper.usageStats(Optional.of(runId))).totalCount();
                    return records == 0 || page.after().isPresent() ? List.<UsedCount>of() : List.of(new UsedCount(0, records));
                }
                return ConsumerGroupRows.histogram(context.connection(), group.getAsInt(), page.after().orElse(-1), page.limit()).stream()
                        .map(count -> new UsedCount((int) count[0], count[1])).toList();
            });
        }
        return sql(() -> overviewMapper.usedHistogram(runId, page).stream().map(OverviewRows.UsedRow::count).toList());
    }

    /** The run read by {@link BulkStatements#eachOfRun}, in keyed pages, into the query's fold. */
    @Override
    public <R> R fold(RunId runId, Collector<Trajectory, ?, R> query) {
        DatasetRules.required("query", query);
        DatasetRules.required("runId", runId);
        return sql(() -> {
            Folding<R> folding = Folding.of(query);
            BulkStatements.eachOfRun(context.connection(), runId, folding::add);
            return folding.result();
        });
    }
}
