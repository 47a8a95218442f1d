package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainer's promise at the seams of a real server (issue 29): an acknowledgement sent with a waiting claim counts
 * before the wait ends; a claim whose client left takes nothing; a restarted trainer finds and frees its leases.
 * Waits are 25 s; what must happen sooner is awaited for at most 10 s, so a pass cannot be the deadline's.
 */
class TrainerPromiseRoutesTest {

    private static final RunningServer RUNNING = RunningServer.inMemory();
    private final ApiClient api = RUNNING.api;
    private final String run = "r-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterAll
    static void stop() {
        RUNNING.close();
    }

    private void rollouts(String task, int count) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ",").append("{\"trajectory_id\":\"").append(run).append('-').append(task).append('-').append(i)
                    .append("\",\"run_id\":\"").append(run).append("\",\"task_id\":\"").append(task).append("\"}");
        }
        assertEquals(201, api.post("/v1/datasets/batch", "{\"items\":[" + items + "]}").status());
    }

    private int used(String task, int i) {
        return api.get("/v1/trajectories/" + run + "-" + task + "-" + i).json().get("used").asInt();
    }

    @Test
    void an_ack_sent_with_a_waiting_claim_is_counted_while_the_claim_still_waits() throws Exception {
        rollouts("a", 2);
        String step = "{\"run_id\":\"" + run + "\",\"group_size\":2,\"lease_seconds\":60,\"consumer\":\"trainer-1\"";
        long first = api.post("/v1/group-claims", step + "}").json().get("lease_id").asLong();

        CompletableFuture<ApiClient.Response> next = CompletableFuture.supplyAsync(
                () -> api.post("/v1/group-claims", step + ",\"wait_ms\":25000,\"acknowledge_lease_id\":" + first + "}"));
        awaitWaiters(1);

        assertEquals(List.of(1, 1), List.of(used("a", 0), used("a", 1)), "counted before the claim answered");
        JsonNode lease = api.get("/v1/leases/" + first).json();
        assertEquals("settled", lease.get("state").asText());
        assertEquals("acknowledge", api.get("/v1/trajectories/" + run + "-a-0/history").json().get("items").get(0).get("kind").asText());
        assertTrue(next.getNow(null) == null, "the claim still waits");

        rollouts("b", 2);
        ApiClient.Response answer = next.get(10, TimeUnit.SECONDS);
        assertEquals(200, answer.status(), answer.body());
        assertEquals("b", answer.json().get("groups").get(0).get("task_id").asText());
        assertEquals(2, answer.json().get("acknowledged").get("items").size(), "the answer still reports the acknowledgement");
        assertEquals(List.of(1, 1), List.of(used("a", 0), used("a", 1)), "counted once");
    }

    @Test
    void a_waiting_claim_whose_client_left_takes_nothing_even_when_data_arrives_at_once() throws Exception {
        for (String lease : List.of("", ",\"lease_seconds\":600")) {
            String task = lease.isEmpty() ? "counted" : "leased";
            try (Socket client = waitingClaim("{\"run_id\":\"" + run + "\",\"group_size\":2,\"wait_ms\":25000,\"consumer\":\"gone-"
                    + task + "\"" + lease + "}")) {
                awaitWaiters(1);
            }
            rollouts(task, 2);
            awaitNoWaiters();

            assertEquals(List.of(0, 0), List.of(used(task, 0), used(task, 1)), task + ": nothing counted for a client that left");
            assertEquals(0, api.get("/v1/leases?consumer=gone-" + task + "&state=all").json().get("items").size(),
                    task + ": no lease made for it");
            assertEquals(2, api.post("/v1/group-claims", "{\"run_id\":\"" + run + "\",\"group_size\":2}").json().get("groups").get(0)
                    .get("items").size(), task + ": the next trainer gets the rows");
        }
    }

    @Test
    void a_waiting_claim_whose_client_left_stops_waiting_long_before_its_deadline() throws Exception {
        long start = System.nanoTime();
        try (Socket client = waitingClaim("{\"run_id\":\"" + run + "\",\"group_size\":2,\"wait_ms\":25000,\"lease_seconds\":60}")) {
            awaitWaiters(1);
        }
        awaitNoWaiters();
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10, "stopped waiting, not answered at the deadline");
    }

    /** What README says of a pipelined request sent behind a waiting claim: dropped, and the answer closes the connection. */
    @Test
    void a_request_pipelined_behind_a_waiting_claim_closes_the_connection_after_the_claims_answer() throws Exception {
        try (Socket client = waitingClaim("{\"run_id\":\"" + run + "\",\"group_size\":2,\"wait_ms\":25000}")) {
            awaitWaiters(1);
            client.getOutputStream().write("GET /health HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            Thread.sleep(700);      // past a check of the connection (every 500 ms)
            rollouts("p", 2);
            client.setSoTimeout(10_000);
            String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer);
            assertEquals(1, answer.split("HTTP/1.1 ").length - 1, "the pipelined request is not answered: " + answer);
        }
    }

    @Test
    void a_restarted_trainer_lists_and_frees_its_predecessors_leases() {
        rollouts("a", 2);
        rollouts("b", 2);
        rollouts("c", 2);
        String step = "{\"run_id\":\"" + run + "\",\"group_size\":2,\"lease_seconds\":600,\"consumer\":\"" + run + "-trainer\"}";
        long acked = api.post("/v1/group-claims", step).json().get("lease_id").asLong();
        long held1 = api.post("/v1/group-claims", step).json().get("lease_id").asLong();
        long held2 = api.post("/v1/group-claims", step).json().get("lease_id").asLong();
        assertEquals(200, api.post("/v1/leases/" + acked + "/ack", "").status());
        String leases = "/v1/leases?consumer=" + run + "-trainer";

        assertEquals(List.of(held1, held2), leaseIds(api.get(leases).json()));
        assertEquals(List.of(acked), leaseIds(api.get(leases + "&state=settled").json()));
        assertEquals(List.of(acked, held1, held2), leaseIds(api.get(leases + "&state=all").json()));
        JsonNode firstPage = api.get(leases + "&limit=1").json();
        assertEquals(List.of(held1), leaseIds(firstPage));
        assertEquals(List.of(held2), leaseIds(api.get(leases + "&limit=1&after_lease_id=" + firstPage.get("next_after_lease_id").asLong()).json()));
        assertEquals(0, api.get("/v1/leases?consumer=somebody-else").json().get("items").size());

        ApiClient.Response released = api.post("/v1/consumers/" + run + "-trainer/release", "");

        assertEquals(200, released.status(), released.body());
        assertEquals(2, released.json().get("leases").asInt());
        assertEquals(4, released.json().get("rows").asInt());
        assertEquals(List.of(), leaseIds(api.get(leases).json()));
        assertEquals(4, api.post("/v1/claims", "{\"count\":10,\"run_id\":\"" + run + "\",\"max_used\":1}").json().get("items").size(),
                "the freed rows are eligible at once; the acknowledged ones stay counted");
        assertEquals(0, api.post("/v1/consumers/" + run + "-trainer/release", "").json().get("rows").asInt(), "nothing left to free");
        assertEquals("consumer", api.get("/v1/leases").json().get("field").asText());
    }

    private static List<Long> leaseIds(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(lease -> ids.add(lease.get("lease_id").asLong()));
        return ids;
    }

    /** A group claim sent on a raw connection kept open (the caller closes it to leave). */
    private static Socket waitingClaim(String body) throws IOException {
        Socket socket = new Socket("127.0.0.1", RUNNING.server.port());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/group-claims HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    private static void awaitWaiters(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (RUNNING.manager.waitingClaims() < count) {
            assertTrue(System.nanoTime() < deadline, "the requests never started waiting");
            Thread.sleep(10);
        }
    }

    private static void awaitNoWaiters() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (RUNNING.manager.waitingClaims() > 0) {
            assertTrue(System.nanoTime() < deadline, "a claim whose client left kept waiting");
            Thread.sleep(10);
        }
    }
}
