package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.PortSpy;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping the server lets a request in flight finish; its write is kept. */
class GracefulStopTest {

    /** The real in-memory store, made slow to create so a request is surely in flight when the stop comes. */
    private static DatasetPort slowToCreate(DatasetPort store) {
        return PortSpy.around(store, (method, args, proceed) -> {
            if (method.equals("create")) {
                Thread.sleep(1_500);
            }
            return proceed.call();
        });
    }

    @Test
    void a_request_in_flight_finishes_when_the_server_stops() throws Exception {
        InMemoryDatasetStore store = new InMemoryDatasetStore();
        RunningServer running = RunningServer.over(slowToCreate(store), true);

        CompletableFuture<ApiClient.Response> inFlight = CompletableFuture.supplyAsync(
                () -> running.api.post("/v1/datasets", "{\"trajectory_id\":\"in-flight\"}"));
        Thread.sleep(500);
        long start = System.nanoTime();
        running.close();
        long stopMillis = (System.nanoTime() - start) / 1_000_000;

        ApiClient.Response response = inFlight.get(10, TimeUnit.SECONDS);
        assertEquals(201, response.status(), response.body());
        assertTrue(store.trajectories().findByTrajectoryId(dev.trajectorydatasets.domain.TrajectoryId.of("in-flight")).isPresent());
        assertTrue(stopMillis >= 500, "stop returned after " + stopMillis + " ms, before the request finished");
    }
}
