package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.bootstrap.Main;
import org.HdrHistogram.Histogram;

import java.io.IOException;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A soak: the real server process on the local MariaDB, 8 keep-alive connections of mixed load (create, use,
 * claim, page, stats) for a given time. Reports errors, throughput, p50/p99 latency, the server's heap after GC
 * and resident memory each minute, and the most requests ever waiting for a pooled connection. Exits non-zero on
 * any error.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.SoakTest [seconds]}
 */
public final class SoakTest {

    private static final int CLIENTS = 8;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        String schema = "datasets_soak_" + UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        int port = freePort();
        Path log = Files.createTempFile("soak-server", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DATASETS_JDBC_URL", BenchDatabase.url(schema));
        builder.environment().put("DATASETS_DB_USER", BenchDatabase.USER);
        builder.environment().put("DATASETS_DB_PASSWORD", BenchDatabase.PASSWORD);
        Process server = builder.start();
        long errors;
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + port;
            waitUntilUp(http, base);
            send(http, base, "POST", "/v1/datasets/batch", batch("seed", 1_000));
            errors = run(http, base, seconds, server.pid());
        } finally {
            server.destroy();
            server.waitFor();
            BenchDatabase.dropSchema(schema);
            System.out.println("server log: " + log);
        }
        // Only after the server is stopped and its schema dropped: a failing soak leaves nothing behind.
        if (errors > 0) {
            System.out.println("soak failed: " + errors + " requests answered an error");
            System.exit(1);
        }
    }

    /** Runs the load; returns how many requests answered an error. */
    private static long run(HttpClient http, String base, int seconds, long serverPid) throws Exception {
        AtomicLong errors = new AtomicLong();
        Histogram[] latencies = new Histogram[CLIENTS];
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            latencies[c] = Report.micros();
            clients.add(pool.submit(() -> {
                for (int i = 0; System.nanoTime() < deadline; i++) {
                    String path;
                    String method = "POST";
                    String body;
                    switch (i % 5) {
                        case 0 -> { path = "/v1/datasets"; body = "{\"trajectory_id\":\"soak_" + client + "_" + i + "\",\"run_id\":\"soak\"}"; }
                        case 1 -> { path = "/v1/trajectories/seed_" + ((client * 131 + i) % 1_000) + "/use"; body = ""; }
                        case 2 -> { path = "/v1/claims"; body = "{\"count\":8,\"run_id\":\"seed\"}"; }
                        case 3 -> { path = "/v1/datasets?run_id=soak&limit=50&after_id=" + (i * 7L % 5_000); method = "GET"; body = null; }
                        default -> { path = "/v1/datasets/stats?run_id=seed"; method = "GET"; body = null; }
                    }
                    long start = System.nanoTime();
                    int status = send(http, base, method, path, body);
                    if (status >= 400) {
                        errors.incrementAndGet();
                    }
                    latencies[client].recordValue(Math.min((System.nanoTime() - start) / 1000, latencies[client].getHighestTrackableValue()));
                }
                return null;
            }));
        }
        long startedAt = System.nanoTime();
        long pendingMax = 0;
        int minute = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(Math.min(60_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            pendingMax = Math.max(pendingMax, metric(http, base, "hikaricp_connections_pending"));
            minute++;
            System.out.printf(Locale.ROOT, "minute %d: server heap %.1f MiB used (JVM-reported), resident %.1f MiB, pool waiting max so far %d, errors %d%n",
                    minute, metric(http, base, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\}") / 1048576.0,
                    Measure.residentMiB(serverPid), pendingMax, errors.get());
        }
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - startedAt) / 1e9;
        Histogram all = Report.micros();
        for (Histogram client : latencies) {
            all.add(client);
        }
        long total = all.getTotalCount();
        System.out.printf(Locale.ROOT, "%n%d connections, %d s: %,d requests, %,.0f req/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, errors %d, most waiting for a connection %d%n",
                CLIENTS, seconds, total, total / elapsed, all.getValueAtPercentile(50) / 1e3, all.getValueAtPercentile(99) / 1e3,
                all.getValueAtPercentile(99.9) / 1e3, errors.get(), pendingMax);
        return errors.get();
    }

    private static long metric(HttpClient http, String base, String pattern) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = Pattern.compile("^" + pattern + "\\s+([0-9.eE+]+)", Pattern.MULTILINE).matcher(text);
            long sum = 0;
            while (matcher.find()) {
                sum += (long) Double.parseDouble(matcher.group(1));
            }
            return sum;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static String batch(String prefix, int size) {
        StringBuilder items = new StringBuilder("{\"items\":[");
        for (int i = 0; i < size; i++) {
            items.append(i == 0 ? "" : ",").append("{\"trajectory_id\":\"").append(prefix).append('_').append(i)
                    .append("\",\"run_id\":\"").append(prefix).append("\"}");
        }
        return items.append("]}").toString();
    }

    private static int send(HttpClient http, String base, String method, String path, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 599;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 599;
        }
    }

    private static void waitUntilUp(HttpClient http, String base) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (send(http, base, "GET", "/health", null) == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server did not come up");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private SoakTest() {
    }
}
