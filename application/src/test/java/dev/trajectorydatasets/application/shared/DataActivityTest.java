package dev.trajectorydatasets.application.shared;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the manager tells its {@link DataActivity}: what committed, once; nothing of a unit that failed. */
class DataActivityTest {

    /** Writes down every call. */
    private static final class Recorder implements DataActivity {
        final List<String> told = new ArrayList<>();

        @Override
        public synchronized void created(int records) {
            told.add("created " + records);
        }

        @Override
        public synchronized void used(int uses) {
            told.add("used " + uses);
        }

        @Override
        public synchronized void claimed(ClaimKind kind, int rows) {
            told.add(kind + " " + rows);
        }
    }

    @Test
    void a_unit_that_fails_tells_nothing_and_one_that_commits_tells_once() {
        Recorder recorder = new Recorder();
        DatasetManager manager = new DatasetManager(new InMemoryDatasetStore(), Clock.systemUTC(), 10, recorder);
        manager.createDataset("a", "r");
        assertEquals(List.of("created 1"), recorder.told);

        assertThrows(IllegalStateException.class, () -> manager.inTransaction(unit -> {
            unit.createDataset("b", "r");
            throw new IllegalStateException("the unit fails");
        }));
        assertEquals(List.of("created 1"), recorder.told);

        manager.inTransaction(unit -> unit.claimTrajectories(ClaimRequest.of(5).inRun("r")));
        assertEquals(List.of("created 1", "CLAIM 1", "used 1"), recorder.told);
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_unit_run_again_tells_only_its_last_run() {
        InMemoryDatasetStore store = new InMemoryDatasetStore();
        AtomicInteger runs = new AtomicInteger();
        // A store that rolls each unit's first run back and runs it again, as a SQL store retries a deadlock victim.
        DatasetPort retrying = (DatasetPort) Proxy.newProxyInstance(DatasetPort.class.getClassLoader(), new Class<?>[]{DatasetPort.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("inTransaction")) {
                        Function<DatasetPort, Object> work = (Function<DatasetPort, Object>) args[0];
                        try {
                            store.inTransaction(tx -> {
                                runs.incrementAndGet();
                                work.apply(tx);
                                throw new RetryMe();
                            });
                        } catch (RetryMe rolledBack) {
                            // the first run's effects are gone; the store runs the work again
                        }
                        return store.inTransaction(tx -> {
                            runs.incrementAndGet();
                            return work.apply(tx);
                        });
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Recorder recorder = new Recorder();
        DatasetManager manager = new DatasetManager(retrying, Clock.systemUTC(), 10, recorder);
        manager.inTransaction(unit -> unit.createDatasets(List.of(CreateDatasetCommand.of("x").inRun("r"), CreateDatasetCommand.of("y").inRun("r"))));
        assertEquals(2, runs.get());
        assertEquals(2, manager.countDatasets());
        assertEquals(List.of("created 2"), recorder.told);
    }

    private static final class RetryMe extends RuntimeException {
    }
}
