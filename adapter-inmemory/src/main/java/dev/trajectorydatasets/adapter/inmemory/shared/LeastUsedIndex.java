package dev.trajectorydatasets.adapter.inmemory.shared;

import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Each run's records in least-used claim order (one tree per run, and one for records without a run), so a
 * least-used claim walks only the records it takes and the ones it skips, not the run. The order reads each record's
 * lease hold through the comparator, so a hold may change only while the record is out of the index: the store
 * removes it, changes the hold and puts it back. Not thread-safe; the store locks.
 */
public final class LeastUsedIndex {
    private final Comparator<Trajectory> order;
    private final Map<Optional<RunId>, NavigableSet<Trajectory>> byRun = new HashMap<>();

    LeastUsedIndex(Comparator<Trajectory> order) {
        this.order = order;
    }

    void put(Trajectory dataset) {
        byRun.computeIfAbsent(dataset.runId(), run -> new TreeSet<>(order)).add(dataset);
    }

    void remove(Trajectory dataset) {
        NavigableSet<Trajectory> run = byRun.get(dataset.runId());
        if (run != null) {
            run.remove(dataset);
            if (run.isEmpty()) {
                byRun.remove(dataset.runId());
            }
        }
    }

    /** One run's records in claim order, or, without a run, every record (the runs' orders merged). */
    public Iterable<Trajectory> inOrder(Optional<RunId> run) {
        if (run.isPresent()) {
            NavigableSet<Trajectory> members = byRun.get(run);
            return members == null ? List.of() : members;
        }
        List<Iterator<Trajectory>> runs = new ArrayList<>(byRun.size());
        byRun.values().forEach(members -> runs.add(members.iterator()));
        return runs.size() == 1 ? byRun.values().iterator().next() : () -> new Merge(runs, order);
    }

    /** Several ascending walks as one. */
    private static final class Merge implements Iterator<Trajectory> {
        private record Head(Trajectory dataset, Iterator<Trajectory> rest) {
        }

        private final PriorityQueue<Head> heads;

        Merge(List<Iterator<Trajectory>> walks, Comparator<Trajectory> order) {
            heads = new PriorityQueue<>(Math.max(1, walks.size()), Comparator.comparing(Head::dataset, order));
            walks.forEach(this::advance);
        }

        private void advance(Iterator<Trajectory> walk) {
            if (walk.hasNext()) {
                heads.add(new Head(walk.next(), walk));
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public Trajectory next() {
            Head head = heads.poll();
            if (head == null) {
                throw new NoSuchElementException();
            }
            advance(head.rest());
            return head.dataset();
        }
    }
}
