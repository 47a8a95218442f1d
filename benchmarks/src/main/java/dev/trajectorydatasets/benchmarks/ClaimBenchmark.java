package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.adapter.http.DatasetHttpServer;
import dev.trajectorydatasets.adapter.http.StoreStatus;
import dev.trajectorydatasets.adapter.mysql.MySqlSettings;
import dev.trajectorydatasets.application.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.bootstrap.DatasetManagers;
import dev.trajectorydatasets.domain.ClaimRequest;
import dev.trajectorydatasets.domain.UsageStats;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Claims on the local MariaDB: 8 concurrent claimers taking 32 records per claim, through the embedded API and
 * over HTTP (a real server on a loopback port), then checks that the uses recorded equal the uses handed out.
 * Then the latency of one claim at 10,000 and at 1,000,000 rows.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.ClaimBenchmark [seconds] [big-rows]}
 * with {@code DATASETS_BENCH_JDBC_URL} (default {@code jdbc:mysql://127.0.0.1:3306/test}).
 */
public final class ClaimBenchmark {

    private static final int CLAIMERS = 8;
    private static final int PER_CLAIM = 32;
    private static final int RUN_ROWS = 10_000;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int bigRows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        String serverUrl = Optional.ofNullable(System.getenv("DATASETS_BENCH_JDBC_URL")).orElse("jdbc:mysql://127.0.0.1:3306/test");
        String schema = "datasets_claims_" + UUID.randomUUID().toString().substring(0, 8);
        execute(serverUrl, "CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        try (DatasetManager manager = DatasetManagers.mysql(settings(serverUrl, schema))) {
            fill(manager, "hot", RUN_ROWS);
            ClaimRequest claim = ClaimRequest.of(PER_CLAIM).inRun("hot").usedBelow(1_000_000);

            double embedded = throughput(seconds, () -> manager.claimTrajectories(claim).size());
            check(manager, "embedded");

            try (DatasetHttpServer server = new DatasetHttpServer(manager, new StoreStatus("bench", () -> true), "bench",
                    new DatasetHttpServer.Settings("127.0.0.1", 0, Optional.empty())).start()) {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/claims"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"count\":" + PER_CLAIM + ",\"run_id\":\"hot\",\"max_used\":1000000}"))
                        .header("Content-Type", "application/json").build();
                double overHttp = throughput(seconds, () -> {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(response.body());
                    }
                    return countOccurrences(response.body(), "\"trajectory_id\"");
                });
                check(manager, "http");
                System.out.printf(Locale.ROOT, "%n%d claimers x %d per claim on MariaDB: embedded %,.0f records/s, HTTP %,.0f records/s%n",
                        CLAIMERS, PER_CLAIM, embedded, overHttp);
            }

            double small = claimLatency(manager, claim);
            fill(manager, "cold", bigRows - RUN_ROWS);
            double big = claimLatency(manager, claim);
            System.out.printf(Locale.ROOT, "one claim of %d (least used, one run of %,d): %.2f ms at %,d rows, %.2f ms at %,d rows (x%.2f)%n",
                    PER_CLAIM, RUN_ROWS, small, RUN_ROWS, big, manager.countDatasets(), big / small);
        } finally {
            execute(serverUrl, "DROP DATABASE IF EXISTS " + schema);
        }
    }

    private static long handedOut;

    /** Records per second claimed by {@value #CLAIMERS} threads over {@code seconds}. */
    private static double throughput(int seconds, Callable<Integer> oneClaim) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        List<Future<Long>> claimers = new ArrayList<>();
        for (int i = 0; i < CLAIMERS; i++) {
            claimers.add(pool.submit(() -> {
                long records = 0;
                while (System.nanoTime() < deadline) {
                    records += oneClaim.call();
                }
                return records;
            }));
        }
        long total = 0;
        for (Future<Long> claimer : claimers) {
            total += claimer.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        handedOut += total;
        return total / elapsed;
    }

    /** Every use handed out is recorded, and none twice: the sum of {@code used} equals the uses handed out. */
    private static void check(DatasetManager manager, String phase) {
        UsageStats stats = manager.getUsageStats("hot");
        long recorded = Math.round(stats.averageUsed() * stats.totalCount());
        System.out.printf(Locale.ROOT, "%s: %,d uses handed out, %,d recorded, %d lost%n", phase, handedOut, recorded, handedOut - recorded);
        if (recorded != handedOut) {
            throw new IllegalStateException("lost counts: handed out " + handedOut + ", recorded " + recorded);
        }
    }

    private static double claimLatency(DatasetManager manager, ClaimRequest claim) {
        double[] samples = new double[201];
        for (int i = 0; i < samples.length; i++) {
            long start = System.nanoTime();
            handedOut += manager.claimTrajectories(claim).size();
            samples[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(samples);
        return samples[samples.length / 2];
    }

    private static void fill(DatasetManager manager, String run, int rows) {
        for (int done = 0; done < rows; done += 10_000) {
            int size = Math.min(10_000, rows - done);
            int offset = done;
            manager.createDatasets(IntStream.range(0, size)
                    .mapToObj(i -> CreateDatasetCommand.of(run + "_" + (offset + i)).inRun(run)).toList());
        }
    }

    private static int countOccurrences(String text, String token) {
        int count = 0;
        for (int at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
            count++;
        }
        return count;
    }

    private static MySqlSettings settings(String serverUrl, String schema) {
        MySqlSettings defaults = MySqlSettings.localDefaults();
        int pathStart = serverUrl.indexOf('/', serverUrl.indexOf("//") + 2);
        String url = (pathStart < 0 ? serverUrl : serverUrl.substring(0, pathStart)) + "/" + schema;
        return new MySqlSettings(defaults.host(), defaults.port(), schema, "root", "", "utf8mb4", defaults.connectTimeout(),
                Duration.ofMinutes(5), Duration.ofMinutes(5), CLAIMERS + 2, Duration.ofSeconds(30), Optional.of(url));
    }

    private static void execute(String serverUrl, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(serverUrl, "root", ""); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
