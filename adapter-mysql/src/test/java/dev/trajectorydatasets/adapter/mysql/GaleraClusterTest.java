package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.StoreUnavailableException;
import dev.trajectorydatasets.domain.TaskId;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.checkpoint.NewCheckpoint;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.claim.TaskGroup;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.LeaseTicket;
import dev.trajectorydatasets.domain.lease.Leased;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's guarantees across the three nodes of a Galera cluster (issue 17), one store per node on one database,
 * as three servers would be: counts exact and under their caps, claims and group claims disjoint, checkpoints
 * numbered without gaps or repeats, an idempotency key honoured once, a lease honoured everywhere. Galera
 * certifies at commit, so two nodes taking the same rows make one fail with a deadlock error: the store retries
 * such units (bounded, random waits). What is checked at the end is read with {@code wsrep_sync_wait=1}, so every
 * node has applied everything committed before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.extension.ExtendWith(GaleraCluster.DescribeOnFailure.class)
@org.junit.jupiter.api.Tag("galera")
class GaleraClusterTest {

    private GaleraCluster cluster;
    private final List<MyBatisDatasetStore> opened = new ArrayList<>();

    @BeforeAll
    void startCluster() {
        cluster = GaleraCluster.shared();
    }

    /** Each test's stores closed after it: 16 connections a store a node would otherwise pile up over the class. */
    @AfterEach
    void closeStores() {
        opened.forEach(MyBatisDatasetStore::close);
        opened.clear();
    }

    private String schema;

    /** One store per node on a new database, migrated through node 1. */
    private List<DatasetPort> storesOnEveryNode() {
        schema = cluster.createSchema();
        List<DatasetPort> stores = new ArrayList<>();
        for (int n = 1; n <= cluster.size(); n++) {
            MyBatisDatasetStore store = DatasetStores.mysql(cluster.settings(n, schema));
            opened.add(store);
            if (n == 1) {
                store.migrate();
            }
            stores.add(store);
        }
        cluster.awaitApplied(schema);
        return stores;
    }

    @Test
    void claims_through_three_nodes_count_every_row_exactly_up_to_its_cap() throws Exception {
        List<DatasetPort> stores = storesOnEveryNode();
        RunId run = RunId.of("cap");
        stores.get(0).trajectories().createAll(IntStream.range(0, 50).mapToObj(i -> row("c" + i, run, null)).toList());
        long conflictsBefore = cluster.conflicts();

        AtomicInteger counted = new AtomicInteger();
        together(16, t -> () -> {
            DatasetPort store = stores.get(t % stores.size());
            for (int empty = 0; empty < 3; ) {
                int taken = store.claims().claim(ClaimRequest.of(4).inRun(run).usedBelow(3)).size();
                counted.addAndGet(taken);
                empty = taken == 0 ? empty + 1 : 0;
            }
            return null;
        });

        assertEquals(150, counted.get(), "50 rows x cap 3, each use handed out once");
        assertEquals(List.of(150L, 3L, 3L), synced("SELECT SUM(used), MIN(used), MAX(used) FROM datasets WHERE run_id = 'cap'", stores));
        assertEquals(150L, synced("SELECT COUNT(*) FROM usage_events WHERE kind = 'CLAIM'", stores).get(0));
        System.out.printf("claims through 3 nodes: %d certification conflicts retried%n", cluster.conflicts() - conflictsBefore);
    }

    @Test
    void group_claims_through_three_nodes_take_each_task_once() throws Exception {
        List<DatasetPort> stores = storesOnEveryNode();
        RunId run = RunId.of("groups");
        stores.get(0).trajectories().createAll(IntStream.range(0, 120).mapToObj(i -> row("g" + i, run, "t" + i / 4)).toList());

        List<List<TaskGroup>> taken = together(9, t -> () -> {
            List<TaskGroup> mine = new ArrayList<>();
            DatasetPort store = stores.get(t % stores.size());
            for (int empty = 0; empty < 3; ) {
                GroupClaim claim = store.claims().claimGroups(GroupClaimRequest.of(run, GroupCriteria.ofSize(4).usedBelow(1), 2));
                mine.addAll(claim.groups());
                empty = claim.groups().isEmpty() ? empty + 1 : 0;
            }
            return mine;
        });

        Set<TaskId> tasks = new HashSet<>();
        long members = 0;
        for (List<TaskGroup> groups : taken) {
            for (TaskGroup group : groups) {
                assertTrue(tasks.add(group.taskId()), "task " + group.taskId() + " taken twice");
                members += group.items().size();
            }
        }
        assertEquals(30, tasks.size());
        assertEquals(120, members);
        assertEquals(List.of(120L, 1L), synced("SELECT SUM(used), MAX(used) FROM datasets WHERE run_id = 'groups'", stores));
    }

