package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.activity.ActivityMark;
import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupClaim;
import dev.trajectorydatasets.domain.claim.GroupClaimRequest;
import dev.trajectorydatasets.domain.claim.GroupCriteria;
import dev.trajectorydatasets.domain.lease.Lease;
import dev.trajectorydatasets.domain.lease.LeaseExpiredException;
import dev.trajectorydatasets.domain.lease.LeaseId;
import dev.trajectorydatasets.domain.lease.LeaseItem;
import dev.trajectorydatasets.domain.lease.LeaseItemState;
import dev.trajectorydatasets.domain.lease.LeaseNotFoundException;
import dev.trajectorydatasets.domain.lease.LeaseSettlement;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.LeaseTicket;
import dev.trajectorydatasets.domain.lease.Leased;
import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.activity.StoreActivity;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static dev.trajectorydatasets.domain.DatasetFixtures.T0;
import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static dev.trajectorydatasets.domain.DatasetFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every store promises about leases; part of {@link DatasetPortContract}. Time is a {@link MovableClock}, so
 * expiry is exact and nothing sleeps.
 */
public abstract class LeaseContract {

    /** The store under test, timed by {@code clock}. */
    protected abstract DatasetPort storeAt(Clock clock);

    private final MovableClock clock = new MovableClock();
    private static final LeaseTerms MINUTE = LeaseTerms.seconds(60);

    private DatasetPort store() {
        return storeAt(clock);
    }

