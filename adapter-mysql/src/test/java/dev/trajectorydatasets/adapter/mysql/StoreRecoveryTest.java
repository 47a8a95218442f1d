package dev.trajectorydatasets.adapter.mysql;

import dev.trajectorydatasets.domain.StoreUnavailableException;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.usage.UsageLimit;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.trajectorydatasets.domain.DatasetFixtures.aDataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The database crashes and comes back: the store fails fast meanwhile and works again without a restart. */
class StoreRecoveryTest {

    @Test
    void a_killed_database_means_fast_unavailable_errors_then_the_same_store_works_again() {
        try (ScratchMariaDb database = ScratchMariaDb.start();
             MyBatisDatasetStore store = DatasetStores.mysql(database.settings())) {
            store.migrate();
            Trajectory before = store.trajectories().create(aDataset().withRunId("r").build());
            store.usage().use(before.trajectoryId(), UsageLimit.once());

            database.kill();
            for (int attempt = 0; attempt < 3; attempt++) {
                long start = System.nanoTime();
                assertThrows(StoreUnavailableException.class, () -> store.trajectories().findById(before.id()));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 2_000, "answered after " + millis + " ms");
            }
            assertTrue(!store.isAvailable());

            database.restart();
            long back = System.nanoTime();
            Optional<Trajectory> after = Optional.empty();
            while (after.isEmpty() && System.nanoTime() - back < 5_000_000_000L) {
                try {
                    after = store.trajectories().findById(before.id());
                } catch (StoreUnavailableException stillRecovering) {
                    sleep();
                }
            }
            assertEquals(1, after.orElseThrow().used(), "the acknowledged use survived the crash");
            assertTrue(store.isAvailable());
            assertEquals(2, store.usage().use(before.trajectoryId(), UsageLimit.once()).dataset().orElseThrow().used());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
