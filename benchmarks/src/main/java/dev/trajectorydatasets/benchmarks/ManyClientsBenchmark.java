package dev.trajectorydatasets.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cluster of trainers against one server (issue 33): the server a process of its own on the local MariaDB (its
 * default pool of 10 connections), and N asynchronous HTTP/1.1 clients in this JVM ({@code java.net.http},
 * {@code sendAsync}: a client is a chain of requests, each sent when the last one answers). A quarter are rollout
 * workers creating tasks of 4 with rewards 1 and 0 ({@code POST /v1/datasets/batch}); three quarters are trainers
 * taking one leased group of 4 with mixed rewards, waiting up to a second for one, and acknowledging it with their
 * next claim ({@code POST /v1/group-claims} with {@code acknowledge_lease_id}). At the end every lease is
 * acknowledged and the counts checked: every row created is used at most once, and the rows acknowledged are the
 * rows counted. Reported per client count: rows acknowledged per second, the latency of creates and of claims that
 * took a group (p50, p99, max), the CPU seconds the server and this client used, and requests answered per second
 * with what it implies: every client always has one request out, so (Little's law) the mean request takes clients /
 * (requests/s), whatever the server does inside; a p99 below that needs more requests answered per second. Every
 * POST carries an {@code Idempotency-Key} (a new one per logical request) as the Python client's do, and a request
 * whose connection fails before an answer is read is sent again with its key, counted in its own column: the counts
 * stay exact, and the column shows how often it happens (it ended whole harness runs before it was retried).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.ManyClientsBenchmark [seconds] [clients...]}
 * (default 30 s at 32, 128 and 256 clients).
 */
