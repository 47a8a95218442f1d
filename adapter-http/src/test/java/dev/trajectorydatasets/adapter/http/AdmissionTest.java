package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.PortSpy;
import dev.trajectorydatasets.domain.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests take turns at the store; waiting too long is a clean 503, and a slow upload never holds a turn. */
class AdmissionTest {

    @Test
    void a_slow_upload_holds_no_turn_at_the_store() throws Exception {
        try (RunningServer running = RunningServer.admitting(1, 2_000);
             Socket slow = new Socket("127.0.0.1", running.server.port())) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /v1/datasets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                    + "{\"trajectory_id\"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);

            long start = System.nanoTime();
            ApiClient.Response count = running.api.get("/v1/datasets/count");

            assertEquals(200, count.status(), count.body());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1_500, "the lookup waited behind the upload");
        }
    }

    @Test
    void a_request_that_gets_no_turn_within_the_wait_is_503_server_busy_with_retry_after() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DatasetPort store = new InMemoryDatasetStore();
        // The one turn is held, for as long as the test says, by a count that waits inside the store.
        DatasetPort holding = PortSpy.around(store, (method, args, proceed) -> {
            if (method.equals("count")) {
                inside.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
            return proceed.call();
        });
        DatasetHttpServer server = new DatasetHttpServer(DatasetManager.over(holding), new StoreStatus("memory", () -> true), "test",
                new DatasetHttpServer.Settings("127.0.0.1", 0, Optional.empty(), 1, 300)).start();
        try {
            ApiClient api = new ApiClient(server.port());
            CompletableFuture<ApiClient.Response> first = CompletableFuture.supplyAsync(() -> api.get("/v1/datasets/count"));
            assertTrue(inside.await(10, TimeUnit.SECONDS));

            ApiClient.Response second = api.get("/v1/trajectories/anything");

            assertEquals(503, second.status(), second.body());
            assertEquals("server_busy", second.json().get("code").asText());
            assertEquals("1", second.header("Retry-After"));
            release.countDown();
            assertEquals(200, first.get(10, TimeUnit.SECONDS).status());
            assertEquals(404, api.get("/v1/trajectories/anything").status());
        } finally {
            release.countDown();
            server.close();
        }
    }

    /**
     * Issue 30: during a database outage under load, requests queued behind others that each waited for the pool's
     * timeout (some 503s took 7.8 s). Once a request finds the store unavailable, the queued ones answer 503 at once.
     */
    @Test
    void during_an_outage_queued_requests_answer_503_at_once_and_the_first_success_ends_it() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        InMemoryDatasetStore memory = new InMemoryDatasetStore();
        DatasetPort failing = PortSpy.around(memory, (method, args, proceed) -> {
            if (method.equals("count") && down.get()) {
                Thread.sleep(500);      // as long as a pool waits for a connection to a dead database, say
                throw new StoreUnavailableException("the database is down", null);
            }
            return proceed.call();
        });
        try (RunningServer running = RunningServer.admitting(failing, 1, 30_000)) {
            List<CompletableFuture<Long>> answered = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 8; i++) {
                answered.add(CompletableFuture.supplyAsync(() -> {
                    assertEquals(503, running.api.get("/v1/datasets/count").status());
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }));
            }
            long slowest = 0;
            for (CompletableFuture<Long> answer : answered) {
                slowest = Math.max(slowest, answer.get(30, TimeUnit.SECONDS));
            }
            assertTrue(slowest < 2_000, "8 requests of an outage, one at a time at the store: the last 503 came after " + slowest
                    + " ms (one after another: 4,000)");

            down.set(false);
            assertEquals(200, running.api.get("/v1/datasets/count").status(), "the first success ends the outage");
            assertEquals(200, running.api.get("/v1/datasets/count").status());
        }
    }
}
