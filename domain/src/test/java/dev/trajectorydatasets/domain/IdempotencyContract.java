package dev.trajectorydatasets.domain;

import dev.trajectorydatasets.domain.trajectory.NewTrajectory;
import dev.trajectorydatasets.domain.idempotency.StoredAnswer;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.usage.UsageEvent;
import dev.trajectorydatasets.domain.usage.UsageEventFilter;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import dev.trajectorydatasets.domain.usage.UseResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import static dev.trajectorydatasets.domain.DatasetFixtures.T0;
import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static dev.trajectorydatasets.domain.DatasetFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every store promises about idempotency keys; part of {@link DatasetPortContract}: a key, the effect of its
 * request and the answer commit together, once.
 */
public abstract class IdempotencyContract {

    protected abstract DatasetPort store();

    private static IdempotencyKey newKey() {
        return IdempotencyKey.of(unique("key"));
    }

    /** One request with a key, as the application runs it: reserve, use once, store the answer. */
    private Optional<StoredAnswer> useOnce(IdempotencyKey key, TrajectoryId id) {
        return store().inTransaction(tx -> {
            Optional<StoredAnswer> stored = tx.answers().reserve(key, "use " + id, T0);
            if (stored.isEmpty()) {
                UseResult result = tx.attributedTo(UsageOrigin.NONE.withKey(key)).usage().use(id, UsageLimit.once());
                tx.answers().complete(key, 200, "{\"used\":" + result.dataset().orElseThrow().used() + "}");
            }
            return stored;
        });
    }

    @Test
    void a_key_stores_its_answer_with_the_effect_and_a_retry_gets_it_without_a_second_effect() {
        Trajectory record = store().trajectories().create(aDataset().build());
        IdempotencyKey key = newKey();

        assertEquals(Optional.empty(), useOnce(key, record.trajectoryId()));
        Optional<StoredAnswer> replay = useOnce(key, record.trajectoryId());

        assertEquals(new StoredAnswer(key, "use " + record.trajectoryId(), 200, "{\"used\":1}", T0), replay.orElseThrow());
        assertEquals(1, store().trajectories().findById(record.id()).orElseThrow().used());
        UsageEvent event = store().history().events(UsageEventFilter.ofTrajectory(record.trajectoryId()), KeyPage.first(5)).get(0);
        assertEquals(Optional.of(key), event.idempotencyKey());
    }

    @Test
    void a_failed_unit_of_work_releases_its_key_and_keeps_nothing() {
        Trajectory record = store().trajectories().create(aDataset().build());
        IdempotencyKey key = newKey();

        assertThrows(IllegalStateException.class, () -> store().inTransaction(tx -> {
            tx.answers().reserve(key, "f", T0);
            tx.usage().use(record.trajectoryId(), UsageLimit.once());
            throw new IllegalStateException("the answer could not be written");
        }));

        assertEquals(Optional.empty(), useOnce(key, record.trajectoryId()));
        assertEquals(1, store().trajectories().findById(record.id()).orElseThrow().used());
    }

    @Test
    void concurrent_requests_with_one_key_take_effect_once_and_the_rest_get_the_answer() throws Exception {
        Trajectory record = store().trajectories().create(aDataset().build());
        IdempotencyKey key = newKey();

        List<Optional<StoredAnswer>> results = Together.run(IntStream.range(0, 8)
                .<Callable<Optional<StoredAnswer>>>mapToObj(i -> () -> useOnce(key, record.trajectoryId())).toList());

        assertEquals(1, results.stream().filter(Optional::isEmpty).count(), "exactly one ran");
        results.stream().flatMap(Optional::stream).forEach(answer -> assertEquals("{\"used\":1}", answer.body()));
        assertEquals(1, store().trajectories().findById(record.id()).orElseThrow().used());
    }

    @Test
    void creating_what_is_missing_leaves_stored_records_as_they_are() {
        String run = unique("run");
        Trajectory stored = store().trajectories().create(aDataset().withRunId(run).used(4).build());
        NewTrajectory fresh = aDataset().withRunId(run).used(1).build();
        NewTrajectory clash = aDataset().withTrajectoryId(stored.trajectoryId()).withRunId(unique("run")).build();
        NewTrajectory repeat = aDataset().withTrajectoryId(fresh.trajectoryId()).used(9).build();

        List<Trajectory> created = store().trajectories().createMissing(List.of(clash, fresh, repeat));

        assertEquals(List.of(fresh.trajectoryId()), created.stream().map(Trajectory::trajectoryId).toList());
        assertEquals(1, created.get(0).used());
        assertEquals(stored, store().trajectories().findById(stored.id()).orElseThrow());
        assertEquals(List.of(), store().trajectories().createMissing(List.of(clash, fresh)));
        assertEquals(2, store().trajectories().count(TrajectoryFilter.ofRun(run)));
        assertEquals(List.of("CREATE 1"), store().history().events(UsageEventFilter.ofTrajectory(fresh.trajectoryId()), KeyPage.first(5))
                .stream().map(e -> e.kind() + " " + e.change()).toList());
    }

    /** Issue 30: a keyed answer of 17 MB answered 500 for good on MariaDB (one packet over max_allowed_packet). */
    @Test
    void an_answer_of_tens_of_megabytes_is_stored_and_replayed_exactly_and_purged_whole() {
        IdempotencyKey key = newKey();
        String body = "a".repeat(999_999) + "\uD83D\uDE00" + "\u00e9".repeat(20_000_000) + "\uD83D\uDE00";
        Instant at = Instant.parse("2026-03-01T00:00:00Z");
        store().inTransaction(tx -> {
            tx.answers().reserve(key, "big", at);
            tx.answers().complete(key, 200, body);
            return null;
        });

        StoredAnswer replay = store().inTransaction(tx -> tx.answers().reserve(key, "big", at)).orElseThrow();

        assertEquals(body.length(), replay.body().length());
        assertTrue(body.equals(replay.body()), "the answer comes back exactly");
        while (store().answers().purge(at.plusSeconds(1), 1_000) > 0) {
            // every old answer, in batches
        }
        store().inTransaction(tx -> {
            assertEquals(Optional.empty(), tx.answers().reserve(key, "small", at.plusSeconds(2)));
            tx.answers().complete(key, 200, "{}");
            return null;
        });
        assertEquals("{}", store().inTransaction(tx -> tx.answers().reserve(key, "small", at)).orElseThrow().body(),
                "nothing of the purged answer's parts is left");
    }

    @Test
    void purging_forgets_old_answers_only() {
        IdempotencyKey old = newKey();
        IdempotencyKey recent = newKey();
        Instant cutoff = Instant.parse("2026-06-01T00:00:00Z");
        store().inTransaction(tx -> {
            tx.answers().reserve(old, "a", cutoff.minusSeconds(1));
            tx.answers().complete(old, 201, "{}");
            tx.answers().reserve(recent, "b", cutoff.plusSeconds(1));
            tx.answers().complete(recent, 201, "{}");
            return null;
        });

        int purged = 0;
        int batch;
        do {
            batch = store().answers().purge(cutoff, 1_000);
            purged += batch;
        } while (batch > 0);

        assertTrue(purged >= 1);
        assertEquals(Optional.empty(), store().inTransaction(tx -> {
            Optional<StoredAnswer> found = tx.answers().reserve(old, "c", cutoff);
            tx.answers().complete(old, 200, "{}");
            return found;
        }));
        assertEquals("b", store().inTransaction(tx -> tx.answers().reserve(recent, "b", cutoff)).orElseThrow().fingerprint());
    }
}