public final class ManyClientsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TASK = 4;

    private ManyClientsBenchmark() {
    }

    /**
     * Seconds a client keeps an idle connection for reuse: below the server's idle timeout (Jetty's 30 s), so the
     * client never sends on a connection the server is closing (at 256 clients a pooled connection sat idle that long
     * and a claim met a reset). Read once, when the JDK's HTTP client is first used: set it before.
     */
    static void keepIdleConnectionsBriefly() {
        System.setProperty("jdk.httpclient.keepalive.timeout", "10");
    }

    public static void main(String[] args) throws Exception {
        keepIdleConnectionsBriefly();
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        List<Integer> counts = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            counts.add(Integer.parseInt(args[i]));
        }
        System.out.println(run(seconds, counts.isEmpty() ? List.of(32, 128, 256) : counts));
    }

    /** One row of the report. */
    private record Result(int clients, double rowsPerSecond, double requestsPerSecond, Histogram creates, Histogram claims, double serverCpu, double clientCpu, long empty,
                          long refused, long resent) {
    }

    static String run(int seconds, List<Integer> clientCounts) throws Exception {
        StringBuilder md = new StringBuilder(Report.measured("the server a process of its own with its default pool of 10 connections",
                "ManyClientsBenchmark " + seconds + " " + String.join(" ", clientCounts.stream().map(String::valueOf).toList()))).append("\n\n");
        md.append(String.format(Locale.ROOT, "| clients (creators + trainers) | rows acknowledged/s | share of the first | create p50 / p99 / max |"
                + " group claim p50 / p99 / max (claims that took a group) | claims answered empty | refused busy (503, retried) | connection failed (sent again, same key) | server CPU |"
                + " client CPU | requests answered/s | clients / requests/s |%n|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|%n"));
        double first = 0;
        for (int clients : clientCounts) {
            Result result = once(clients, seconds);
            first = first == 0 ? result.rowsPerSecond() : first;
            md.append(String.format(Locale.ROOT, "| %d (%d + %d) | %,.0f | %.2f | %s | %s | %,d | %,d | %,d | %.0f%% of a core | %.0f%% of a core | %,.0f |"
                            + " %,.0f ms |%n",
                    clients, clients / 4, clients - clients / 4, result.rowsPerSecond(), result.rowsPerSecond() / first,
                    percentiles(result.creates()), percentiles(result.claims()), result.empty(), result.refused(), result.resent(),
                    100 * result.serverCpu() / seconds, 100 * result.clientCpu() / seconds, result.requestsPerSecond(),
                    1000 * clients / result.requestsPerSecond()));
        }
        return md.toString();
    }

    private static String percentiles(Histogram histogram) {
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms", histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0);
    }

    private static Result once(int clients, int seconds) throws Exception {
        String schema = "datasets_many_" + UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("many-clients-server", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.log.access=warn"));
        // DATASETS_BENCH_SERVER_JVM_OPTIONS: options for the server's JVM only (a flight recording, say).
        String serverOptions = System.getenv().getOrDefault("DATASETS_BENCH_SERVER_JVM_OPTIONS", "").trim();
        if (!serverOptions.isEmpty()) {
            command.addAll(List.of(serverOptions.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.trajectorydatasets.bootstrap.Main",
                "serve", "--port", Integer.toString(port), "--store", "mysql"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DATASETS_JDBC_URL", BenchDatabase.url(schema));
        builder.environment().put("DATASETS_DB_USER", BenchDatabase.USER);
        builder.environment().put("DATASETS_DB_PASSWORD", BenchDatabase.PASSWORD);
        Process server = builder.start();
        String base = "http://127.0.0.1:" + port;
        java.util.concurrent.ExecutorService callbacks = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "many-clients");
            thread.setDaemon(true);
            return thread;
        });
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks)
                .connectTimeout(Duration.ofSeconds(10)).build();
        try {
            awaitUp(http, base, server, log);
            String run = "many";
            Histogram creates = Report.micros();
            Histogram claims = Report.micros();
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong created = new AtomicLong();
            AtomicLong empty = new AtomicLong();
            AtomicBoolean measuring = new AtomicBoolean(false);
            AtomicBoolean running = new AtomicBoolean(true);
            REFUSED.set(0);
            RESENT.set(0);
            int creators = clients / 4;
            List<CompletableFuture<Long>> loops = new ArrayList<>();
            for (int c = 0; c < creators; c++) {
                loops.add(createLoop(http, base, run, "w" + c, 0, running, measuring, creates, created));
            }
            for (int t = creators; t < clients; t++) {
                loops.add(trainLoop(http, base, run, 0L, running, measuring, claims, acknowledged, empty));
            }
            Thread.sleep(3_000);
            long startRows = acknowledged.get();
            long startAnswered = ANSWERED.get();
            measuring.set(true);
            long serverCpu = cpuNanos(server);
            long clientCpu = ownCpuNanos();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long rows = acknowledged.get() - startRows;
            long answered = ANSWERED.get() - startAnswered;
            double elapsed = (System.nanoTime() - start) / 1e9;
            serverCpu = cpuNanos(server) - serverCpu;
            clientCpu = ownCpuNanos() - clientCpu;
            measuring.set(false);
            running.set(false);
            long leftOver = 0;
            for (CompletableFuture<Long> loop : loops) {
                leftOver += loop.get();
            }
            check(http, base, run, created.get(), acknowledged.get() + leftOver);
            System.out.printf(Locale.ROOT, "%d clients: %,.0f rows acknowledged/s, create p99 %.0f ms, claim p99 %.0f ms (cpu server %.1f s, client %.1f s)%n",
                    clients, rows / elapsed, creates.getValueAtPercentile(99) / 1000.0, claims.getValueAtPercentile(99) / 1000.0,
                    serverCpu / 1e9, clientCpu / 1e9);
            return new Result(clients, rows / elapsed, answered / elapsed, creates, claims, serverCpu / 1e9, clientCpu / 1e9, empty.get(),
                    REFUSED.get(), RESENT.get());
        } finally {
            callbacks.shutdownNow();
            server.destroy();
            server.waitFor();
            BenchDatabase.dropSchema(schema);
        }
    }

    /** A rollout worker: tasks of 4 with rewards 1, 0, 1, 0, one batch each, until stopped; completes with 0. */
    private static CompletableFuture<Long> createLoop(HttpClient http, String base, String run, String worker, int n, AtomicBoolean running,
                                                      AtomicBoolean measuring, Histogram latency, AtomicLong created) {
        if (!running.get()) {
            return CompletableFuture.completedFuture(0L);
        }
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (int i = 0; i < TASK; i++) {
            body.append(i == 0 ? "" : ",").append("{\"trajectory_id\":\"").append(worker).append('_').append(n).append('_').append(i)
                    .append("\",\"run_id\":\"").append(run).append("\",\"task_id\":\"").append(worker).append('_').append(n)
                    .append("\",\"reward\":").append(i % 2);
            body.append('}');
        }
        body.append("]}");
        long sent = System.nanoTime();
        return send(http, post(base + "/v1/datasets/batch", body.toString())).thenCompose(response -> {
            expect(response, 201);
            created.addAndGet(TASK);
            record(measuring, latency, sent);
            return createLoop(http, base, run, worker, n + 1, running, measuring, latency, created);
        });
    }

    /**
     * A trainer: a leased group of 4 with mixed rewards (waiting up to a second), its previous lease acknowledged by
     * the same request, until stopped; completes with the rows of its last lease, acknowledged then.
     */
    private static CompletableFuture<Long> trainLoop(HttpClient http, String base, String run, long lease, AtomicBoolean running,
                                                     AtomicBoolean measuring, Histogram latency, AtomicLong acknowledged, AtomicLong empty) {
        if (!running.get()) {
            if (lease == 0) {
                return CompletableFuture.completedFuture(0L);
            }
            return send(http, post(base + "/v1/leases/" + lease + "/ack", "{}")).thenApply(response -> (long) settled(expect(response, 200), "items"));
        }
        String body = "{\"run_id\":\"" + run + "\",\"group_size\":" + TASK + ",\"max_groups\":1,\"mixed_rewards\":true,\"lease_seconds\":120,"
                + "\"wait_ms\":1000" + (lease == 0 ? "" : ",\"acknowledge_lease_id\":" + lease) + "}";
        long sent = System.nanoTime();
        return send(http, post(base + "/v1/group-claims", body)).thenCompose(response -> {
            JsonNode answer = expect(response, 200);
            if (lease != 0) {
                acknowledged.addAndGet(settled(answer.get("acknowledged"), "items"));
            }
            JsonNode next = answer.get("lease_id");
            if (answer.get("groups").isEmpty()) {
                empty.incrementAndGet();
            } else {
                record(measuring, latency, sent);
            }
            return trainLoop(http, base, run, next == null || next.isNull() ? 0 : next.asLong(), running, measuring, latency, acknowledged, empty);
        });
    }

    /** Requests the server refused as busy (503, retried after its Retry-After, as a client should). */
    private static final AtomicLong REFUSED = new AtomicLong();
    /** Requests answered (but 503s). */
    private static final AtomicLong ANSWERED = new AtomicLong();

    /** Requests sent again after the connection failed (no answer read), with the same Idempotency-Key. */
    private static final AtomicLong RESENT = new AtomicLong();

    /**
     * Sends {@code request}; a 503 is sent again after the server's Retry-After (1 s if it gives none), and counted; a
     * request whose connection failed before an answer is sent again (up to 3 times, after 100 ms) with its key, as
     * the Python client does, and counted.
     */
    private static CompletableFuture<HttpResponse<String>> send(HttpClient http, HttpRequest request) {
        return answer(http, request, 0).thenCompose(response -> {
            if (response.statusCode() != 503) {
                ANSWERED.incrementAndGet();
                return CompletableFuture.completedFuture(response);
            }
            REFUSED.incrementAndGet();
            long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
            return CompletableFuture.supplyAsync(() -> request, CompletableFuture.delayedExecutor(seconds, java.util.concurrent.TimeUnit.SECONDS))
                    .thenCompose(again -> send(http, again));
        });
    }

    /** {@code request}'s answer, sent again with the same key while its connection fails (IOException). */
    private static CompletableFuture<HttpResponse<String>> answer(HttpClient http, HttpRequest request, int failures) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(response);
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            if (!(cause instanceof IOException) || failures >= 3) {
                return CompletableFuture.<HttpResponse<String>>failedFuture(cause);
            }
            RESENT.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> request, CompletableFuture.delayedExecutor(100, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .thenCompose(again -> answer(http, again, failures + 1));
        }).thenCompose(next -> next);
    }

    private static int settled(JsonNode settlement, String field) {
        return settlement == null || settlement.isNull() ? 0 : settlement.get(field).size();
    }

    private static void record(AtomicBoolean measuring, Histogram latency, long sent) {
        if (measuring.get()) {
            synchronized (latency) {
                latency.recordValue(Math.min((System.nanoTime() - sent) / 1000, 59_000_000L));
            }
        }
    }

    private static JsonNode expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.statusCode() + " " + response.body().substring(0, Math.min(300, response.body().length())));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row created used at most once, and the uses counted are the rows acknowledged. */
    private static void check(HttpClient http, String base, String run, long created, long acknowledged) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/datasets/stats?run_id=" + run)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode stats = expect(response, 200);
        long total = stats.get("total_count").asLong();
        long used = Math.round(stats.get("avg_usage_time").asDouble() * total);
        long maxUsed = stats.get("max_usage_time").asLong();
        if (total != created || used != acknowledged || maxUsed > 1) {
            throw new IllegalStateException(String.format(Locale.ROOT, "counts: %d rows for %d created, %d uses for %d acknowledged, max used %d",
                    total, created, used, acknowledged, maxUsed));
        }
    }

    private static HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString()).build();
    }

    private static void awaitUp(HttpClient http, String base, Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("server exited: " + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("server not up in 60 s: " + Files.readString(log));
    }

    /** CPU time of a process (user + system), from /proc. */
    private static long cpuNanos(Process process) throws IOException {
        String[] fields = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat")).split("\\) ")[1].split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10_000_000L;
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
