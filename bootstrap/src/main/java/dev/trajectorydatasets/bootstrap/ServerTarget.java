package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.http.backup.BackupExport;
import dev.trajectorydatasets.adapter.http.backup.BackupRoutes;
import dev.trajectorydatasets.application.backup.BackupBatch;
import dev.trajectorydatasets.application.backup.RestoreReport;
import java.io.Writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trajectorydatasets.application.shared.KeyedPage;
import dev.trajectorydatasets.domain.KeyPage;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.domain.ConsumerGroup;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.group.GroupSummary;
import dev.trajectorydatasets.domain.checkpoint.Checkpoint;
import dev.trajectorydatasets.domain.claim.RunPause;
import dev.trajectorydatasets.domain.overview.RunContents;
import dev.trajectorydatasets.domain.overview.RunSummary;
import dev.trajectorydatasets.domain.overview.UsageStats;
import dev.trajectorydatasets.embedded.ConfigurationException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A running server, through its HTTP API ({@code --url} or {@code DATASETS_URL}, the token from
 * {@code DATASETS_API_TOKEN}): the operators' commands work while the server trains, whatever store it holds. Errors
 * are the server's own problem answers, with the route and status; the token is never printed.
 */
final class ServerTarget implements OperatorTarget {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT = Duration.ofSeconds(5);
    /** A page of 10,000 records or a batch import can take a while on a busy server. */
    private static final Duration ANSWER = Duration.ofSeconds(120);

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).build();

    ServerTarget(String url, Optional<String> token) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI parsed;
        try {
            parsed = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("--url (DATASETS_URL)", "must be a URL such as http://127.0.0.1:8080, was '" + url + "'");
        }
        if (parsed.getScheme() == null || !(parsed.getScheme().equals("http") || parsed.getScheme().equals("https")) || parsed.getHost() == null) {
            throw new ConfigurationException("--url (DATASETS_URL)", "must be an http or https URL such as http://127.0.0.1:8080, was '" + url + "'");
        }
        this.base = parsed;
        this.token = token.filter(value -> !value.isBlank());
    }

    @Override
    public KeyedPage<RunSummary, RunId> runs(KeyPage<RunId> page) {
        Map<String, String> query = new LinkedHashMap<>(Map.of("limit", String.valueOf(page.limit())));
        page.after().ifPresent(after -> query.put("after_run_id", after.value()));
        JsonNode answer = call("GET", "/v1/runs", query, null);
        List<RunSummary> runs = items(answer, run -> new RunSummary(RunId.of(run.get("run_id").asText()), run.get("trajectories").asLong(),
                run.get("unused").asLong(), run.get("total_uses").asLong(), run.get("newest_model_version").asInt(),
                run.path("newest_checkpoint").isNumber() ? OptionalInt.of(run.get("newest_checkpoint").asInt()) : OptionalInt.empty(),
                Instant.parse(run.get("first_created_at").asText()), Instant.parse(run.get("last_created_at").asText())));
        return new KeyedPage<>(runs, text(answer, "next_after_run_id").map(RunId::of));
    }

    @Override
    public UsageStats stats(Optional<String> run, ConsumerGroup group) {
        Map<String, String> query = new LinkedHashMap<>();
        run.ifPresent(r -> query.put("run_id", r));
        if (!group.isDefault()) {
            query.put("consumer_group", group.name());
        }
        JsonNode stats = call("GET", "/v1/datasets/stats", query, null);
        return new UsageStats(stats.get("total_count").asLong(), stats.get("avg_usage_time").asDouble(), stats.get("max_usage_time").asInt(),
                stats.get("min_usage_time").asInt(), stats.get("unique_runs").asLong());
    }

    @Override
    public List<GroupSummary> groups(RunId run) {
        JsonNode answer = call("GET", "/v1/runs/" + segment(run.value()) + "/consumer-groups", Map.of(), null);
        return items(answer, g -> new GroupSummary(RunId.of(g.get("run_id").asText()), ConsumerGroup.of(g.get("consumer_group").asText()),
                g.get("used").asLong(), g.get("unused").asLong(), g.get("uses").asLong()));
    }

    @Override
    public KeyedPage<Checkpoint, Integer> checkpoints(RunId run, KeyPage<Integer> page) {
        Map<String, String> query = new LinkedHashMap<>(Map.of("latest", String.valueOf(page.limit())));
        page.after().ifPresent(before -> query.put("before_version", String.valueOf(before)));
        JsonNode answer = call("GET", "/v1/runs/" + segment(run.value()) + "/checkpoints", query, null);
        List<Checkpoint> checkpoints = items(answer, c -> new Checkpoint(RunId.of(c.get("run_id").asText()), c.get("version").asInt(),
                c.get("path").asText(), Instant.parse(c.get("created_at").asText())));
        return new KeyedPage<>(checkpoints, answer.path("next_before_version").isNumber()
                ? Optional.of(answer.get("next_before_version").asInt()) : Optional.empty());
    }

    @Override
    public long count(Optional<String> run, Optional<Instant> since) {
        return call("GET", "/v1/datasets/count", filter(run, since), null).get("count").asLong();
    }

    /** {@code GET /v1/export}: the page's lines exactly as the server wrote them. */
    @Override
    public BackupExport.Written exportPage(Optional<RunId> run, Optional<Instant> since, PageRequest page, Writer out) throws IOException {
        Map<String, String> query = new LinkedHashMap<>();
        run.ifPresent(r -> query.put("run_id", r.value()));
        since.ifPresent(s -> query.put("created_after", s.toString()));
        query.put("limit", String.valueOf(page.limit()));
        page.afterId().ifPresent(after -> query.put("after_id", String.valueOf(after)));
        HttpResponse<byte[]> response = send("GET", "/v1/export", query, null);
        String lines = new String(response.body(), StandardCharsets.UTF_8);
        out.write(lines);
        int records = (int) lines.lines().filter(line -> line.startsWith(RECORD_LINE)).count();
        OptionalLong next = response.headers().firstValue(BackupRoutes.NEXT_AFTER_ID).map(Long::parseLong).map(OptionalLong::of)
                .orElse(OptionalLong.empty());
        return new BackupExport.Written(records, next);
    }

    /** How a record's line begins ({@code JsonLines} writes its kind first). */
    private static final String RECORD_LINE = "{\"kind\":\"trajectory\"";

    @Override
    public RunPause pause(RunId run, Optional<String> reason) {
        String body = reason.map(text -> {
            try {
                return JSON.writeValueAsString(Map.of("reason", text));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).orElse("{}");
        return pauseOf(call("POST", "/v1/runs/" + segment(run.value()) + "/pause", Map.of(), body));
    }

    @Override
    public boolean resume(RunId run) {
        return call("POST", "/v1/runs/" + segment(run.value()) + "/resume", Map.of(), "{}").get("resumed").asBoolean();
    }

    @Override
    public List<RunPause> pauses() {
        return items(call("GET", "/v1/pauses", Map.of(), null), ServerTarget::pauseOf);
    }

    private static RunPause pauseOf(JsonNode pause) {
        return new RunPause(RunId.of(pause.get("run_id").asText()), Instant.parse(pause.get("since").asText()), text(pause, "reason"));
    }

    @Override
    public RunContents contents(RunId run) {
        return contents(run, call("GET", "/v1/runs/" + segment(run.value()), Map.of(), null));
    }

    @Override
    public RunContents deleteRun(RunId run, boolean dryRun) {
        return contents(run, call("DELETE", "/v1/runs/" + segment(run.value()), Map.of("dry_run", String.valueOf(dryRun)), null));
    }

    private static RunContents contents(RunId run, JsonNode held) {
        return new RunContents(run, held.get("trajectories").asLong(), held.get("usage_events").asLong(), held.get("checkpoints").asLong(),
                held.get("leases").asLong(), text(held, "last_activity_at").map(Instant::parse));
    }

    @Override
    public RestoreReport restore(BackupBatch batch, List<String> lines, boolean skipExisting) {
        String body = "{\"on_conflict\":\"" + (skipExisting ? "skip" : "error") + "\",\"items\":[" + String.join(",", lines) + "]}";
        JsonNode answer = call("POST", "/v1/datasets/import", Map.of(), body);
        return new RestoreReport(answer.get("created").asInt(), answer.get("skipped").asInt(), answer.get("events").asInt(),
                answer.get("checkpoints").asInt(), answer.get("pauses").asInt());
    }

    /** Nothing to release here: Java 17's HttpClient has no close; its idle connections and thread end with it. */
    @Override
    public void close() {
    }

    private static Map<String, String> filter(Optional<String> run, Optional<Instant> since) {
        Map<String, String> query = new LinkedHashMap<>();
        run.ifPresent(r -> query.put("run_id", r));
        since.ifPresent(s -> query.put("created_after", s.toString()));
        return query;
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.path(field).isTextual() ? Optional.of(node.get(field).asText()) : Optional.empty();
    }

    private static <T> List<T> items(JsonNode answer, Function<JsonNode, T> read) {
        List<T> items = new ArrayList<>();
        answer.get("items").forEach(item -> items.add(read.apply(item)));
        return items;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One request; a refusal is the server's problem answer as a message, a transport failure says what failed. */
    private JsonNode call(String method, String path, Map<String, String> query, String body) {
        return json(method, path, send(method, path, query, body));
    }

    /** The answer of a route; a refusal (its problem answer) or an unreachable server is an error naming the route. */
    private HttpResponse<byte[]> send(String method, String path, Map<String, String> query, String body) {
        String queryText = query.entrySet().stream().map(e -> e.getKey() + "=" + segment(e.getValue())).collect(Collectors.joining("&"));
        URI uri = URI.create(base + path + (queryText.isEmpty() ? "" : "?" + queryText));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(ANSWER)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new IllegalStateException("cannot reach the server at " + base + " (connection refused): is it running?");
        } catch (HttpTimeoutException e) {
            throw new IllegalStateException("the server at " + base + " did not answer " + method + " " + path + " in time");
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the server at " + base + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server");
        }
        if (response.statusCode() == 401) {
            throw new IllegalStateException("the server at " + base + " wants its API token: " + (token.isPresent()
                    ? "DATASETS_API_TOKEN is not the server's" : "set DATASETS_API_TOKEN to the server's token"));
        }
        if (response.statusCode() / 100 != 2) {
            JsonNode problem = json(method, path, response);
            String field = text(problem, "field").map(f -> " [" + f + "]").orElse("");
            throw new IllegalStateException("the server refused " + method + " " + path + " (" + response.statusCode() + " "
                    + text(problem, "code").orElse("error") + field + "): " + text(problem, "detail").orElse(""));
        }
        return response;
    }

    private JsonNode json(String method, String path, HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + " with a body that is not JSON:"
                    + " is " + base + " a trajectory-datasets server?");
        }
    }
}
