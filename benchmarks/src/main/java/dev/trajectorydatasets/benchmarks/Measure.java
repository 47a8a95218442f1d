package dev.trajectorydatasets.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;

/** How the benchmarks time things. */
final class Measure {

    private Measure() {
    }

    /** Items per second of one timed run of {@code work}, which returns how many items it did. */
    static double rate(int expected, IntSupplier work) {
        long start = System.nanoTime();
        int done = work.getAsInt();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (done != expected) {
            throw new IllegalStateException("expected " + expected + " items, did " + done);
        }
        return done / seconds;
    }

    /** What {@link #concurrently} did: items in all, and per second. */
    record Throughput(long total, double perSecond) {
    }

    /** {@code threads} threads repeat {@code work} (which returns items done) for {@code seconds}. */
    static Throughput concurrently(int threads, int seconds, Callable<Integer> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            long start = System.nanoTime();
            List<Future<Long>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    long items = 0;
                    while (System.nanoTime() < deadline) {
                        items += work.call();
                    }
                    return items;
                }));
            }
            long total = 0;
            for (Future<Long> thread : running) {
                total += thread.get();
            }
            return new Throughput(total, total / ((System.nanoTime() - start) / 1e9));
        } finally {
            pool.shutdown();
        }
    }

    /** The median of {@code samples} timings of {@code work}, in milliseconds. */
    static double medianMillis(int samples, IntSupplier work) {
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            work.getAsInt();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return median(millis);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Resident memory of process {@code pid} in MiB, from /proc; -1 where there is none. */
    static double residentMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
