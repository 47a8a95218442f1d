package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.shared.DataActivity;
import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.group.GroupSummary;
import dev.trajectorydatasets.domain.overview.RunSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Metrics about the data, next to the HTTP, pool and JVM ones: counters of what the use cases did (told by the
 * manager once committed, so a rolled-back or replayed request counts nothing) and gauges of each run's records and
 * unused records, read from the store every {@value #REFRESH_SECONDS} s by one background thread (not per scrape),
 * for the {@value #MAX_RUNS_SHOWN} runs with the newest records (a bound on label cardinality).
 */
public final class DataMetrics implements DataActivity, AutoCloseable {

    static final int REFRESH_SECONDS = 10;
    static final int MAX_RUNS_SHOWN = 100;
    /** Runs read per refresh at most (pages of 1,000), among which the newest are shown. */
    static final int MAX_RUNS_READ = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(DataMetrics.class);

    private final Counter created;
    private final Counter deleted;
    private final Counter used;
    private final Counter refused;
    private final Map<ClaimKind, Counter> claimsTaken = new EnumMap<>(ClaimKind.class);
    private final Map<ClaimKind, Counter> claimsEmpty = new EnumMap<>(ClaimKind.class);
    private final Map<ClaimKind, Counter> rowsClaimed = new EnumMap<>(ClaimKind.class);
    private final Map<Settlement, Counter> settledRows = new EnumMap<>(Settlement.class);
    private final MultiGauge runRecords;
    private final MultiGauge runUnused;
    private final MultiGauge groupUnused;
    private final MultiGauge groupUses;
    private ScheduledExecutorService refresher;

    /** Registers the counters (at 0) and the run gauges (empty until {@link #watchRuns}) in {@code registry}. */
    public DataMetrics(MeterRegistry registry) {
        created = Counter.builder("datasets_records_registered").description("records created (registered); not _created, a suffix Prometheus reserves").register(registry);
        deleted = Counter.builder("datasets_records_deleted").description("records deleted").register(registry);
        used = Counter.builder("datasets_uses").description("uses counted: uses, claims, group claims, lease acknowledgements")
                .register(registry);
        refused = Counter.builder("datasets_uses_refused").description("uses refused because the record was at its cap")
                .register(registry);
        for (ClaimKind kind : ClaimKind.values()) {
            String name = kind.name().toLowerCase(Locale.ROOT);
            claimsTaken.put(kind, Counter.builder("datasets_claims").tag("kind", name).tag("outcome", "taken")
                    .description("claims answered, by kind and whether they took rows").register(registry));
            claimsEmpty.put(kind, Counter.builder("datasets_claims").tag("kind", name).tag("outcome", "empty")
                    .description("claims answered, by kind and whether they took rows").register(registry));
            rowsClaimed.put(kind, Counter.builder("datasets_claimed_rows").tag("kind", name)
                    .description("rows taken by claims, by kind").register(registry));
        }
        for (Settlement settlement : Settlement.values()) {
            settledRows.put(settlement, Counter.builder("datasets_lease_settled_rows").tag("settlement", settlement.name().toLowerCase(Locale.ROOT))
                    .description("leased rows acknowledged (counted) or released").register(registry));
        }
        runRecords = MultiGauge.builder("datasets_run_records").description("records of a run (the runs with the newest records)")
                .register(registry);
        runUnused = MultiGauge.builder("datasets_run_unused_records").description("records of a run never used").register(registry);
        groupUnused = MultiGauge.builder("datasets_group_unused_records")
                .description("records of a run a consumer group has not used yet (its groups besides the default, shown runs only)").register(registry);
        groupUses = MultiGauge.builder("datasets_group_uses").description("uses a consumer group counted in a run").register(registry);
    }

    /** Starts refreshing the run gauges from {@code manager} every {@value #REFRESH_SECONDS} s, the first time now. */
    public synchronized void watchRuns(DatasetManager manager) {
        if (refresher != null) {
            throw new IllegalStateException("already watching");
        }
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "data-metrics");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(() -> refresh(manager), 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    /** Reads the runs once and sets the gauges (a failure keeps the previous values and is logged). */
    void refresh(DatasetManager manager) {
        try {
            List<RunSummary> runs = new ArrayList<>();
            KeyPage<RunId> page = KeyPage.first(1_000);
            while (runs.size() < MAX_RUNS_READ) {
                KeyedPage<RunSummary, RunId> read = manager.getRuns(page);
                runs.addAll(read.items());
                if (read.next().isEmpty()) {
                    break;
                }
                page = KeyPage.after(read.next().get(), 1_000);
            }
            List<RunSummary> shown = runs.stream().sorted(Comparator.comparing(RunSummary::lastCreatedAt).reversed()).limit(MAX_RUNS_SHOWN).toList();
            runRecords.register(shown.stream().map(run -> MultiGauge.Row.of(Tags.of("run_id", run.runId().value()), run.trajectories())).toList(), true);
            runUnused.register(shown.stream().map(run -> MultiGauge.Row.of(Tags.of("run_id", run.runId().value()), run.unused())).toList(), true);
            Set<RunId> grouped = new HashSet<>(manager.getConsumerGroupRuns());
            List<MultiGauge.Row<?>> unused = new ArrayList<>();
            List<MultiGauge.Row<?>> uses = new ArrayList<>();
            for (RunSummary run : shown) {
                if (grouped.contains(run.runId())) {
                    for (GroupSummary group : manager.getConsumerGroups(run.runId())) {
                        if (!group.group().isDefault()) {
                            Tags tags = Tags.of("run_id", run.runId().value(), "consumer_group", group.group().name());
                            unused.add(MultiGauge.Row.of(tags, group.unused()));
                            uses.add(MultiGauge.Row.of(tags, group.uses()));
                        }
                    }
                }
            }
            groupUnused.register(unused, true);
            groupUses.register(uses, true);
        } catch (RuntimeException e) {
            LOG.debug("run gauges not refreshed: {}", e.getMessage());
        }
    }

    @Override
    public void created(int records) {
        created.increment(records);
    }

    @Override
    public void deleted(int records) {
        deleted.increment(records);
    }

    @Override
    public void used(int uses) {
        used.increment(uses);
    }

    @Override
    public void refused(int trajectories) {
        refused.increment(trajectories);
    }

    @Override
    public void claimed(ClaimKind kind, int rows) {
        (rows == 0 ? claimsEmpty : claimsTaken).get(kind).increment();
        rowsClaimed.get(kind).increment(rows);
    }

    @Override
    public void settled(Settlement settlement, int rows) {
        settledRows.get(settlement).increment(rows);
    }

    /** Stops refreshing the run gauges. */
    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
