package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.adapter.http.DatasetHttpServer;
import dev.trajectorydatasets.adapter.http.StoreStatus;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.embedded.DatasetManagers;
import dev.trajectorydatasets.domain.claim.ClaimRequest;
import dev.trajectorydatasets.domain.overview.UsageStats;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
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
        String schema = "datasets_claims_" + UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        try (DatasetManager manager = DatasetManagers.mysql(BenchDatabase.settings(schema, CLAIMERS + 2))) {
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
            BenchDatabase.dropSchema(schema);
        }
    }

    private static long handedOut;

    /** Records per second claimed by {@value #CLAIMERS} threads over {@code seconds}; counts what was handed out. */
    private static double throughput(int seconds, Callable<Integer> oneClaim) throws Exception {
        Measure.Throughput claimed = Measure.concurrently(CLAIMERS, seconds, oneClaim);
        handedOut += claimed.total();
        return claimed.perSecond();
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
        return Measure.medianMillis(201, () -> {
            int claimed = manager.claimTrajectories(claim).size();
            handedOut += claimed;
            return claimed;
        });
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


}
