package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.claim.ClaimOrder;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.lease.LeaseTerms;
import dev.trajectorydatasets.domain.lease.LeaseTicket;
import dev.trajectorydatasets.domain.overview.RunTimeline;
import dev.trajectorydatasets.domain.overview.TimeBuckets;
import dev.trajectorydatasets.domain.overview.TimelineBucket;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.overview.UsedCount;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static dev.trajectorydatasets.domain.DatasetFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every store promises about a run's timeline and used histogram (the dashboard's data); part of
 * {@link DatasetPortContract}. Uses are timed by a {@link MovableClock}, creations by their {@code created_at}.
 */
public abstract class RunTimelineContract {

    protected abstract DatasetPort storeAt(Clock clock);

    private final MovableClock clock = new MovableClock();
    private final Instant base = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3_600);

    private DatasetPort store() {
        return storeAt(clock);
    }

    private void at(long secondsFromBase) {
        clock.advance(Duration.between(clock.instant(), base.plusSeconds(secondsFromBase)));
    }

    private Trajectory created(RunId run, long secondsFromBase) {
        return store().trajectories().create(aDataset().withRunId(run.value()).createdAt(base.plusSeconds(secondsFromBase)).build());
    }

    @Test
    void a_timeline_counts_creations_first_uses_and_each_kind_of_use_per_span() {
        RunId run = RunId.of(unique("run"));
        Trajectory early = created(run, -30);
        Trajectory r1 = created(run, 5);
        created(run, 20);
        Trajectory r3 = created(run, 70); // r2 (at 20) is leased and acknowledged at 100; r3 is set to 5 at 150
        created(run, 200);
        created(RunId.of(unique("other")), 10);
        at(-10);
        store().usage().use(early.trajectoryId(), UsageLimit.once());
        at(30);
        assertEquals(List.of(r1.id()), store().claims().claim(ClaimRequest.of(1).inRun(run).usedBelow(1).ordered(ClaimOrder.OLDEST)).stream()
                .map(Trajectory::id).toList());
        at(90);
        store().usage().use(r1.trajectoryId(), UsageLimit.once());
        at(100);
        LeaseTicket ticket = store().claims().leaseClaim(ClaimRequest.of(1).inRun(run).usedBelow(1).ordered(ClaimOrder.OLDEST),
                LeaseTerms.seconds(60)).lease().orElseThrow();
        store().leases().acknowledge(ticket.id(), Optional.empty());
        at(150);
        store().usage().setUsed(List.of(r3.trajectoryId()), 5);

        RunTimeline timeline = store().overviews().timeline(run, new TimeBuckets(base, Duration.ofMinutes(1), 3));

        assertEquals(1, timeline.createdBefore());
        assertEquals(1, timeline.firstUsedBefore());
        assertEquals(List.of(new TimelineBucket(base, 2, 1, 1, 0, 0),
                new TimelineBucket(base.plusSeconds(60), 1, 1, 0, 1, 1),
                new TimelineBucket(base.plusSeconds(120), 0, 1, 0, 0, 0)), timeline.points());
        assertEquals(List.of(new RunTimeline.Totals(3, 1), new RunTimeline.Totals(4, 1), new RunTimeline.Totals(4, 0)),
                timeline.runningTotals());
    }

    @Test
    void a_timeline_of_a_run_without_trajectories_is_all_zero() {
        RunTimeline timeline = store().overviews().timeline(RunId.of(unique("none")), new TimeBuckets(base, Duration.ofSeconds(10), 2));

        assertEquals(List.of(TimelineBucket.empty(base), TimelineBucket.empty(base.plusSeconds(10))), timeline.points());
        assertEquals(0, timeline.createdBefore());
    }

    @Test
    void the_used_histogram_counts_trajectories_per_used_in_pages() {
        RunId run = RunId.of(unique("run"));
        for (int used : new int[] {0, 0, 1, 2, 5, 5, 5}) {
            store().trajectories().create(aDataset().withRunId(run.value()).used(used).build());
        }
        store().trajectories().create(aDataset().withRunId(unique("other")).used(3).build());

        assertEquals(List.of(new UsedCount(0, 2), new UsedCount(1, 1), new UsedCount(2, 1), new UsedCount(5, 3)),
                store().overviews().usedHistogram(run, KeyPage.first(10)));
        assertEquals(List.of(new UsedCount(2, 1)), store().overviews().usedHistogram(run, KeyPage.after(1, 1)));
        assertEquals(List.of(), store().overviews().usedHistogram(RunId.of(unique("none")), KeyPage.first(10)));
    }
}
