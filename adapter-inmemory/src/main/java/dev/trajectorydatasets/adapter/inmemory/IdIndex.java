package dev.trajectorydatasets.adapter.inmemory;

import dev.trajectorydatasets.domain.Dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/** Records in id order: all of them (dense, by id) or one run's (a tree). Not thread-safe; the store locks. */
interface IdIndex {

    /** Ascending by id. */
    Iterable<Dataset> all();

    /** Ascending by id, ids above {@code afterId}. */
    Iterable<Dataset> after(long afterId);

    /** Descending by id. */
    Iterable<Dataset> descending();

    int size();

    IdIndex EMPTY = new Tree();

    /** One run's records: a tree keyed by id. */
    final class Tree implements IdIndex {
        private final NavigableMap<Long, Dataset> byId = new TreeMap<>();

        void put(Dataset dataset) {
            byId.put(dataset.id(), dataset);
        }

        void remove(Dataset dataset) {
            byId.remove(dataset.id());
        }

        boolean isEmpty() {
            return byId.isEmpty();
        }

        @Override
        public Iterable<Dataset> all() {
            return Collections.unmodifiableCollection(byId.values());
        }

        @Override
        public Iterable<Dataset> after(long afterId) {
            return Collections.unmodifiableCollection(byId.tailMap(afterId, false).values());
        }

        @Override
        public Iterable<Dataset> descending() {
            return Collections.unmodifiableCollection(byId.descendingMap().values());
        }

        @Override
        public int size() {
            return byId.size();
        }
    }

    /**
     * Every record, in slots indexed by id (ids are dense and ascending): 4 bytes a record instead of a tree entry
     * and a boxed key. Slots come in chunks; a chunk whose records were all deleted is dropped, so deleting old
     * runs gives the memory back and scans skip it.
     */
    final class Dense implements IdIndex {
        private static final int CHUNK = 1 << 12;

        private final List<Dataset[]> chunks = new ArrayList<>();
        private final List<Integer> live = new ArrayList<>();
        private int size;

        Dataset get(long id) {
            if (id < 0 || id / CHUNK >= chunks.size()) {
                return null;
            }
            Dataset[] chunk = chunks.get((int) (id / CHUNK));
            return chunk == null ? null : chunk[(int) (id % CHUNK)];
        }

        void put(Dataset dataset) {
            int number = (int) (dataset.id() / CHUNK);
            while (chunks.size() <= number) {
                chunks.add(null);
                live.add(0);
            }
            Dataset[] chunk = chunks.get(number);
            if (chunk == null) {
                chunk = new Dataset[CHUNK];
                chunks.set(number, chunk);
            }
            int slot = (int) (dataset.id() % CHUNK);
            if (chunk[slot] == null) {
                live.set(number, live.get(number) + 1);
                size++;
            }
            chunk[slot] = dataset;
        }

        void remove(Dataset dataset) {
            int number = (int) (dataset.id() / CHUNK);
            Dataset[] chunk = chunks.get(number);
            int slot = (int) (dataset.id() % CHUNK);
            if (chunk[slot] != null) {
                chunk[slot] = null;
                size--;
                int left = live.get(number) - 1;
                live.set(number, left);
                if (left == 0) {
                    chunks.set(number, null);
                }
            }
        }

        @Override
        public Iterable<Dataset> all() {
            return after(-1);
        }

        @Override
        public Iterable<Dataset> after(long afterId) {
            return () -> new Scan(afterId + 1, 1);
        }

        @Override
        public Iterable<Dataset> descending() {
            return () -> new Scan((long) chunks.size() * CHUNK - 1, -1);
        }

        @Override
        public int size() {
            return size;
        }

        /** Walks slots from {@code from} in {@code step} direction, skipping dropped chunks and empty slots. */
        private final class Scan implements Iterator<Dataset> {
            private final int step;
            private long at;
            private Dataset next;

            Scan(long from, int step) {
                this.at = from;
                this.step = step;
                advance();
            }

            private void advance() {
                next = null;
                while (next == null && at >= 0 && at < (long) chunks.size() * CHUNK) {
                    Dataset[] chunk = chunks.get((int) (at / CHUNK));
                    if (chunk == null) {
                        at = step > 0 ? (at / CHUNK + 1) * CHUNK : (at / CHUNK) * CHUNK - 1;
                        continue;
                    }
                    next = chunk[(int) (at % CHUNK)];
                    at += step;
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Dataset next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Dataset current = next;
                advance();
                return current;
            }
        }
    }
}
