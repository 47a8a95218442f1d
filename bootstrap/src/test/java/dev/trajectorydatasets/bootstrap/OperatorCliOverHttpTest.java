package dev.trajectorydatasets.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trajectorydatasets.bootstrap.CliRun.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operators' commands through a running server ({@code --url}, token from {@code DATASETS_API_TOKEN}): a real
 * server process on its memory store, which no command could open itself, with a token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorCliOverHttpTest {

    private static final String TOKEN = "operator-token-7f3a";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerProcess server;
    private String url;

    @BeforeAll
    void start() throws IOException {
        server = ServerProcess.start(Map.of("DATASETS_STORE", "memory", "DATASETS_API_TOKEN", TOKEN));
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private Result withToken(String... args) {
        return CliRun.run(Map.of("DATASETS_API_TOKEN", TOKEN), withUrl(args));
    }

    private String[] withUrl(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = url;
        return all;
    }

    @Test
    void every_operator_command_works_through_the_server_while_it_runs(@TempDir Path folder) throws Exception {
        CliRun.fill(folder, 40);
        Path local = folder.resolve("local.jsonl");
        assertEquals(0, CliRun.run(Map.of(), "export", "--store", "h2", "--data-dir", folder.toString(), "--out", local.toString()).status());

        Result imported = withToken("import", local.toString());
        assertEquals(0, imported.status(), imported.err());
        assertTrue(imported.err().contains("imported 40 records"), imported.err());
        Result again = withToken("import", local.toString());
        assertTrue(again.err().contains("skipped 40 records"), again.err());
        register("run_1", "/ckpt/v0", true);
        register("run_1", "/ckpt/v1", false);

        Result runs = withToken("runs");
        assertEquals(0, runs.status(), runs.err());
        assertTrue(runs.out().lines().anyMatch(line -> line.startsWith("run_1 ") && line.contains(" 1 ")), runs.out());
        Result stats = withToken("stats", "--run", "run_0");
        assertTrue(stats.out().contains("total_count   17"), stats.out());
        Result checkpoints = withToken("checkpoints", "run_1");
        assertTrue(checkpoints.out().indexOf("/ckpt/v1") < checkpoints.out().indexOf("/ckpt/v0") && checkpoints.out().contains("/ckpt/v0"),
                checkpoints.out());

        Path remote = folder.resolve("remote.jsonl");
        Result exported = withToken("export", "--out", remote.toString());
        assertEquals(0, exported.status(), exported.err());
        List<String> remoteLines = Files.readAllLines(remote);
        assertEquals(2, remoteLines.stream().filter(line -> line.startsWith("{\"kind\":\"checkpoint\"")).count(), "with the checkpoints");
        List<JsonNode> before = withoutIds(Files.readAllLines(local));
        List<JsonNode> after = withoutIds(remoteLines.stream().filter(line -> !line.startsWith("{\"kind\":\"checkpoint\"")).toList());
        assertEquals(40, after.stream().filter(line -> line.get("kind").asText().equals("trajectory")).count());
        assertEquals(before.size(), after.size(), "records and their history lines");
        assertTrue(before.equals(after), "the server holds what was exported, history and all; first difference at line "
                + java.util.stream.IntStream.range(0, before.size()).filter(i -> !before.get(i).equals(after.get(i))).findFirst().orElse(-1));

        Result unconfirmed = withToken("delete-run", "run_0");
        assertEquals(Cli.NOT_CONFIRMED, unconfirmed.status());
        Result deleted = withToken("delete-run", "run_0", "--yes");
        assertTrue(deleted.out().contains("deleted run 'run_0': 17 records"), deleted.out());
        Map<String, String> byVariable = new HashMap<>(Map.of("DATASETS_URL", url, "DATASETS_API_TOKEN", TOKEN));
        assertTrue(CliRun.run(byVariable, "stats").out().contains("total_count   23"), "DATASETS_URL works as --url does");
    }

    @Test
    void prune_lists_then_deletes_only_the_runs_idle_for_longer_than_the_age(@TempDir Path folder) throws Exception {
        Path lines = folder.resolve("old.jsonl");
        Files.write(lines, List.of(
                "{\"trajectory_id\": \"idle-1\", \"run_id\": \"idle-run\", \"created_at\": \"2025-01-01T00:00:00Z\"}",
                "{\"trajectory_id\": \"idle-2\", \"run_id\": \"idle-run\", \"created_at\": \"2025-01-02T00:00:00Z\"}",
                "{\"trajectory_id\": \"busy-1\", \"run_id\": \"busy-run\", \"created_at\": \"2025-01-01T00:00:00Z\"}"));
        assertEquals(0, withToken("import", lines.toString()).status());
        register("busy-run", "/ckpt/now", true);

        Result listed = withToken("prune", "--older-than", "30d");
        assertEquals(0, listed.status(), listed.err());
        assertTrue(listed.out().startsWith("1 runs with nothing since") && listed.out().contains("nothing deleted (--yes deletes them)"),
                listed.out());
        assertTrue(listed.out().contains("idle-run") && !listed.out().contains("busy-run"), listed.out());
        assertTrue(CliRun.run(Map.of("DATASETS_API_TOKEN", TOKEN), withUrl("stats", "--run", "idle-run")).out().contains("total_count   2"));

        Result pruned = withToken("prune", "--older-than", "30d", "--yes");
        assertEquals(0, pruned.status(), pruned.err());
        assertTrue(pruned.err().contains("pruned 2 records"), pruned.err());
        assertTrue(withToken("stats", "--run", "idle-run").out().contains("total_count   0"));
        assertTrue(withToken("stats", "--run", "busy-run").out().contains("total_count   1"), "a run with a new checkpoint stays");
        Result bad = withToken("prune", "--older-than", "a month");
        assertEquals(Cli.ERROR, bad.status());
        assertTrue(bad.err().contains("--older-than must be a number of days, hours or minutes"), bad.err());
        assertEquals(0, withToken("delete-run", "busy-run", "--yes").status(), "the server is shared by this class's tests");
    }

    @Test
    void pause_holds_a_run_s_claims_and_runs_shows_it_until_resume(@TempDir Path folder) throws Exception {
        Path lines = folder.resolve("pausing.jsonl");
        Files.write(lines, List.of("{\"trajectory_id\": \"held-1\", \"run_id\": \"held\", \"created_at\": \"2026-01-01T00:00:00Z\"}"));
        assertEquals(0, withToken("import", lines.toString()).status());

        Result paused = withToken("pause", "held", "--reason", "bad reward model");
        assertEquals(0, paused.status(), paused.err());
        assertTrue(paused.out().startsWith("run 'held' paused since ") && paused.out().contains(": bad reward model"), paused.out());
        assertTrue(withToken("runs").out().lines().anyMatch(line -> line.startsWith("held ") && line.contains("(bad reward model)")));
        assertEquals(0, claim("held").get("items").size(), "a paused run's claims take nothing");

        assertEquals("run 'held' resumed\n", withToken("resume", "held").out());
        assertEquals("run 'held' was not paused\n", withToken("resume", "held").out());
        assertEquals(1, claim("held").get("items").size());
        assertEquals(0, withToken("delete-run", "held", "--yes").status(), "the server is shared by this class's tests");
    }

    @Test
    void consumer_groups_and_their_statistics_are_listed(@TempDir Path folder) throws Exception {
        Path lines = folder.resolve("groups.jsonl");
        Files.write(lines, List.of("{\"kind\": \"consumer_group\", \"run_id\": \"grouped\", \"consumer_group\": \"critic\"}",
                "{\"trajectory_id\": \"g-1\", \"run_id\": \"grouped\", \"created_at\": \"2026-01-01T00:00:00Z\", \"consumer_groups\": {\"eval\": 3}}",
                "{\"trajectory_id\": \"g-2\", \"run_id\": \"grouped\", \"created_at\": \"2026-01-01T00:00:00Z\"}"));
        Result imported = withToken("import", lines.toString());
        assertEquals(0, imported.status(), imported.err());

        Result groups = withToken("consumer-groups", "grouped");
        assertEquals(0, groups.status(), groups.err());
        assertEquals(List.of("consumer_group                   used       unused         uses",
                "default                             0            2            0",
                "critic                              0            2            0",
                "eval                                1            1            3"), groups.out().lines().toList());
        Result stats = withToken("stats", "--run", "grouped", "--consumer-group", "eval");
        assertTrue(stats.out().contains("max_used      3"), stats.out());
        Result noRun = withToken("stats", "--consumer-group", "eval");
        assertEquals(1, noRun.status());
        assertTrue(noRun.err().contains("run_id"), noRun.err());
        assertEquals(0, withToken("delete-run", "grouped", "--yes").status(), "the server is shared by this class's tests");
    }

    private JsonNode claim(String run) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/claims"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"count\": 1, \"run_id\": \"" + run + "\"}")).build();
        return JSON.readTree(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void a_missing_or_wrong_token_is_named_and_never_printed() {
        Result missing = CliRun.run(Map.of(), withUrl("runs"));
        assertEquals(Cli.ERROR, missing.status());
        assertTrue(missing.err().contains("wants its API token: set DATASETS_API_TOKEN"), missing.err());
        Result wrong = CliRun.run(Map.of("DATASETS_API_TOKEN", "not-" + TOKEN), withUrl("stats"));
        assertEquals(Cli.ERROR, wrong.status());
        assertTrue(wrong.err().contains("DATASETS_API_TOKEN is not the server's"), wrong.err());
        assertFalse(wrong.err().contains(TOKEN) || wrong.out().contains(TOKEN));
    }

    @Test
    void refusals_name_what_is_wrong() {
        Result bothWays = CliRun.run(Map.of(), withUrl("runs", "--store", "h2"));
        assertEquals(Cli.ERROR, bothWays.status());
        assertTrue(bothWays.err().contains("--url cannot be combined with --store or --data-dir"), bothWays.err());
        Result notUrl = CliRun.run(Map.of(), "runs", "--url", "127.0.0.1:8080");
        assertTrue(notUrl.err().contains("--url (DATASETS_URL) must be"), notUrl.err());
        Result nobody = CliRun.run(Map.of(), "runs", "--url", "http://127.0.0.1:1");
        assertEquals(Cli.ERROR, nobody.status());
        assertTrue(nobody.err().contains("cannot reach the server at http://127.0.0.1:1"), nobody.err());
        Result badRun = withToken("checkpoints", "bad\u0001run");
        assertEquals(Cli.ERROR, badRun.status());
        Result memory = CliRun.run(Map.of(), "runs", "--store", "memory");
        assertEquals(Cli.ERROR, memory.status());
        assertTrue(memory.err().contains("a memory store lives and dies with the server") && memory.err().contains("--url"), memory.err());
    }

    private void register(String run, String path, boolean initial) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/runs/" + run + "/checkpoints"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"" + path + "\", \"initial\": " + initial + "}")).build();
        assertEquals(201, HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    /**
     * Export lines as JSON, without the store's own id (the server gave the records new ones): attributes sent over
     * HTTP are stored as the JSON they parse to (as every HTTP write stores them), not byte for byte.
     */
    private static List<JsonNode> withoutIds(List<String> lines) throws IOException {
        List<JsonNode> records = new java.util.ArrayList<>();
        for (String line : lines) {
            ObjectNode record = (ObjectNode) JSON.readTree(line);
            record.remove("id");
            records.add(record);
        }
        return records;
    }
}
