package dev.trajectorydatasets.adapter.mysql;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What the tests' own database servers ({@link ScratchMariaDb}, {@link GaleraCluster}) need from the machine. */
final class LocalProcesses {

    private LocalProcesses() {
    }

    /** Runs {@code command} to its end, its output to {@code log}; fails unless it exits with 0. */
    static void run(List<String> command, Path log) throws IOException {
        try {
            int status = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
            if (status != 0) {
                throw new IOException(String.join(" ", command.subList(0, Math.min(3, command.size()))) + " ... exited with "
                        + status + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * A TCP port free now, below the kernel's range of ephemeral ports: a port the kernel hands out (port 0) can be
     * given again, before the server binds it, as the source port of some outgoing connection (Galera nodes connect
     * to each other while the next one starts), and then that server cannot listen.
     */
    static int freePort() throws IOException {
        return freePorts(1).get(0);
    }

    /** {@code count} different free ports (see {@link #freePort()}). */
    static List<Integer> freePorts(int count) throws IOException {
        java.util.Set<Integer> ports = new java.util.LinkedHashSet<>();
        int below = 32_768;
        // Read as a stream: the file reports a size of 0, which Files.readString trusts.
        try (java.io.InputStream in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            String[] range = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim().split("\\s+");
            int first = Integer.parseInt(range[0]);
            below = first > 16_384 ? Math.min(below, first) : below;
        } catch (IOException | RuntimeException unknown) {
            // not Linux: keep the usual bound
        }
        int lowest = Math.max(1_024, below - 12_000);
        for (int attempt = 0; attempt < 200 * count && ports.size() < count; attempt++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(lowest, below);
            if (ports.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                ports.add(port);
            } catch (IOException taken) {
                // try another
            }
        }
        if (ports.size() < count) {
            throw new IOException("no " + count + " free ports between " + lowest + " and " + below);
        }
        return List.copyOf(ports);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes {@code folder} and everything in it; what cannot be deleted stays (a temporary folder, harmless). */
    static void deleteTree(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
