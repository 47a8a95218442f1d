package dev.trajectorydatasets.adapter.inmemory.shared;

import dev.trajectorydatasets.domain.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Records in id order: all of them (dense, by id) or one run's (a tree). Not thread-safe; the store locks. */
public interface IdIndex {

    /** Ascending by id. */
    Iterable<Trajectory> all();

    /** Ascending by id, ids above {@code afterId}. */
    Iterable<Trajectory> after(long afterId);

    /** Descending by id. */
    Iterable<Trajectory> descending();

    int size();

    IdIndex EMPTY = new Run(new Dense());

    /**
     * One run's records: their ids in ascending order in an array (8 bytes a record, where a tree costs 40 and a
     * boxed key), each resolved through the dense index of every record. Ids are appended as records are created
     * (ids ascend); a removed id is kept negated until half the array is removed ones, then the array is compacted;
     * an id put back (undo, replacing a record by its changed self) is revived or inserted in order.
     */
    final class Run implements IdIndex {
        private final Dense records;
        private long[] ids = new long[8];
        private int length;
        private int live;

        Run(Dense records) {
            this.records = records;
        }

        void put(Trajectory dataset) {
            long id = dataset.id();
            if (length == 0 || id > Math.abs(ids[length - 1])) {
                room();
                ids[length++] = id;
                live++;
                return;
            }
            int at = find(id);
            if (at >= 0) {
                if (ids[at] < 0) {
                    ids[at] = id;
                    live++;
                }
                return;
            }
            int insert = -at - 1;
            room();
            System.arraycopy(ids, insert, ids, insert + 1, length - insert);
            ids[insert] = id;
            length++;
            live++;
        }

        void remove(Trajectory dataset) {
            int at = find(dataset.id());
            if (at >= 0 && ids[at] > 0) {
                ids[at] = -ids[at];
                live--;
                if (length > 64 && live < length / 2) {
                    compact();
                }
            }
        }

        boolean isEmpty() {
            return live == 0;
        }

        @Override
        public Iterable<Trajectory> all() {
            return () -> new Walk(0, 1);
        }

        @Override
        public Iterable<Trajectory> after(long afterId) {
            int at = find(afterId);
            return () -> new Walk(at >= 0 ? at + 1 : -at - 1, 1);
        }

        @Override
        public Iterable<Trajectory> descending() {
            return () -> new Walk(length - 1, -1);
        }

        @Override
        public int size() {
            return live;
        }

        /** The position of {@code id} (live or removed), or {@code -(insertion point) - 1}. */
        private int find(long id) {
            int low = 0;
            int high = length - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                long value = Math.abs(ids[middle]);
                if (value < id) {
                    low = middle + 1;
                } else if (value > id) {
                    high = middle - 1;
                } else {
                    return middle;
                }
            }
            return -(low + 1);
        }

        private void room() {
            if (length == ids.length) {
                ids = java.util.Arrays.copyOf(ids, ids.length + (ids.length >> 1) + 1);
            }
        }

        private void compact() {
            int kept = 0;
            for (int i = 0; i < length; i++) {
                if (ids[i] > 0) {
                    ids[kept++] = ids[i];
                }
            }
            length = kept;
            ids = java.util.Arrays.copyOf(ids, Math.max(8, kept + (kept >> 2)));
        }

        /** Live ids from {@code from} in {@code step} direction, as records. */
        private final class Walk implements Iterator<Trajectory> {
            private final int step;
            private int at;

            Walk(int from, int step) {
                this.at = from;
                this.step = step;
                skipRemoved();
            }

            private void skipRemoved() {
                while (at >= 0 && at < length && ids[at] < 0) {
                    at += step;
                }
            }

            @Override
            public boolean hasNext() {
                return at >= 0 && at < length;
            }

            @Override
            public Trajectory next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Trajectory record = records.get(ids[at]);
                at += step;
                skipRemoved();
                return record;
            }
        }
    }

    /**
     * Every record, in slots indexed by id (ids are dense and ascending): 4 bytes a record instead of a tree entry
     * and a boxed key. Slots come in chunks; a chunk whose records were all deleted is dropped, so deleting old
     * runs gives the memory back and scans skip it.
     */
    final class Dense implements IdIndex {
        private static final int CHUNK = 1 << 12;

        private final List<Trajectory[]> chunks = new ArrayList<>();
        private final List<Integer> live = new ArrayList<>();
        private int size;

        public Trajectory get(long id) {
            if (id < 0 || id / CHUNK >= chunks.size()) {
                return null;
            }
            Trajectory[] chunk = chunks.get((int) (id / CHUNK));
            return chunk == null ? null : chunk[(int) (id % CHUNK)];
        }

        void put(Trajectory dataset) {
            int number = (int) (dataset.id() / CHUNK);
            while (chunks.size() <= number) {
                chunks.add(null);
                live.add(0);
            }
            Trajectory[] chunk = chunks.get(number);
            if (chunk == null) {
                chunk = new Trajectory[CHUNK];
                chunks.set(number, chunk);
            }
            int slot = (int) (dataset.id() % CHUNK);
            if (chunk[slot] == null) {
                live.set(number, live.get(number) + 1);
                size++;
            }
            chunk[slot] = dataset;
        }

        void remove(Trajectory dataset) {
            int number = (int) (dataset.id() / CHUNK);
            Trajectory[] chunk = chunks.get(number);
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
        public Iterable<Trajectory> all() {
            return after(-1);
        }

        @Override
        public Iterable<Trajectory> after(long afterId) {
            return () -> new Scan(afterId + 1, 1);
        }

        @Override
        public Iterable<Trajectory> descending() {
            return () -> new Scan((long) chunks.size() * CHUNK - 1, -1);
        }

        @Override
        public int size() {
            return size;
        }

        /** Walks slots from {@code from} in {@code step} direction, skipping dropped chunks and empty slots. */
        private final class Scan implements Iterator<Trajectory> {
            private final int step;
            private long at;
            private Trajectory next;

            Scan(long from, int step) {
                this.at = from;
                this.step = step;
                advance();
            }

            private void advance() {
                next = null;
                while (next == null && at >= 0 && at < (long) chunks.size() * CHUNK) {
                    Trajectory[] chunk = chunks.get((int) (at / CHUNK));
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
            public Trajectory next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Trajectory current = next;
                advance();
                return current;
            }
        }
    }
}
