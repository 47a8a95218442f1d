package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryChanges;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.domain.usage.UseResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import static dev.trajectorydatasets.domain.DatasetFixtures.T0;
import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static dev.trajectorydatasets.domain.DatasetFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link DatasetPort} promises. Each store's test extends this unchanged. Tests share one store and
 * never collide: each uses run and trajectory ids of its own; only {@link #freshStore()} tests see an empty one.
 */
public abstract class DatasetPortContract {

    /** The store under test; may hold other tests' records. */
    protected abstract DatasetPort store();

    /** A store with no records at all. */
    protected abstract DatasetPort freshStore();

    /** {@link #store()} (the same records) timed by {@code clock}: leases run out when the test says. */
    protected abstract DatasetPort storeAt(Clock clock);

    private static Trajectory usedTimes(Trajectory dataset, int used) {
        return TrajectoryChanges.none().withUsed(used).applyTo(dataset);
    }

    private Trajectory create(NewTrajectory dataset) {
        return store().trajectories().create(dataset);
    }

    private List<String> trajectoryIds(List<Trajectory> datasets) {
        return datasets.stream().map(d -> d.trajectoryId().value()).toList();
    }

    private List<Trajectory> createRun(String run, int size) {
        List<NewTrajectory> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(aDataset().withRunId(run).used(i % 5).withModelVersion(i % 3).createdAt(T0.plusSeconds(i)).build());
        }
        return store().trajectories().createAll(batch);
    }

    /** Tasks, rewards, attributes, checkpoints and group claims, in a file of their own. */
    @Nested
    class TasksAndGroups extends TaskGroupContract {
        @Override
        protected DatasetPort store() {
            return DatasetPortContract.this.store();
        }
    }

    /** The usage history, in a file of its own. */
    @Nested
    class History extends UsageHistoryContract {
        @Override
        protected DatasetPort store() {
            return DatasetPortContract.this.store();
        }
    }

    /** A run's timeline and used histogram, in a file of their own. */
    @Nested
    class Timelines extends RunTimelineContract {
        @Override
        protected DatasetPort storeAt(Clock clock) {
            return DatasetPortContract.this.storeAt(clock);
        }
    }

    /** Leases, in a file of their own. */
    @Nested
    class Leases extends LeaseContract {
        @Override
        protected DatasetPort storeAt(Clock clock) {
            return DatasetPortContract.this.storeAt(clock);
        }
    }

    /** What a run holds, and deleting it whole, in a file of their own. */
    @Nested
    class RunDeletion extends RunDeletionContract {
        @Override
        protected DatasetPort store() {
            return DatasetPortContract.this.store();
        }
    }

    /** Backups: records with their history, checkpoints with their versions, in a file of their own. */
    @Nested
    class Backups extends BackupContract {
        @Override
        protected DatasetPort store() {
            return DatasetPortContract.this.store();
        }
    }

    /** Paused runs, in a file of their own. */
    @Nested
    class ConsumerGroups extends ConsumerGroupContract {
        @Override
        protected DatasetPort store() {
            return DatasetPortContract.this.store();
        }
    }

    @Nested
    class RunPauses extends RunPauseContract {
        @Override
        protected DatasetPort store() {
            return DatasetPortContract.this.store();
        }
    }

    /** Idempotency keys, in a file of their own. */
    @Nested
    class Idempotency extends IdempotencyContract {
        @Override
        protected DatasetPort store() {
            return DatasetPortContract.this.store();
        }
    }

    @Nested
    class Creating {

        @Test
        void a_created_record_has_an_id_and_can_be_read_back_by_id_and_by_trajectory_id() {
            NewTrajectory draft = aDataset().withRunId(unique("run")).used(2).withModelVersion(7).build();

            Trajectory created = create(draft);

            assertTrue(created.id() > 0);
            assertEquals(draft.stored(created.id()), created);
            assertEquals(Optional.of(created), store().trajectories().findById(created.id()));
            assertEquals(Optional.of(created), store().trajectories().findByTrajectoryId(draft.trajectoryId()));
        }

        @Test
        void a_record_may_have_no_run() {
            Trajectory created = create(aDataset().build());

            assertEquals(Optional.empty(), store().trajectories().findById(created.id()).orElseThrow().runId());
        }

        @Test
        void created_at_comes_back_as_the_same_instant_to_the_microsecond() {
            Trajectory created = create(aDataset().createdAt(T0).build());

            assertEquals(T0, store().trajectories().findById(created.id()).orElseThrow().createdAt());
        }

        @Test
        void a_duplicate_trajectory_id_is_rejected_by_name_and_the_first_record_is_untouched() {
            Trajectory first = create(aDataset().withRunId(unique("run")).build());

            DuplicateTrajectoryException error = assertThrows(DuplicateTrajectoryException.class,
                    () -> create(aDataset().withTrajectoryId(first.trajectoryId()).withRunId(unique("run")).used(9).build()));

            assertEquals(List.of(first.trajectoryId()), error.trajectoryIds());
            assertEquals("trajectory_id '" + first.trajectoryId() + "' already exists", error.getMessage());
            assertEquals(Optional.of(first), store().trajectories().findByTrajectoryId(first.trajectoryId()));
        }

        @Test
        void ids_are_exact_strings_case_and_emoji_included() {
            String base = unique("Traj");
            String emoji = "🚀".repeat(DatasetRules.MAX_ID_LENGTH - 15) + unique("e").substring(0, 15);
            String run = "运行_" + "🧪".repeat(200) + unique("r").substring(0, 15);

            Trajectory upper = create(aDataset().withTrajectoryId(base).build());
            Trajectory lower = create(aDataset().withTrajectoryId(base.toLowerCase()).build());
            Trajectory rocket = create(aDataset().withTrajectoryId(emoji).withRunId(run).build());

            assertTrue(upper.id() != lower.id());
            assertEquals(Optional.of(rocket), store().trajectories().findByTrajectoryId(TrajectoryId.of(emoji)));
            assertEquals(List.of(rocket), store().trajectories().find(TrajectoryFilter.ofRun(run), PageRequest.first()));
            assertEquals(DatasetRules.MAX_ID_LENGTH, emoji.codePointCount(0, emoji.length()));
        }

        @Test
        void sql_in_ids_is_stored_and_matched_as_plain_data() {
            String tag = unique("inj");
            String trajectory = tag + "'); DROP TABLE datasets; --";
            String run = tag + "' OR '1'='1";
            Trajectory created = create(aDataset().withTrajectoryId(trajectory).withRunId(run).build());
            create(aDataset().withRunId(tag + "_other").build());

            assertEquals(Optional.of(created), store().trajectories().findByTrajectoryId(TrajectoryId.of(trajectory)));
            assertEquals(List.of(created), store().trajectories().find(TrajectoryFilter.ofRun(run), PageRequest.first()));
            assertEquals(0, store().trajectories().count(TrajectoryFilter.ofRun(tag + "' OR 1=1 --")));
            assertEquals(0, store().trajectories().deleteByRunId(RunId.of("%")));
            assertEquals(Optional.empty(), store().trajectories().findByTrajectoryId(TrajectoryId.of(tag + "%")));
            assertEquals(1, store().trajectories().count(TrajectoryFilter.ofRun(run)));
        }

        @Test
        void a_batch_is_stored_whole_in_the_order_given() {
            String run = unique("run");

            List<Trajectory> created = createRun(run, 25);

            assertEquals(25, created.size());
            for (int i = 1; i < created.size(); i++) {
                assertTrue(created.get(i).id() > created.get(i - 1).id(), "ids ascend in the order given");
            }
            assertEquals(created, store().trajectories().find(TrajectoryFilter.ofRun(run), PageRequest.first()));
        }

        @Test
        void an_empty_batch_stores_nothing() {
            assertEquals(List.of(), store().trajectories().createAll(List.of()));
        }

        @Test
        void a_batch_repeating_an_id_names_it_and_stores_nothing() {
            String run = unique("run");
            NewTrajectory once = aDataset().withRunId(run).build();
            NewTrajectory other = aDataset().withRunId(run).build();

            DuplicateTrajectoryException error = assertThrows(DuplicateTrajectoryException.class,
                    () -> store().trajectories().createAll(List.of(once, other, once)));

            assertEquals(List.of(once.trajectoryId()), error.trajectoryIds());
            assertEquals(0, store().trajectories().count(TrajectoryFilter.ofRun(run)));
        }

        @Test
        void a_batch_clashing_with_stored_records_names_every_clash_and_stores_nothing() {
            String run = unique("run");
            Trajectory stored1 = create(aDataset().build());
            Trajectory stored2 = create(aDataset().build());
            List<NewTrajectory> batch = List.of(
                    aDataset().withRunId(run).build(),
                    aDataset().withRunId(run).withTrajectoryId(stored1.trajectoryId()).build(),
                    aDataset().withRunId(run).build(),
                    aDataset().withRunId(run).withTrajectoryId(stored2.trajectoryId()).build());

            DuplicateTrajectoryException error = assertThrows(DuplicateTrajectoryException.class,
                    () -> store().trajectories().createAll(batch));

            assertEquals(List.of(stored1.trajectoryId(), stored2.trajectoryId()), error.trajectoryIds());
            assertEquals(0, store().trajectories().count(TrajectoryFilter.ofRun(run)));
            assertEquals(Optional.of(stored1), store().trajectories().findById(stored1.id()));
        }

        @Test
        void a_batch_with_repeats_and_stored_ids_names_every_duplicate_once_in_request_order() {
            String run = unique("run");
            Trajectory stored = create(aDataset().build());
            NewTrajectory repeated = aDataset().withRunId(run).build();
            NewTrajectory clash = aDataset().withRunId(run).withTrajectoryId(stored.trajectoryId()).build();

            DuplicateTrajectoryException error = assertThrows(DuplicateTrajectoryException.class,
                    () -> store().trajectories().createAll(List.of(repeated, clash, aDataset().withRunId(run).build(), repeated, clash)));

            assertEquals(List.of(repeated.trajectoryId(), stored.trajectoryId()), error.trajectoryIds());
            assertEquals(0, store().trajectories().count(TrajectoryFilter.ofRun(run)));
            assertEquals(Optional.of(stored), store().trajectories().findById(stored.id()));
        }

        @Test
        void a_large_batch_is_stored_whole() {
            String run = unique("run");

            List<Trajectory> created = createRun(run, 2_500);

            assertEquals(2_500, store().trajectories().count(TrajectoryFilter.ofRun(run)));
            assertEquals(created.get(2_499), store().trajectories().findByTrajectoryId(created.get(2_499).trajectoryId()).orElseThrow());
        }
    }

    @Nested
    class Reading {

        @Test
        void bounds_at_the_edges_of_the_storable_range_compare_like_any_other() {
            String run = unique("run");
            createRun(run, 3);
            TrajectoryFilter inRun = TrajectoryFilter.ofRun(run);

            assertEquals(0, store().trajectories().count(inRun.createdAtOrAfter(DatasetRules.LATEST)));
            assertEquals(3, store().trajectories().count(inRun.createdAtOrBefore(DatasetRules.LATEST)));
            assertEquals(3, store().trajectories().count(inRun.createdAtOrAfter(DatasetRules.EARLIEST)));
            assertEquals(0, store().trajectories().count(inRun.createdAtOrBefore(DatasetRules.EARLIEST)));
        }

        @Test
        void a_run_query_sees_every_trajectory_of_the_run_once_in_id_order_past_many_pages() {
            String run = unique("run");
            List<Trajectory> all = createRun(run, 2_345);
            createRun(unique("other"), 3);

            List<Long> seen = store().overviews().fold(RunId.of(run), Collectors.mapping(Trajectory::id, Collectors.toList()));

            assertEquals(all.stream().map(Trajectory::id).toList(), seen);
            assertEquals(0L, store().overviews().fold(RunId.of(unique("none")), Collectors.counting()));
        }

        @Test
        void missing_records_are_empty_lookups() {
            assertEquals(Optional.empty(), store().trajectories().findById(Long.MAX_VALUE));
            assertEquals(Optional.empty(), store().trajectories().findByTrajectoryId(TrajectoryId.of(unique("missing"))));
        }

        @Test
        void offset_pages_split_a_run_without_skipping_or_repeating() {
            String run = unique("run");
            List<Trajectory> all = createRun(run, 10);
            TrajectoryFilter filter = TrajectoryFilter.ofRun(run);

            assertEquals(all.subList(0, 4), store().trajectories().find(filter, PageRequest.of(0, 4)));
            assertEquals(all.subList(4, 8), store().trajectories().find(filter, PageRequest.of(4, 4)));
            assertEquals(all.subList(8, 10), store().trajectories().find(filter, PageRequest.of(8, 4)));
            assertEquals(List.of(), store().trajectories().find(filter, PageRequest.of(10, 4)));
            assertEquals(all, store().trajectories().find(filter, PageRequest.of(0, 10)));
        }

        @Test
        void key_pages_start_after_the_given_id() {
            String run = unique("run");
            List<Trajectory> all = createRun(run, 7);
            TrajectoryFilter filter = TrajectoryFilter.ofRun(run);

            assertEquals(all.subList(0, 3), store().trajectories().find(filter, PageRequest.after(0, 3)));
            assertEquals(all.subList(3, 6), store().trajectories().find(filter, PageRequest.after(all.get(2).id(), 3)));
            assertEquals(all.subList(6, 7), store().trajectories().find(filter, PageRequest.after(all.get(5).id(), 3)));
            assertEquals(List.of(), store().trajectories().find(filter, PageRequest.after(all.get(6).id(), 3)));
        }

        @Test
        void listing_everything_pages_by_id_across_runs() {
            List<Trajectory> mine = new ArrayList<>(createRun(unique("run"), 3));
            mine.addAll(createRun(unique("run"), 3));
            long before = mine.get(0).id() - 1;

            List<Trajectory> page = store().trajectories().find(TrajectoryFilter.all(), PageRequest.after(before, 6));

            assertEquals(mine, page);
        }

        @Test
        void every_filter_bound_is_inclusive() {
            String run = unique("run");
            List<Trajectory> all = createRun(run, 15); // used = i % 5, model_version = i % 3, created_at = T0 + i s
            TrajectoryFilter inRun = TrajectoryFilter.ofRun(run);

            assertEquals(expected(all, d -> d.used() >= 2 && d.used() <= 3),
                    store().trajectories().find(inRun.usedAtLeast(2).usedAtMost(3), PageRequest.first()));
            assertEquals(expected(all, d -> d.modelVersion() == 1),
                    store().trajectories().find(inRun.modelVersionAtLeast(1).modelVersionAtMost(1), PageRequest.first()));
            assertEquals(all.subList(3, 6),
                    store().trajectories().find(inRun.createdAtOrAfter(T0.plusSeconds(3)).createdAtOrBefore(T0.plusSeconds(5)), PageRequest.first()));
            assertEquals(expected(all, d -> d.used() <= 1 && d.modelVersion() >= 1),
                    store().trajectories().find(inRun.usedAtMost(1).modelVersionAtLeast(1), PageRequest.first()));
            assertEquals(4, store().trajectories().count(inRun.usedAtLeast(2).usedAtMost(3).createdAtOrAfter(T0.plusSeconds(5))));
        }

        @Test
        void filters_apply_before_offset_and_limit() {
            String run = unique("run");
            List<Trajectory> all = createRun(run, 20);
            List<Trajectory> zeroUse = expected(all, d -> d.used() == 0);

            assertEquals(zeroUse.subList(1, 3), store().trajectories().find(TrajectoryFilter.ofRun(run).usedAtMost(0), PageRequest.of(1, 2)));
        }

        @Test
        void counting_a_run_and_an_unknown_run() {
            String run = unique("run");
            createRun(run, 12);

            assertEquals(12, store().trajectories().count(TrajectoryFilter.ofRun(run)));
            assertEquals(0, store().trajectories().count(TrajectoryFilter.ofRun(unique("run"))));
            assertTrue(store().trajectories().count(TrajectoryFilter.all()) >= 12);
        }

        @Test
        void usage_statistics_of_one_run() {
            String run = unique("run");
            create(aDataset().withRunId(run).used(1).build());
            create(aDataset().withRunId(run).used(2).build());
            create(aDataset().withRunId(run).used(6).build());

            assertEquals(new UsageStats(3, 3.0, 6, 1, 1), store().overviews().usageStats(Optional.of(RunId.of(run))));
            assertEquals(UsageStats.EMPTY, store().overviews().usageStats(Optional.of(RunId.of(unique("run")))));
        }

        @Test
        void usage_statistics_of_an_empty_store_are_zero_and_of_a_full_one_count_distinct_runs() {
            DatasetPort empty = freshStore();
            assertEquals(UsageStats.EMPTY, empty.overviews().usageStats(Optional.empty()));
            assertEquals(0, empty.trajectories().count(TrajectoryFilter.all()));

            empty.trajectories().create(aDataset().withRunId("a").used(0).build());
            empty.trajectories().create(aDataset().withRunId("a").used(3).build());
            empty.trajectories().create(aDataset().withRunId("b").used(4).build());
            empty.trajectories().create(aDataset().used(5).build());

            assertEquals(new UsageStats(4, 3.0, 5, 0, 2), empty.overviews().usageStats(Optional.empty()));
            assertEquals(4, empty.trajectories().count(TrajectoryFilter.all()));
        }

        private List<Trajectory> expected(List<Trajectory> all, java.util.function.Predicate<Trajectory> keep) {
            return all.stream().filter(keep).toList();
        }
    }

    @Nested
    class Updating {

        @Test
        void changes_apply_to_the_named_fields_only() {
            String run = unique("run");
            Trajectory created = create(aDataset().withRunId(run).used(1).withModelVersion(1).build());
            String newRun = unique("run");

            Trajectory updated = store().trajectories().update(created.trajectoryId(),
                    TrajectoryChanges.none().withUsed(15).withModelVersion(2).withRunId(newRun)).orElseThrow();

            assertEquals(new Trajectory(created.id(), created.trajectoryId(), created.createdAt(), 15, 2, Optional.of(RunId.of(newRun))), updated);
            assertEquals(Optional.of(updated), store().trajectories().findById(created.id()));
            assertEquals(0, store().trajectories().count(TrajectoryFilter.ofRun(run)));
            assertEquals(List.of(updated), store().trajectories().find(TrajectoryFilter.ofRun(newRun), PageRequest.first()));
        }

        @Test
        void a_run_can_be_cleared() {
            Trajectory created = create(aDataset().withRunId(unique("run")).build());

            Trajectory updated = store().trajectories().update(created.trajectoryId(), TrajectoryChanges.none().withoutRunId()).orElseThrow();

            assertEquals(Optional.empty(), updated.runId());
            assertEquals(created.used(), updated.used());
        }

        @Test
        void updating_a_missing_record_changes_nothing() {
            assertEquals(Optional.empty(), store().trajectories().update(TrajectoryId.of(unique("missing")), TrajectoryChanges.none().withUsed(3)));
        }

        @Test
        void setting_used_on_many_counts_the_records_found() {
            String run = unique("run");
            List<Trajectory> all = createRun(run, 5);
            List<TrajectoryId> ids = new ArrayList<>(all.subList(0, 3).stream().map(Trajectory::trajectoryId).toList());
            ids.add(TrajectoryId.of(unique("missing")));

            assertEquals(3, store().usage().setUsed(ids, 9));

            assertEquals(List.of(9, 9, 9, 3, 4),
                    store().trajectories().find(TrajectoryFilter.ofRun(run), PageRequest.first()).stream().map(Trajectory::used).toList());
        }

        @Test
        void setting_a_value_each_on_many_sets_each_its_own_and_counts_the_records_found() {
            String run = unique("run");
            List<Trajectory> all = createRun(run, 5);
            java.util.Map<TrajectoryId, Integer> values = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 4; i++) {
                values.put(all.get(i).trajectoryId(), 10 * i + 1);
            }
            values.put(TrajectoryId.of(unique("missing")), 7);

            assertEquals(4, store().usage().setUsedEach(values));

            assertEquals(List.of(1, 11, 21, 31, all.get(4).used()),
                    store().trajectories().find(TrajectoryFilter.ofRun(run), PageRequest.first()).stream().map(Trajectory::used).toList());
        }

        @Test
        void setting_a_value_each_inside_a_failed_unit_of_work_changes_nothing() {
            String run = unique("run");
            List<Trajectory> all = createRun(run, 3);

            assertThrows(IllegalStateException.class, () -> store().inTransaction(tx -> {
                tx.usage().setUsedEach(java.util.Map.of(all.get(0).trajectoryId(), 40, all.get(2).trajectoryId(), 42));
                throw new IllegalStateException("the caller gives up");
            }));

            assertEquals(all, store().trajectories().find(TrajectoryFilter.ofRun(run), PageRequest.first()));
        }
    }

    @Nested
    class Using {

        @Test
        void a_use_adds_to_used_and_returns_the_record_after() {
            Trajectory created = create(aDataset().used(2).build());

            UseResult result = store().usage().use(created.trajectoryId(), UsageLimit.by(3));

            assertEquals(UseResult.used(usedTimes(created, 5)), result);
            assertEquals(5, store().trajectories().findById(created.id()).orElseThrow().used());
        }

        @Test
        void a_use_that_would_pass_the_cap_changes_nothing() {
            Trajectory created = create(aDataset().used(2).build());

            assertEquals(UseResult.atLimit(created), store().usage().use(created.trajectoryId(), UsageLimit.by(2).cappedAt(3)));
            assertEquals(UseResult.used(usedTimes(created, 3)), store().usage().use(created.trajectoryId(), UsageLimit.onceBelow(3)));
            assertEquals(UseResult.atLimit(usedTimes(created, 3)), store().usage().use(created.trajectoryId(), UsageLimit.onceBelow(3)));
        }

        @Test
        void used_never_overflows() {
            Trajectory created = create(aDataset().used(Integer.MAX_VALUE - 1).build());

            assertEquals(UseResult.used(usedTimes(created, Integer.MAX_VALUE)), store().usage().use(created.trajectoryId(), UsageLimit.once()));
            assertEquals(UseResult.Outcome.AT_LIMIT, store().usage().use(created.trajectoryId(), UsageLimit.once()).outcome());
        }

        @Test
        void using_a_missing_record_says_so() {
            TrajectoryId missing = TrajectoryId.of(unique("missing"));
            assertEquals(UseResult.notFound(missing), store().usage().use(missing, UsageLimit.once()));
        }

        @Test
        void using_many_counts_each_listed_id_in_order_repeats_included() {
            Trajectory fresh = create(aDataset().used(0).build());
            Trajectory nearCap = create(aDataset().used(2).build());
            TrajectoryId missing = TrajectoryId.of(unique("missing"));

            List<UseResult> results = store().usage().useAll(
                    List.of(nearCap.trajectoryId(), fresh.trajectoryId(), missing, fresh.trajectoryId(), nearCap.trajectoryId()),
                    UsageLimit.onceBelow(3));

            assertEquals(List.of(UseResult.used(usedTimes(nearCap, 3)), UseResult.used(usedTimes(fresh, 1)),
                    UseResult.notFound(missing), UseResult.used(usedTimes(fresh, 2)), UseResult.atLimit(usedTimes(nearCap, 3))), results);
            assertEquals(2, store().trajectories().findById(fresh.id()).orElseThrow().used());
            assertEquals(3, store().trajectories().findById(nearCap.id()).orElseThrow().used());
        }
    }

    @Nested
    class Claiming {

        private List<Long> ids(List<Trajectory> datasets) {
            return datasets.stream().map(Trajectory::id).toList();
        }

        @Test
        void a_claim_takes_the_least_used_first_ties_by_id_and_counts_one_use_each() {
            String run = unique("run");
            Trajectory a = create(aDataset().withRunId(run).used(2).build());
            Trajectory b = create(aDataset().withRunId(run).used(0).build());
            Trajectory c = create(aDataset().withRunId(run).used(1).build());
            Trajectory d = create(aDataset().withRunId(run).used(0).build());

            List<Trajectory> claimed = store().claims().claim(ClaimRequest.of(3).inRun(run));

            assertEquals(List.of(usedTimes(b, 1), usedTimes(d, 1), usedTimes(c, 2)), claimed);
            assertEquals(2, store().trajectories().findById(a.id()).orElseThrow().used());
            assertEquals(2, store().trajectories().findById(c.id()).orElseThrow().used());
        }

        @Test
        void a_claim_without_a_run_takes_the_least_used_of_every_run_and_of_records_without_one() {
            DatasetPort fresh = freshStore();
            List<Trajectory> all = new java.util.ArrayList<>();
            int[][] usedByRun = {{2, 0, 3, 1}, {1, 1, 0, 4}, {0, 2, 2, 1}};
            for (int run = 0; run < usedByRun.length; run++) {
                for (int used : usedByRun[run]) {
                    all.add(fresh.trajectories().create(aDataset().withRunId("run-" + run).used(used).build()));
                }
            }
            all.add(fresh.trajectories().create(aDataset().used(0).build()));
            all.add(fresh.trajectories().create(aDataset().used(1).build()));

            List<Trajectory> claimed = fresh.claims().claim(ClaimRequest.of(7).usedBelow(2));

            List<Trajectory> expected = all.stream().filter(d -> d.used() < 2)
                    .sorted(ClaimOrder.LEAST_USED.reference().orElseThrow()).limit(7).toList();
            assertEquals(expected, claimed.stream().map(d -> usedTimes(d, d.used() - 1)).toList());
            assertEquals(all.stream().mapToInt(Trajectory::used).sum() + 7, fresh.overviews().usageStats(Optional.empty()).averageUsed() * all.size(), 1e-6);
        }

        @Test
        void oldest_and_newest_go_by_id() {
            String run = unique("run");
            List<Trajectory> all = createRun(run, 5);

            assertEquals(ids(all.subList(0, 2)), ids(store().claims().claim(ClaimRequest.of(2).inRun(run).ordered(ClaimOrder.OLDEST))));
            assertEquals(List.of(all.get(4).id(), all.get(3).id()), ids(store().claims().claim(ClaimRequest.of(2).inRun(run).ordered(ClaimOrder.NEWEST))));
        }

        @Test
        void only_eligible_records_are_taken_and_fewer_is_fine() {
            String run = unique("run");
            Trajectory fresh = create(aDataset().withRunId(run).used(1).withModelVersion(5).build());
            create(aDataset().withRunId(run).used(3).withModelVersion(5).build());
            create(aDataset().withRunId(run).used(0).withModelVersion(4).build());
            create(aDataset().withRunId(unique("run")).used(0).withModelVersion(9).build());

            List<Trajectory> claimed = store().claims().claim(ClaimRequest.of(10).inRun(run).usedBelow(3).modelVersionAtLeast(5));

            assertEquals(List.of(usedTimes(fresh, 2)), claimed);
            assertEquals(List.of(usedTimes(fresh, 3)), store().claims().claim(ClaimRequest.of(10).inRun(run).usedBelow(3).modelVersionAtLeast(5)));
            assertEquals(List.of(), store().claims().claim(ClaimRequest.of(10).inRun(run).usedBelow(3).modelVersionAtLeast(5)));
            assertEquals(List.of(), store().claims().claim(ClaimRequest.of(1).inRun(unique("empty"))));
        }

        @Test
        void every_order_takes_the_eligible_records_its_reference_puts_first() {
            for (ClaimOrder order : ClaimOrder.values()) {
                String run = unique("run");
                List<Trajectory> all = createRun(run, 12);
                Trajectory ineligible = create(aDataset().withRunId(run).used(7).build());

                List<Trajectory> claimed = store().claims().claim(ClaimRequest.of(5).inRun(run).usedBelow(5).ordered(order));

                List<Trajectory> before = claimed.stream().map(d -> usedTimes(d, d.used() - 1)).toList();
                List<Trajectory> expected = switch (order) {
                    case LEAST_USED, OLDEST, NEWEST -> all.stream().sorted(order.reference().orElseThrow()).limit(5).toList();
                    case RANDOM -> before;
                };
                assertEquals(expected, before, order.name());
                assertEquals(5, Set.copyOf(ids(claimed)).size(), order.name());
                assertTrue(all.containsAll(before), order.name() + " took a record that was not eligible");
                assertEquals(Optional.of(ineligible), store().trajectories().findById(ineligible.id()));
            }
        }

        @Test
        void random_takes_distinct_eligible_records_and_reaches_all_of_them() {
            String run = unique("run");
            List<Trajectory> all = createRun(run, 10);
            Set<Long> seen = new java.util.HashSet<>();

            // Until every record was taken once: a record whose random key sits just after others' is rarely among
            // the first 3 from a random point (SQL stores), so a fixed number of claims would make this a dice roll.
            int claims = 0;
            while (seen.size() < all.size() && claims < 5_000) {
                List<Trajectory> claimed = store().claims().claim(ClaimRequest.of(3).inRun(run).ordered(ClaimOrder.RANDOM));
                claims++;
                assertEquals(3, claimed.size());
                assertEquals(3, Set.copyOf(ids(claimed)).size());
                seen.addAll(ids(claimed));
            }

            assertEquals(Set.copyOf(ids(all)), seen);
            assertEquals(all.stream().mapToInt(Trajectory::used).sum() + 3 * claims, store().overviews().usageStats(Optional.of(RunId.of(run))).averageUsed() * 10, 1e-6);
        }

        @Test
        void a_claim_inside_a_failed_unit_of_work_counts_nothing() {
            String run = unique("run");
            Trajectory only = create(aDataset().withRunId(run).build());

            assertThrows(IllegalStateException.class, () -> store().inTransaction(tx -> {
                assertEquals(1, tx.claims().claim(ClaimRequest.of(5).inRun(run)).size());
                throw new IllegalStateException("trainer crashed before training");
            }));

            assertEquals(0, store().trajectories().findById(only.id()).orElseThrow().used());
        }
    }

    @Nested
    class Deleting {

        @Test
        void deleting_one_record_says_whether_it_existed() {
            Trajectory created = create(aDataset().build());

            assertTrue(store().trajectories().delete(created.trajectoryId()));
            assertFalse(store().trajectories().delete(created.trajectoryId()));
            assertEquals(Optional.empty(), store().trajectories().findById(created.id()));
        }

        @Test
        void deleting_a_run_counts_its_records_and_leaves_other_runs() {
            String run = unique("run");
            String other = unique("run");
            createRun(run, 6);
            createRun(other, 2);

            assertEquals(6, store().trajectories().deleteByRunId(RunId.of(run)));
            assertEquals(0, store().trajectories().deleteByRunId(RunId.of(run)));
            assertEquals(0, store().trajectories().count(TrajectoryFilter.ofRun(run)));
            assertEquals(2, store().trajectories().count(TrajectoryFilter.ofRun(other)));
        }
    }

    @Nested
    class UnitsOfWork {

        @Test
        void work_in_a_unit_commits_together() {
            String run = unique("run");

            List<Trajectory> created = store().inTransaction(tx -> {
                Trajectory a = tx.trajectories().create(aDataset().withRunId(run).build());
                Trajectory b = tx.trajectories().create(aDataset().withRunId(run).build());
                tx.trajectories().update(a.trajectoryId(), TrajectoryChanges.none().withUsed(4));
                return List.of(a, b);
            });

            assertEquals(2, store().trajectories().count(TrajectoryFilter.ofRun(run)));
            assertEquals(4, store().trajectories().findById(created.get(0).id()).orElseThrow().used());
        }

        @Test
        void a_unit_that_fails_halfway_leaves_nothing_behind() {
            String run = unique("run");
            Trajectory kept = create(aDataset().withRunId(run).used(1).build());
            Trajectory doomed = create(aDataset().withRunId(run).used(1).build());

            assertThrows(IllegalStateException.class, () -> store().inTransaction(tx -> {
                tx.trajectories().create(aDataset().withRunId(run).build());
                tx.trajectories().createAll(List.of(aDataset().withRunId(run).build(), aDataset().withRunId(run).build()));
                tx.trajectories().update(kept.trajectoryId(), TrajectoryChanges.none().withUsed(8).withRunId(unique("run")));
                tx.usage().use(kept.trajectoryId(), UsageLimit.once());
                tx.usage().setUsed(List.of(kept.trajectoryId()), 20);
                tx.trajectories().delete(doomed.trajectoryId());
                tx.trajectories().deleteByRunId(RunId.of(run));
                throw new IllegalStateException("trainer crashed");
            }));

            assertEquals(List.of(kept, doomed), store().trajectories().find(TrajectoryFilter.ofRun(run), PageRequest.first()));
        }

        @Test
        void a_duplicate_inside_a_unit_rolls_back_the_whole_unit() {
            String run = unique("run");
            Trajectory existing = create(aDataset().build());

            assertThrows(DuplicateTrajectoryException.class, () -> store().inTransaction(tx -> {
                tx.trajectories().create(aDataset().withRunId(run).build());
                return tx.trajectories().create(aDataset().withRunId(run).withTrajectoryId(existing.trajectoryId()).build());
            }));

            assertEquals(0, store().trajectories().count(TrajectoryFilter.ofRun(run)));
        }

        @Test
        void a_unit_sees_its_own_writes_and_nesting_joins_it() {
            String run = unique("run");

            long seen = store().inTransaction(tx -> {
                tx.trajectories().create(aDataset().withRunId(run).build());
                return tx.inTransaction(inner -> {
                    inner.trajectories().create(aDataset().withRunId(run).build());
                    return inner.trajectories().count(TrajectoryFilter.ofRun(run));
                });
            });

            assertEquals(2, seen);
        }
    }

    @Nested
    class UnderConcurrency {

        /** After every concurrency test: the record's used is the sum of its usage history. */
        private void assertHistoryExplainsUsed(TrajectoryId id) {
            int sum = store().history().events(UsageEventFilter.ofTrajectory(id), KeyPage.first(PageRequest.MAX_LIMIT)).stream()
                    .mapToInt(UsageEvent::change).sum();
            assertEquals(store().trajectories().findByTrajectoryId(id).orElseThrow().used(), sum, "history of " + id);
        }


        private static final int THREADS = 16;

        @Test
        void of_sixteen_threads_creating_one_trajectory_exactly_one_wins() throws Exception {
            String id = unique("contested");
            List<Callable<Boolean>> attempts = IntStream.range(0, THREADS).<Callable<Boolean>>mapToObj(i -> () -> {
                try {
                    store().trajectories().create(aDataset().withTrajectoryId(id).used(i).build());
                    return true;
                } catch (DuplicateTrajectoryException expected) {
                    assertEquals(List.of(TrajectoryId.of(id)), expected.trajectoryIds());
                    return false;
                }
            }).toList();

            List<Boolean> outcomes = Together.run(attempts);

            assertEquals(1, outcomes.stream().filter(won -> won).count());
            assertTrue(store().trajectories().findByTrajectoryId(TrajectoryId.of(id)).isPresent());
        }

        @Test
        void no_increment_is_lost_when_sixteen_threads_use_one_record() throws Exception {
            Trajectory created = create(aDataset().build());
            int perThread = 25;
            List<Callable<Boolean>> users = IntStream.range(0, THREADS).<Callable<Boolean>>mapToObj(i -> () -> {
                for (int n = 0; n < perThread; n++) {
                    assertEquals(UseResult.Outcome.USED, store().usage().use(created.trajectoryId(), UsageLimit.once()).outcome());
                }
                return true;
            }).toList();

            Together.run(users);

            assertEquals(THREADS * perThread, store().trajectories().findById(created.id()).orElseThrow().used());
            assertHistoryExplainsUsed(created.trajectoryId());
        }

        @Test
        void sixteen_claimers_share_fifty_records_capped_at_three_without_losing_or_exceeding_a_use() throws Exception {
            String run = unique("run");
            List<Trajectory> records = createRun(run, 50);
            store().usage().setUsed(records.stream().map(Trajectory::trajectoryId).toList(), 0);
            List<Callable<List<Trajectory>>> claimers = IntStream.range(0, THREADS).<Callable<List<Trajectory>>>mapToObj(i -> () -> {
                List<Trajectory> mine = new ArrayList<>();
                while (true) {
                    List<Trajectory> claimed = store().claims().claim(ClaimRequest.of(4).inRun(run).usedBelow(3)
                            .ordered(i % 2 == 0 ? ClaimOrder.LEAST_USED : ClaimOrder.RANDOM));
                    assertEquals(claimed.size(), claimed.stream().map(Trajectory::id).distinct().count(), "a claim repeated a record");
                    claimed.forEach(d -> assertTrue(d.used() <= 3, "past the cap: " + d));
                    if (claimed.isEmpty()) {
                        return mine;
                    }
                    mine.addAll(claimed);
                }
            }).toList();

            List<List<Trajectory>> results = Together.run(claimers);

            assertEquals(150, results.stream().mapToInt(List::size).sum());
            for (Trajectory record : records) {
                assertEquals(3, store().trajectories().findById(record.id()).orElseThrow().used());
                assertHistoryExplainsUsed(record.trajectoryId());
            }
            assertEquals(List.of(), store().claims().claim(ClaimRequest.of(50).inRun(run).usedBelow(3)));
        }

        @Test
        void concurrent_claims_in_every_order_come_back_full_while_enough_is_eligible() throws Exception {
            for (ClaimOrder order : ClaimOrder.values()) {
                String run = unique("run");
                List<NewTrajectory> batch = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    batch.add(aDataset().withRunId(run).build());
                }
                store().trajectories().createAll(batch);
                List<Callable<List<Integer>>> claimers = IntStream.range(0, 8).<Callable<List<Integer>>>mapToObj(i -> () -> {
                    List<Integer> sizes = new ArrayList<>();
                    for (int n = 0; n < 10; n++) {
                        sizes.add(store().claims().claim(ClaimRequest.of(10).inRun(run).usedBelow(1).ordered(order)).size());
                    }
                    return sizes;
                }).toList();

                List<List<Integer>> sizes = Together.run(claimers);

                assertEquals(List.of(80), List.of(sizes.stream().flatMap(List::stream).filter(size -> size == 10).toList().size()),
                        order + ": every claim must be full, got " + sizes);
                assertEquals(800, store().trajectories().count(TrajectoryFilter.ofRun(run).usedAtLeast(1)), order.name());
            }
        }

        @Test
        void batches_of_uses_of_the_same_records_in_opposite_orders_all_succeed_and_count_exactly() throws Exception {
            List<Trajectory> records = createRun(unique("run"), 200);
            List<TrajectoryId> forward = records.stream().map(Trajectory::trajectoryId).toList();
            List<TrajectoryId> backward = new ArrayList<>(forward);
            java.util.Collections.reverse(backward);
            List<Callable<Boolean>> users = IntStream.range(0, 8).<Callable<Boolean>>mapToObj(i -> () -> {
                for (int n = 0; n < 5; n++) {
                    store().usage().useAll(i % 2 == 0 ? forward : backward, UsageLimit.once());
                }
                return true;
            }).toList();

            Together.run(users);

            for (Trajectory record : records) {
                assertEquals(record.used() + 40, store().trajectories().findById(record.id()).orElseThrow().used());
                assertHistoryExplainsUsed(record.trajectoryId());
            }
        }

        @Test
        void no_use_passes_the_cap_when_sixteen_threads_compete() throws Exception {
            Trajectory created = create(aDataset().build());
            int cap = 37;
            List<Callable<Boolean>> users = IntStream.range(0, THREADS).<Callable<Boolean>>mapToObj(i -> () -> {
                int granted = 0;
                for (int n = 0; n < 5; n++) {
                    if (store().usage().use(created.trajectoryId(), UsageLimit.onceBelow(cap)).outcome() == UseResult.Outcome.USED) {
                        granted++;
                    }
                }
                return granted > 0;
            }).toList();

            Together.run(users);

            assertEquals(cap, store().trajectories().findById(created.id()).orElseThrow().used());
            assertHistoryExplainsUsed(created.trajectoryId());
        }
    }
}
