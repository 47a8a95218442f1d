package dev.trajectorydatasets.benchmarks;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as an operator starts it, in a process of its own on the embedded store (H2 in a new folder): time from
 * launch to the first 200 from {@code /health}; the first 100 lookups (cold JIT) next to the median after 5,000;
 * then its heap and resident memory under 8 connections of lookups, read from that process (not this one). Then the
 * same launch with an application class-data-sharing archive (JDK 17: {@code -XX:ArchiveClassesAtExit} on one run,
 * {@code -XX:SharedArchiveFile} on the next).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.trajectorydatasets.benchmarks.StartupBenchmark}
 */
final class StartupBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Report report = new Report();
        run(report, java.util.Arrays.asList(args).contains("--quick") ? 1 : 3);
        report.table.forEach(row -> System.out.println("| " + String.join(" | ", row) + " |"));
        report.figures.forEach((k, v) -> System.out.println(k + ": " + v));
    }

    static void run(Report report, int launches) throws Exception {
        Path work = Files.createTempDirectory("startup");
        Path archive = work.resolve("server.jsa");
        try {
            double[] plain = new double[launches];
            for (int i = 0; i < launches; i++) {
                plain[i] = launch(report, work.resolve("plain" + i), List.of(), i == 0 ? "" : null);
            }
            launch(report, work.resolve("dump"), List.of("-XX:ArchiveClassesAtExit=" + archive), null);
            double[] shared = new double[launches];
            for (int i = 0; i < launches; i++) {
                shared[i] = launch(report, work.resolve("cds" + i), List.of("-XX:SharedArchiveFile=" + archive), i == 0 ? ", with the CDS archive" : null);
            }
            double plainMedian = Measure.median(plain);
            double sharedMedian = Measure.median(shared);
            report.figure("start-up to the first 200 from /health (H2), ms, median of " + launches, Measure.round(plainMedian));
            report.figure("start-up to the first 200 from /health (H2) with the CDS archive, ms, median of " + launches, Measure.round(sharedMedian));
            report.figure("CDS archive size, MiB", Measure.round(Files.size(archive) / 1048576.0));
            report.row("start-up, `java` to the first 200 from /health (embedded H2)", String.format(Locale.ROOT, "%.0f ms", sharedMedian) + " with CDS",
                    "without CDS", String.format(Locale.ROOT, "%.0f ms", plainMedian), String.format(Locale.ROOT, "x%.2f", sharedMedian / plainMedian), "", "");
            System.out.printf(Locale.ROOT, "start-up: %.0f ms, with CDS %.0f ms%n", plainMedian, sharedMedian);
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * Starts the server, returns ms to the first 200 from /health. With {@code label} non-null it also reports the
     * cold and warm lookups and the memory under load (the label ends their names).
     */
    private static double launch(Report report, Path dataDir, List<String> jvmOptions, String label) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.trajectorydatasets.bootstrap.Main", "serve",
                "--port", Integer.toString(port), "--store", "h2", "--data-dir", dataDir.toString()));
        Path log = Files.createTempFile("startup-server", ".log");
        long launched = System.nanoTime();
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            double upMillis = -1;
            while (upMillis < 0) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("server exited: " + Files.readString(log));
                }
                if (status(base + "/health", null) == 200) {
                    upMillis = (System.nanoTime() - launched) / 1e6;
                } else {
                    Thread.sleep(5);
                }
                if ((System.nanoTime() - launched) > 60e9) {
                    throw new IllegalStateException("server not up in 60 s: " + Files.readString(log));
                }
            }
            if (label != null) {
                measureServed(report, base, server.pid(), label);
            }
            return upMillis;
        } finally {
            server.destroy();
            server.waitFor();
            Files.deleteIfExists(log);
        }
    }

    private static void measureServed(Report report, String base, long pid, String label) throws Exception {
        StringBuilder items = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 1_000; i++) {
            items.append(i == 0 ? "" : ",").append("{\"trajectory_id\":\"s_").append(i).append("\",\"run_id\":\"s\"}");
        }
        long createdAt = System.nanoTime();
        if (status(base + "/v1/datasets/batch", items.append("]}").toString()) != 201) {
            throw new IllegalStateException("batch create failed");
        }
        double firstCreate = (System.nanoTime() - createdAt) / 1e6;
        Histogram cold = Report.micros();
        for (int i = 0; i < 100; i++) {
            lookup(base, i, cold);
        }
        Histogram warm = Report.micros();
        for (int i = 0; i < 5_000; i++) {
            lookup(base, i, i >= 4_000 ? warm : Report.micros());
        }
        report.latency("first 100 lookups after start-up" + label, cold);
        report.latency("lookups 4,001-5,000 after start-up" + label, warm);
        report.figure("first batch create of 1,000 after start-up" + label + ", ms", Measure.round(firstCreate));
        double coldP50 = cold.getValueAtPercentile(50) / 1000.0;
        double warmP50 = warm.getValueAtPercentile(50) / 1000.0;
        report.row("first 100 lookups after start-up (cold JIT), median" + label, String.format(Locale.ROOT, "%.2f ms (max %.1f)", coldP50,
                        cold.getMaxValue() / 1000.0), "warm median", String.format(Locale.ROOT, "%.2f ms", warmP50),
                String.format(Locale.ROOT, "x%.1f", coldP50 / warmP50), "", "");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            List<Future<Integer>> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                clients.add(pool.submit(() -> {
                    int n = 0;
                    while (System.nanoTime() < deadline) {
                        lookup(base, n++, null);
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Integer> client : clients) {
                total += client.get();
            }
            double heap = heapMiB(base);
            double resident = Measure.residentMiB(pid);
            report.figure("server process under 8 connections of lookups" + label + ": lookups/s", Math.round(total / 5.0));
            report.figure("server process under load" + label + ": heap in use, MiB (its /metrics)", Measure.round(heap));
            report.figure("server process under load" + label + ": resident memory, MiB (/proc)", Measure.round(resident));
            report.row("server process (H2) under 8 connections of lookups" + label, String.format(Locale.ROOT, "heap %.0f MiB, resident %.0f MiB", heap, resident),
                    "", "", "", "", "");
        } finally {
            pool.shutdown();
        }
    }

    private static void lookup(String base, int i, Histogram into) throws Exception {
        long start = System.nanoTime();
        int code = status(base + "/v1/trajectories/s_" + (i % 1_000), null);
        if (code != 200) {
            throw new IllegalStateException("lookup answered " + code);
        }
        if (into != null) {
            into.recordValue((System.nanoTime() - start) / 1000);
        }
    }

    private static double heapMiB(String base) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\}\\s+([0-9.eE+]+)", Pattern.MULTILINE).matcher(text);
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return sum / 1048576.0;
    }

    private static int status(String url, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
            if (body != null) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
