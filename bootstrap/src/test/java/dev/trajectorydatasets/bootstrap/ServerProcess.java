package dev.trajectorydatasets.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real main in a process of its own, on a free port, driven over HTTP: what an operator runs. */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final int port;
    private final Thread reader;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerProcess(Process process) throws IOException {
        this.process = process;
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        this.reader = new Thread(() -> {
            try {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        listening.complete(Integer.parseInt(matcher.group(1)));
                    }
                }
                listening.completeExceptionally(new IllegalStateException("server exited before listening: " + output()));
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            this.port = listening.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("server did not start: " + output(), e);
        }
    }

    /** Starts {@code Main serve --port 0} with {@code env} added to this JVM's environment. */
    static ServerProcess start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("DATASETS_"));
        builder.environment().putAll(env);
        return new ServerProcess(builder.start());
    }

    /**
     * {@code Main serve} on database {@code schema} of node {@code node} of {@code cluster}, its reads waiting until
     * the node has applied what other nodes committed before them ({@code wsrep_sync_wait=1}).
     */
    static ServerProcess onGalera(dev.trajectorydatasets.adapter.mysql.GaleraCluster cluster, int node, String schema) throws IOException {
        Map<String, String> env = new java.util.HashMap<>(cluster.environment(node));
        env.put("DATASETS_JDBC_URL", cluster.url(node, schema) + "?sessionVariables=wsrep_sync_wait=1");
        return start(env);
    }

    int port() {
        return port;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(body, e);
            }
        }
    }

    Reply send(String method, String path, String body) {
        return send(method, path, body, Map.of());
    }

    /** A POST carrying an {@code Idempotency-Key}. */
    Reply postWithKey(String path, String key, String body) {
        return send("POST", path, body, Map.of("Idempotency-Key", key));
    }

    Reply send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply post(String path, String body) {
        return send("POST", path, body);
    }

    /** Sends SIGTERM and waits; returns the exit status. */
    int terminate() throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of its output and lose the last lines.
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("server did not stop on SIGTERM: " + output());
        }
        reader.join(5_000);
        return process.exitValue();
    }

    /** SIGKILL: a crash, nothing shut down. */
    void crash() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        reader.join(5_000);
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