    @Test
    void checkpoints_registered_through_three_nodes_are_numbered_without_gaps_or_repeats() throws Exception {
        List<DatasetPort> stores = storesOnEveryNode();
        RunId run = RunId.of("ckpt");
        stores.get(0).checkpoints().register(new NewCheckpoint(run, "/c/initial", true, Instant.now()));

        List<List<Integer>> versions = together(9, t -> () -> {
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Checkpoint checkpoint = stores.get(t % stores.size()).checkpoints().register(new NewCheckpoint(run, "/c/" + t + "-" + i, false, Instant.now()));
                mine.add(checkpoint.version());
            }
            return mine;
        });

        List<Integer> all = versions.stream().flatMap(List::stream).sorted().toList();
        assertEquals(IntStream.rangeClosed(1, 45).boxed().toList(), all);
    }

    @Test
    void an_idempotency_key_used_through_three_nodes_at_once_counts_once() throws Exception {
        List<DatasetPort> stores = storesOnEveryNode();
        Trajectory record = stores.get(0).trajectories().create(row("k1", RunId.of("keys"), null));
        IdempotencyKey key = IdempotencyKey.of("step-7");

        List<Boolean> applied = together(6, t -> () -> stores.get(t % stores.size()).inTransaction(tx -> {
            if (tx.answers().reserve(key, "use k1", Instant.now()).isPresent()) {
                return false;
            }
            tx.usage().use(record.trajectoryId(), UsageLimit.once());
            tx.answers().complete(key, 200, "{}");
            return true;
        }));

        assertEquals(1, applied.stream().filter(Boolean::booleanValue).count(), "one request applied, the others found its answer");
        assertEquals(List.of(1L), synced("SELECT used FROM datasets WHERE trajectory_id = 'k1'", stores));
    }

    @Test
    void a_lease_taken_on_one_node_holds_on_the_others_and_its_ack_counts_once() throws Exception {
        List<DatasetPort> stores = storesOnEveryNode();
        RunId run = RunId.of("lease");
        stores.get(0).trajectories().createAll(IntStream.range(0, 8).mapToObj(i -> row("l" + i, run, null)).toList());
        Leased<List<Trajectory>> leased = stores.get(0).claims().leaseClaim(ClaimRequest.of(5).inRun(run), LeaseTerms.seconds(600));
        LeaseTicket ticket = leased.lease().orElseThrow();
        synced("SELECT 1", stores);

        List<Trajectory> others = stores.get(1).claims().claim(ClaimRequest.of(8).inRun(run));
        Set<Long> leasedIds = new HashSet<>(leased.taken().stream().map(Trajectory::id).toList());
        assertEquals(3, others.size(), "node 2 takes only the 3 rows the lease does not hold");
        others.forEach(row -> assertTrue(!leasedIds.contains(row.id())));

        List<Integer> acknowledged = together(3, t -> () -> stores.get(t).leases().acknowledge(ticket.id(), Optional.empty()).settled().size());
        assertEquals(5, acknowledged.stream().mapToInt(Integer::intValue).sum(), "the lease's 5 rows counted once, whichever node acked");
        assertEquals(List.of(8L, 1L), synced("SELECT SUM(used), MAX(used) FROM datasets WHERE run_id = 'lease'", stores));
    }

    private static NewTrajectory row(String trajectoryId, RunId run, String task) {
        return new NewTrajectory(TrajectoryId.of(trajectoryId), Optional.of(run), 0, 0, Instant.now(),
                Optional.ofNullable(task).map(TaskId::of), java.util.OptionalDouble.empty(), Optional.empty());
    }

    /** Runs {@code threads} tasks at once and returns their results; fails on the first failure of any. */
    private static <T> List<T> together(int threads, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(task.apply(t)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One row of numbers read on every node with {@code wsrep_sync_wait=1} (each node first applies all that was
     * committed anywhere before), after checking the nodes agree.
     */
    private List<Long> synced(String query, List<DatasetPort> stores) throws SQLException {
        List<Long> first = null;
        for (int n = 1; n <= cluster.size(); n++) {
            try (Connection connection = DriverManager.getConnection(cluster.url(n, schema), "root", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("SET SESSION wsrep_sync_wait = 1");
                try (ResultSet rows = statement.executeQuery(query)) {
                    assertTrue(rows.next());
                    List<Long> row = new ArrayList<>();
                    for (int c = 1; c <= rows.getMetaData().getColumnCount(); c++) {
                        row.add(rows.getLong(c));
                    }
                    if (first == null) {
                        first = row;
                    } else {
                        assertEquals(first, row, "node " + n + " disagrees");
                    }
                }
            }
        }
        return first;
    }
}