    private List<Trajectory> run(String run, int size) {
        List<NewTrajectory> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(aDataset().withRunId(run).withTaskId("task-" + (i / 2)).rewarded(i % 2).createdAt(T0.plusSeconds(i)).build());
        }
        return store().trajectories().createAll(batch);
    }

    private static ClaimRequest oldest(String run, int count) {
        return ClaimRequest.of(count).inRun(run).usedBelow(1).ordered(ClaimOrder.OLDEST);
    }

    private static List<TrajectoryId> ids(List<Trajectory> records) {
        return records.stream().map(Trajectory::trajectoryId).toList();
    }

    private int used(Trajectory record) {
        return store().trajectories().findById(record.id()).orElseThrow().used();
    }

    private List<String> history(Trajectory record) {
        return store().history().events(UsageEventFilter.ofTrajectory(record.trajectoryId()), KeyPage.first(100)).stream()
                .map(e -> e.kind() + " " + e.change()).toList();
    }

    @Test
    void a_leased_row_is_counted_by_nobody_and_invisible_to_other_claims_and_group_claims() {
        String run = unique("run");
        List<Trajectory> rows = run(run, 4);

        Leased<List<Trajectory>> leased = store().claims().leaseClaim(oldest(run, 2), MINUTE);

        assertEquals(rows.subList(0, 2), leased.taken(), "taken as they are, used not counted");
        LeaseTicket ticket = leased.lease().orElseThrow();
        assertEquals(clock.instant().plusSeconds(60), ticket.expiresAt());
        assertEquals(List.of(0, 0), rows.subList(0, 2).stream().map(this::used).toList());
        assertEquals(GroupClaim.nothing(1), store().claims().claimGroups(GroupClaimRequest.of(RunId.of(run), GroupCriteria.ofSize(2), 2)),
                "the leased task is not eligible");
        assertEquals(ids(rows.subList(2, 4)), ids(store().claims().claim(ClaimRequest.of(10).inRun(run).usedBelow(5))));
        Lease lease = store().leases().find(ticket.id()).orElseThrow();
        assertEquals(List.of(LeaseItemState.HELD, LeaseItemState.HELD), lease.items().stream().map(LeaseItem::state).toList());
        assertEquals(Optional.of(RunId.of(run)), lease.runId());
        assertFalse(lease.expiredAt(clock.instant()));
    }

    @Test
    void acknowledging_counts_each_row_once_with_its_event_and_again_changes_nothing() {
        String run = unique("run");
        List<Trajectory> rows = run(run, 2);
        LeaseTicket ticket = store().attributedTo(UsageOrigin.consumer("trainer-1")).claims().leaseClaim(oldest(run, 2), MINUTE).lease().orElseThrow();

        LeaseSettlement first = store().leases().acknowledge(ticket.id(), Optional.empty());
        LeaseSettlement again = store().leases().acknowledge(ticket.id(), Optional.empty());

        assertEquals(List.of(1, 1), first.settled().stream().map(Trajectory::used).toList());
        assertEquals(List.of(), first.lost());
        assertEquals(List.of(), again.settled());
        assertEquals(ids(rows), again.unchanged());
        assertEquals(List.of(1, 1), rows.stream().map(this::used).toList());
        assertEquals(List.of("ACKNOWLEDGE 1"), history(rows.get(0)));
        assertEquals(List.of(LeaseItemState.ACKNOWLEDGED, LeaseItemState.ACKNOWLEDGED),
                store().leases().find(ticket.id()).orElseThrow().items().stream().map(LeaseItem::state).toList());
        assertEquals(Optional.of("trainer-1"), store().leases().find(ticket.id()).orElseThrow().consumer());
    }

    @Test
    void a_subset_is_acknowledged_alone_and_a_row_not_in_the_lease_is_refused_changing_nothing() {
        String run = unique("run");
        List<Trajectory> rows = run(run, 3);
        LeaseTicket ticket = store().claims().leaseClaim(oldest(run, 2), MINUTE).lease().orElseThrow();

        InvalidInputException stranger = assertThrows(InvalidInputException.class,
                () -> store().leases().acknowledge(ticket.id(), Optional.of(List.of(rows.get(0).trajectoryId(), rows.get(2).trajectoryId()))));
        assertEquals("trajectoryIds", stranger.field());
        assertEquals(List.of(0, 0, 0), rows.stream().map(this::used).toList());

        LeaseSettlement one = store().leases().acknowledge(ticket.id(), Optional.of(List.of(rows.get(1).trajectoryId())));

        assertEquals(ids(rows.subList(1, 2)), ids(one.settled()));
        assertEquals(List.of(0, 1, 0), rows.stream().map(this::used).toList());
        assertEquals(ids(rows.subList(2, 3)), ids(store().claims().claim(oldest(run, 5))), "the unacknowledged row is still held");
    }

    @Test
    void a_consumers_leases_are_listed_by_id_after_a_key_and_only_running_ones_when_asked() {
        String run = unique("run");
        run(run, 6);
        String consumer = unique("trainer");
        DatasetPort trainer = store().attributedTo(UsageOrigin.consumer(consumer));
        LeaseId early = trainer.claims().leaseClaim(oldest(run, 2), LeaseTerms.seconds(30)).lease().orElseThrow().id();
        LeaseId later = trainer.claims().leaseClaim(oldest(run, 2), MINUTE).lease().orElseThrow().id();
        store().attributedTo(UsageOrigin.consumer(unique("other"))).claims().leaseClaim(oldest(run, 1), MINUTE);
        store().claims().leaseClaim(oldest(run, 1), MINUTE);

        assertEquals(List.of(early, later), leaseIds(store().leases().ofConsumer(consumer, Optional.empty(), 10, Optional.empty())));
        assertEquals(List.of(later), leaseIds(store().leases().ofConsumer(consumer, Optional.of(early), 10, Optional.empty())));
        assertEquals(List.of(early), leaseIds(store().leases().ofConsumer(consumer, Optional.empty(), 1, Optional.empty())));
        clock.advance(Duration.ofSeconds(45));
        assertEquals(List.of(later), leaseIds(store().leases().ofConsumer(consumer, Optional.empty(), 10, Optional.of(clock.instant()))),
                "the lease that ran out is not running");
        assertEquals(2, store().leases().ofConsumer(consumer, Optional.empty(), 10, Optional.empty()).get(1).items().size());
        assertEquals(List.of(), store().leases().ofConsumer(unique("nobody"), Optional.empty(), 10, Optional.empty()));
    }

    private static List<LeaseId> leaseIds(List<Lease> leases) {
        return leases.stream().map(Lease::id).toList();
    }

    @Test
    void a_release_gives_rows_back_untouched_and_they_can_be_claimed_at_once() {
        String run = unique("run");
        List<Trajectory> rows = run(run, 2);
        LeaseTicket ticket = store().claims().leaseClaim(oldest(run, 2), MINUTE).lease().orElseThrow();

        LeaseSettlement released = store().leases().release(ticket.id(), Optional.empty());

        assertEquals(rows, released.settled());
        assertEquals(List.of(0, 0), rows.stream().map(this::used).toList());
        assertEquals(List.of(), history(rows.get(0)));
        assertEquals(ids(rows), ids(store().claims().claim(oldest(run, 5))));
        LeaseSettlement late = store().leases().acknowledge(ticket.id(), Optional.empty());
        assertEquals(ids(rows), late.unchanged(), "released rows are settled: a late ack counts nothing and loses nothing");
        assertEquals(List.of(), late.lost());
        assertEquals(List.of(), late.settled());
        assertEquals(List.of(1, 1), rows.stream().map(this::used).toList());
    }

    @Test
    void an_expired_lease_needs_no_job_its_rows_are_eligible_again_with_used_unchanged() {
        String run = unique("run");
        List<Trajectory> rows = run(run, 2);
        store().claims().leaseClaim(oldest(run, 2), LeaseTerms.seconds(30)).lease().orElseThrow();
        assertEquals(List.of(), store().claims().claim(oldest(run, 5)));

        clock.advance(Duration.ofSeconds(30));

        assertEquals(List.of(0, 0), rows.stream().map(this::used).toList());
        assertEquals(ids(rows), ids(store().claims().leaseClaim(oldest(run, 5), MINUTE).taken()));
    }

    @Test
    void after_expiry_an_acknowledgement_counts_rows_nobody_touched_and_names_the_others_lost() {
        String run = unique("run");
        List<Trajectory> rows = run(run, 3);
        LeaseTicket ticket = store().claims().leaseClaim(oldest(run, 3), MINUTE).lease().orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        store().claims().claim(oldest(run, 1));                                    // takes row 0 and counts it
        LeaseTicket other = store().claims().leaseClaim(oldest(run, 1), MINUTE).lease().orElseThrow();   // leases row 1

        LeaseSettlement late = store().leases().acknowledge(ticket.id(), Optional.empty());

        assertEquals(ids(rows.subList(2, 3)), ids(late.settled()));
        assertEquals(ids(rows.subList(0, 2)), late.lost());
        assertEquals(List.of(1, 0, 1), rows.stream().map(this::used).toList());
        assertEquals(ids(rows.subList(1, 2)), ids(store().leases().acknowledge(other.id(), Optional.empty()).settled()));
        assertEquals(List.of(LeaseItemState.LOST, LeaseItemState.LOST, LeaseItemState.ACKNOWLEDGED),
                store().leases().find(ticket.id()).orElseThrow().items().stream().map(LeaseItem::state).toList());
    }

    @Test
    void an_extension_keeps_rows_held_past_the_first_expiry_and_an_expired_lease_cannot_be_extended() {
        String run = unique("run");
        run(run, 2);
        LeaseTicket ticket = store().claims().leaseClaim(oldest(run, 2), LeaseTerms.seconds(30)).lease().orElseThrow();
        clock.advance(Duration.ofSeconds(20));

        Lease extended = store().leases().extend(ticket.id(), MINUTE);

        assertEquals(clock.instant().plusSeconds(60), extended.expiresAt());
        clock.advance(Duration.ofSeconds(50));
        assertEquals(List.of(), store().claims().claim(oldest(run, 5)), "held past the first expiry");
        clock.advance(Duration.ofSeconds(10));
        assertThrows(LeaseExpiredException.class, () -> store().leases().extend(ticket.id(), MINUTE));
        assertEquals(2, store().claims().claim(oldest(run, 5)).size());
    }

    @Test
    void a_row_that_reached_its_cap_meanwhile_is_not_counted_past_it() {
        String run = unique("run");
        List<Trajectory> rows = run(run, 1);
        LeaseTicket ticket = store().claims().leaseClaim(oldest(run, 1), MINUTE).lease().orElseThrow();
        store().usage().use(rows.get(0).trajectoryId(), UsageLimit.once());

        LeaseSettlement settlement = store().leases().acknowledge(ticket.id(), Optional.empty());

        assertEquals(ids(rows), settlement.lost());
        assertEquals(1, used(rows.get(0)));
    }

    @Test
    void a_group_lease_holds_whole_groups_and_its_acknowledgement_counts_every_member() {
        String run = unique("run");
        List<Trajectory> rows = run(run, 6);
        GroupClaimRequest request = GroupClaimRequest.of(RunId.of(run), GroupCriteria.ofSize(2), 2);

        Leased<GroupClaim> leased = store().claims().leaseGroups(request, MINUTE);

        assertEquals(2, leased.taken().groups().size());
        assertEquals(List.of(0, 0, 0, 0), leased.taken().members().stream().map(Trajectory::used).toList());
        assertEquals(GroupClaim.nothing(1), store().claims().claimGroups(request), "one task left eligible");
        LeaseSettlement settlement = store().leases().acknowledge(leased.lease().orElseThrow().id(), Optional.empty());
        assertEquals(4, settlement.settled().size());
        assertEquals(List.of(1, 1, 1, 1, 0, 0), rows.stream().map(this::used).toList());
        assertEquals(List.of("ACKNOWLEDGE 1"), history(rows.get(0)));
        assertEquals(Optional.empty(), store().claims().leaseGroups(request, MINUTE).lease(), "nothing taken, no lease");
    }

    @Test
    void an_unknown_lease_is_named() {
        LeaseId missing = LeaseId.of(Long.MAX_VALUE);

        assertEquals(Optional.empty(), store().leases().find(missing));
        assertThrows(LeaseNotFoundException.class, () -> store().leases().acknowledge(missing, Optional.empty()));
        assertThrows(LeaseNotFoundException.class, () -> store().leases().release(missing, Optional.empty()));
        assertThrows(LeaseNotFoundException.class, () -> store().leases().extend(missing, MINUTE));
    }

    @Test
    void leases_that_ran_out_long_ago_are_purged_and_live_ones_kept() {
        String run = unique("run");
        run(run, 2);
        LeaseTicket old = store().claims().leaseClaim(oldest(run, 1), MINUTE).lease().orElseThrow();
        clock.advance(Duration.ofDays(2));
        LeaseTicket live = store().claims().leaseClaim(oldest(run, 1), MINUTE).lease().orElseThrow();

        int purged = store().leases().purge(clock.instant().minus(Duration.ofDays(1)), 1_000_000);

        assertTrue(purged >= 1);
        assertEquals(Optional.empty(), store().leases().find(old.id()));
        assertThrows(LeaseNotFoundException.class, () -> store().leases().acknowledge(old.id(), Optional.empty()));
        assertEquals(1, store().leases().acknowledge(live.id(), Optional.empty()).settled().size());
    }

    @Test
    void a_claim_with_a_minimum_takes_nothing_when_fewer_are_eligible() {
        String run = unique("run");
        List<Trajectory> rows = run(run, 3);

        assertEquals(List.of(), store().claims().claim(oldest(run, 5).atLeast(4)));
        assertEquals(Optional.empty(), store().claims().leaseClaim(oldest(run, 5).atLeast(4), MINUTE).lease());
        assertEquals(List.of(0, 0, 0), rows.stream().map(this::used).toList());
        assertEquals(3, store().claims().claim(oldest(run, 5).atLeast(3)).size());
    }

    @Test
    void activity_names_the_runs_with_new_records_and_with_leases_that_ended() {
        String run = unique("run");
        String other = unique("run");
        run(other, 1);
        ActivityMark start = store().activity().since(Optional.empty()).next();
        run(run, 2);
        StoreActivity created = store().activity().since(Optional.of(start));
        assertTrue(created.runs().contains(RunId.of(run)));
        assertFalse(created.runs().contains(RunId.of(other)));

        LeaseTicket ticket = store().claims().leaseClaim(oldest(other, 1), LeaseTerms.seconds(10)).lease().orElseThrow();
        ActivityMark before = store().activity().since(Optional.of(created.next())).next();
        clock.advance(Duration.ofSeconds(11));
        assertTrue(store().activity().since(Optional.of(before)).runs().contains(RunId.of(other)), "expired");
        LeaseTicket again = store().claims().leaseClaim(oldest(other, 1), MINUTE).lease().orElseThrow();
        ActivityMark beforeRelease = store().activity().since(Optional.empty()).next();
        clock.advance(Duration.ofMillis(1));
        store().leases().release(again.id(), Optional.empty());
        clock.advance(Duration.ofMillis(1));
        assertTrue(store().activity().since(Optional.of(beforeRelease)).runs().contains(RunId.of(other)), "released");
        assertTrue(ticket.id().value() < again.id().value());
    }

    /**
     * 16 threads lease rows capped at one use, then acknowledge all, acknowledge some and release the rest, release
     * all, or walk away; at the end time passes, so the abandoned leases expire and one claim takes what is left.
     * Every row is used exactly as often as acknowledgements counted it, and the history explains it.
     */
    @Test
    void sixteen_threads_claiming_acknowledging_releasing_and_abandoning_count_exactly_the_acknowledged_rows() throws Exception {
        String run = unique("run");
        int size = 400;
        List<Trajectory> rows = run(run, size);
        AtomicInteger acknowledged = new AtomicInteger();
        List<Callable<Integer>> trainers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            Random random = new Random(t);
            trainers.add(() -> {
                int mine = 0;
                for (int step = 0; step < 12; step++) {
                    Leased<List<Trajectory>> leased = store().claims().leaseClaim(
                            ClaimRequest.of(1 + random.nextInt(4)).inRun(run).usedBelow(1), MINUTE);
                    if (leased.lease().isEmpty()) {
                        continue;
                    }
                    LeaseId id = leased.lease().get().id();
                    List<TrajectoryId> taken = ids(leased.taken());
                    switch (random.nextInt(4)) {
                        case 0 -> mine += store().leases().acknowledge(id, Optional.empty()).settled().size();
                        case 1 -> {
                            mine += store().leases().acknowledge(id, Optional.of(taken.subList(0, 1))).settled().size();
                            store().leases().release(id, Optional.empty());
                        }
                        case 2 -> store().leases().release(id, Optional.empty());
                        default -> {
                            // walks away: the lease expires
                        }
                    }
                }
                acknowledged.addAndGet(mine);
                return mine;
            });
        }
        Together.run(trainers);
        int held = 0;
        for (Trajectory row : rows) {
            held += used(row);
        }
        assertEquals(acknowledged.get(), held, "used counts exactly the acknowledged rows");
        assertTrue(acknowledged.get() > 0);

        clock.advance(Duration.ofMinutes(2));
        List<Trajectory> rest = store().claims().claim(ClaimRequest.of(ClaimRequest.MAX_COUNT).inRun(run).usedBelow(1));
        assertEquals(size - acknowledged.get(), rest.size(), "after expiry every unacknowledged row is eligible again");
        Map<Long, Integer> uses = new HashMap<>();
        IntStream.range(0, size).forEach(i -> uses.put(rows.get(i).id(), used(rows.get(i))));
        assertTrue(uses.values().stream().allMatch(u -> u == 1), "each row used exactly once in the end");
        for (Trajectory row : rows) {
            assertEquals(1, store().history().events(UsageEventFilter.ofTrajectory(row.trajectoryId()), KeyPage.first(10)).size());
        }
    }
}
