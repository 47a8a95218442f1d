package dev.trajectorydatasets.adapter.inmemory.shared;

import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The dense index of every record: id order both ways, from any id, across deleted stretches and dropped chunks. */
class IdIndexTest {

    private static Trajectory record(long id) {
        return new Trajectory(id, TrajectoryId.of("t" + id), Instant.EPOCH, 0, 0, Optional.empty());
    }

    private static List<Long> ids(Iterable<Trajectory> records) {
        List<Long> ids = new ArrayList<>();
        records.forEach(record -> ids.add(record.id()));
        return ids;
    }

    @Test
    void walks_in_id_order_both_ways_skipping_what_was_deleted() {
        IdIndex.Dense index = new IdIndex.Dense();
        LongStream.rangeClosed(1, 20_000).forEach(id -> index.put(record(id)));
        // Delete 5,000..15,000 (whole chunks among them) and every odd id above 15,000.
        LongStream.rangeClosed(5_000, 15_000).forEach(id -> index.remove(record(id)));
        LongStream.rangeClosed(15_001, 20_000).filter(id -> id % 2 == 1).forEach(id -> index.remove(record(id)));

        List<Long> expected = new ArrayList<>();
        LongStream.rangeClosed(1, 4_999).forEach(expected::add);
        LongStream.rangeClosed(15_002, 20_000).filter(id -> id % 2 == 0).forEach(expected::add);
        List<Long> backwards = new ArrayList<>(expected);
        java.util.Collections.reverse(backwards);

        assertEquals(expected, ids(index.all()));
        assertEquals(backwards, ids(index.descending()));
        assertEquals(expected.size(), index.size());
        assertEquals(expected.subList(expected.indexOf(15_002L), expected.size()), ids(index.after(4_999)));
        assertEquals(List.of(), ids(index.after(20_000)));
        assertNull(index.get(10_000));
        assertNull(index.get(99_999));
        assertEquals(record(2), index.get(2));
    }

    @Test
    void a_record_put_back_after_its_chunk_was_dropped_is_found_again() {
        IdIndex.Dense index = new IdIndex.Dense();
        index.put(record(5));
        index.remove(record(5));
        assertEquals(List.of(), ids(index.all()));

        index.put(record(5));

        assertEquals(List.of(5L), ids(index.all()));
        assertEquals(1, index.size());
    }

    @Test
    void a_runs_ids_walk_in_order_through_removals_compactions_and_records_put_back() {
        IdIndex.Dense records = new IdIndex.Dense();
        IdIndex.Run run = new IdIndex.Run(records);
        LongStream.rangeClosed(1, 1_000).forEach(id -> {
            records.put(record(id));
            run.put(record(id));
        });
        // Remove 3 of every 4 (compacts on the way), then put two back: one still listed as removed, one compacted away.
        LongStream.rangeClosed(1, 1_000).filter(id -> id % 4 != 0).forEach(id -> {
            records.remove(record(id));
            run.remove(record(id));
        });
        for (long id : new long[]{999, 2}) {
            records.put(record(id));
            run.put(record(id));
        }

        List<Long> expected = new ArrayList<>(List.of(2L));
        LongStream.rangeClosed(1, 1_000).filter(id -> id % 4 == 0 || id == 999).forEach(expected::add);
        List<Long> backwards = new ArrayList<>(expected);
        java.util.Collections.reverse(backwards);
        assertEquals(expected, ids(run.all()));
        assertEquals(backwards, ids(run.descending()));
        assertEquals(expected.size(), run.size());
        assertEquals(expected.subList(expected.indexOf(500L), expected.size()), ids(run.after(499)));
        assertEquals(expected.subList(1, expected.size()), ids(run.after(2)));
        assertEquals(expected, ids(run.after(0)));
        assertEquals(List.of(), ids(run.after(1_000)));
        LongStream.rangeClosed(1, 1_000).forEach(id -> run.remove(record(id)));
        assertEquals(true, run.isEmpty());
    }
}
