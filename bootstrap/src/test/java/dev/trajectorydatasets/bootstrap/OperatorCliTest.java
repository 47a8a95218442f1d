package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.mysql.MariaDbServer;
import dev.trajectorydatasets.bootstrap.CliRun.Result;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.trajectory.Trajectory;
import dev.trajectorydatasets.domain.trajectory.TrajectoryFilter;
import dev.trajectorydatasets.domain.PageRequest;
import dev.trajectorydatasets.embedded.DatasetManagers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operators' command line, run as {@code java -jar ... COMMAND} runs it, on H2 folders (and MariaDB for its errors). */
class OperatorCliTest {

    private static Result run(Map<String, String> env, String... args) {
        return CliRun.run(env, args);
    }

    private static void fill(Path dataDir, int count) {
        CliRun.fill(dataDir, count);
    }

    @TempDir
    Path folder;

    private Result on(Path dataDir, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", "h2", "--data-dir", dataDir.toString()));
        return run(Map.of(), all.toArray(String[]::new));
    }

    private static List<Trajectory> records(Path dataDir) {
        try (DatasetManager manager = DatasetManagers.embedded(dataDir)) {
            return manager.searchDatasets(TrajectoryFilter.all(), PageRequest.first(10_000)).items();
        }
    }

    /** Everything but the store's own id. */
    private static List<String> content(List<Trajectory> records) {
        return records.stream().map(r -> List.of(r.trajectoryId(), r.runId(), r.taskId(), r.reward(), r.used(), r.modelVersion(),
                r.createdAt(), r.attributes()).toString()).toList();
    }

    @Test
    void every_command_has_help() {
        for (String command : List.of("serve", "migrate", "runs", "stats", "checkpoints", "export", "import", "delete-run", "prune", "pause", "resume")) {
            Result help = run(Map.of(), command, "--help");
            assertEquals(0, help.status(), command);
            assertTrue(help.out().startsWith("Usage: trajectory-datasets " + command), help.out());
        }
        assertTrue(run(Map.of(), "--help").out().contains("Exit status"));
    }

    @Test
    void export_then_import_into_an_empty_store_reproduces_every_record(@TempDir Path target) throws IOException {
        fill(folder, 1_234);
        Path file = folder.resolve("export.jsonl");
        Result exported = on(folder, "export", "--out", file.toString());
        assertEquals(0, exported.status(), exported.err());
        assertTrue(exported.err().contains("exported 1,234 records"), exported.err());
        List<String> lines = Files.readAllLines(file);
        assertEquals(1_234, lines.stream().filter(line -> line.startsWith("{\"kind\":\"trajectory\"")).count());
        assertEquals(records(folder).stream().mapToInt(r -> r.used() > 0 ? 1 : 0).sum(),
                lines.stream().filter(line -> line.startsWith("{\"kind\":\"usage\"") && line.contains("\"event\":\"create\"")).count(),
                "each record created used has its create event in the backup");

        Result imported = on(target, "import", file.toString());
        assertEquals(0, imported.status(), imported.err());
        assertEquals(content(records(folder)), content(records(target)));

        Result toStdout = on(folder, "export", "--run", "run_1", "--out", "-");
        assertEquals(0, toStdout.status());
        assertEquals(records(folder).stream().filter(r -> r.runId().map(Object::toString).orElse("").equals("run_1")).count(),
                toStdout.out().lines().filter(line -> line.startsWith("{\"kind\":\"trajectory\"")).count());
    }

    @Test
    void an_interrupted_import_resumes_and_error_mode_refuses_existing_ids(@TempDir Path target) throws IOException {
        fill(folder, 300);
        Path file = folder.resolve("all.jsonl");
        assertEquals(0, on(folder, "export", "--out", file.toString()).status());
        List<String> lines = Files.readAllLines(file);
        Path firstPart = folder.resolve("part.jsonl");
        int cut = 0;       // the line of the 121st record: the first 120 records with their usage lines go before it
        for (int records = 0; records <= 120; cut++) {
            records += lines.get(cut).startsWith("{\"kind\":\"trajectory\"") ? 1 : 0;
        }
        Files.write(firstPart, lines.subList(0, cut - 1));
        assertEquals(0, on(target, "import", firstPart.toString()).status());

        Result resumed = on(target, "import", file.toString());
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.err().contains("imported 180 records") && resumed.err().contains("skipped 120 records"), resumed.err());
        assertEquals(content(records(folder)), content(records(target)));

        Result refused = on(target, "import", file.toString(), "--on-conflict", "error");
        assertEquals(Cli.ERROR, refused.status());
        assertTrue(refused.err().startsWith("error: "), refused.err());
        assertEquals(300, records(target).size());
    }

    @Test
    void a_bad_line_is_named_and_nothing_of_its_batch_is_stored() throws IOException {
        Path file = folder.resolve("bad.jsonl");
        Files.writeString(file, "{\"trajectory_id\":\"ok\",\"created_at\":\"2026-01-01T00:00:00Z\"}\n"
                + "{\"trajectory_id\":\"bad\",\"created_at\":\"yesterday\"}\n");
        Result bad = on(folder.resolve("store"), "import", file.toString());
        assertEquals(Cli.ERROR, bad.status());
        assertTrue(bad.err().contains("created_at must be an ISO-8601 instant") && bad.err().contains("(line 2)"), bad.err());
        assertEquals(0, records(folder.resolve("store")).size());
    }

    /** Issue 30, point 8: import applies the API's rules, says what it committed when it stops, bounds a line. */
    @Test
    void import_refuses_what_the_api_refuses_and_names_the_line() throws IOException {
        String ok = "{\"trajectory_id\":\"ok\",\"created_at\":\"2026-01-01T00:00:00Z\"}";
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put(ok + " " + ok.replace("\"ok\"", "\"ok2\""), "must hold one JSON object and nothing after it");
        refusals.put(ok + " garbage", "line 1 is not JSON");
        refusals.put(ok.replace("\"trajectory_id\"", "\"run-id\":\"r\",\"trajectory_id\""), "run-id is not a field of the export format");
        refusals.put(ok.replace("}", ",\"attributes\":{\"a\":1,\"a\":2}}"), "Duplicate field");
        refusals.put(ok.replace("}", ",\"attributes\":{\"a\":\"\\ud800\"}}"), "unpaired surrogate");
        refusals.put(ok.replace("}", ",\"trajectory_id\":\"again\"}"), "Duplicate field");
        int n = 0;
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Path file = folder.resolve("refused-" + n++ + ".jsonl");
            Files.writeString(file, refusal.getKey() + "\n");
            Result bad = on(folder.resolve("store"), "import", file.toString());
            assertEquals(Cli.ERROR, bad.status(), refusal.getKey());
            assertTrue(bad.err().contains(refusal.getValue()) && bad.err().contains("(line 1); nothing was imported"), bad.err());
            assertEquals(1, bad.err().strip().lines().count(), "one line, no stack trace: " + bad.err());
        }
        Path binary = folder.resolve("latin1.jsonl");
        Files.write(binary, new byte[]{'{', '"', 't', (byte) 0xE9, '"', '}', '\n'});
        Result notUtf8 = on(folder.resolve("store"), "import", binary.toString());
        assertEquals(Cli.ERROR, notUtf8.status());
        assertTrue(notUtf8.err().contains("line 1 is not valid UTF-8"), notUtf8.err());
        assertEquals(1, notUtf8.err().strip().lines().count(), notUtf8.err());
        Path huge = folder.resolve("huge.jsonl");
        Files.writeString(huge, ok + "\n" + "{\"trajectory_id\":\"" + "x".repeat(ImportCommand.MAX_LINE_CHARS) + "\"}\n");
        Result tooLong = on(folder.resolve("store"), "import", huge.toString());
        assertTrue(tooLong.err().contains("line 2 is longer than"), tooLong.err());
        assertEquals(0, records(folder.resolve("store")).size(), "nothing of a refused batch is stored");
    }

    @Test
    void an_import_stopped_by_a_bad_line_says_what_it_committed_and_how_to_go_on() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < ImportCommand.BATCH + 5; i++) {
            lines.append("{\"trajectory_id\":\"t").append(i).append("\",\"created_at\":\"2026-01-01T00:00:00Z\"}\n");
        }
        lines.append("{\"trajectory_id\":\"bad\"}\n");
        Path file = folder.resolve("long.jsonl");
        Files.writeString(file, lines);

        Result stopped = on(folder.resolve("store"), "import", file.toString());

        assertEquals(Cli.ERROR, stopped.status());
        assertTrue(stopped.err().contains("(line " + (ImportCommand.BATCH + 6) + "); " + ImportCommand.BATCH + " records of lines 1-"
                + ImportCommand.BATCH + " were imported") && stopped.err().contains("run the import again"), stopped.err());
        assertEquals(ImportCommand.BATCH, records(folder.resolve("store")).size());
    }

    @Test
    void runs_stats_checkpoints_and_delete_run_which_asks_unless_yes() {
        fill(folder, 40);
        try (DatasetManager manager = DatasetManagers.embedded(folder)) {
            manager.registerInitialCheckpoint("run_1", "/ckpt/v0");
            manager.registerCheckpoint("run_1", "/ckpt/v1");
        }
        Result runs = on(folder, "runs");
        assertEquals(0, runs.status(), runs.err());
        assertTrue(runs.out().lines().anyMatch(line -> line.startsWith("run_1 ") && line.contains(" 1 ")), runs.out());
        Result stats = on(folder, "stats", "--run", "run_0");
        assertTrue(stats.out().contains("total_count   17"), stats.out());
        Result checkpoints = on(folder, "checkpoints", "run_1");
        assertTrue(checkpoints.out().contains("/ckpt/v1") && checkpoints.out().indexOf("/ckpt/v1") < checkpoints.out().indexOf("/ckpt/v0"),
                checkpoints.out());

        Result unconfirmed = on(folder, "delete-run", "run_0");
        assertEquals(Cli.NOT_CONFIRMED, unconfirmed.status());
        assertTrue(unconfirmed.err().contains("pass --yes"), unconfirmed.err());
        assertEquals(40, records(folder).size());
        Result deleted = on(folder, "delete-run", "run_0", "--yes");
        assertEquals(0, deleted.status(), deleted.err());
        assertEquals(23, records(folder).size());
    }

    @Test
    void flags_take_either_form_and_a_bad_value_names_flag_and_variable() {
        Result port = run(Map.of(), "serve", "--port=70000");
        assertEquals(Cli.ERROR, port.status());
        assertTrue(port.err().contains("error: --port (DATASETS_PORT) must be between 0 and 65535, was 70000"), port.err());
        Result store = run(Map.of(), "runs", "--store", "redis");
        assertTrue(store.err().contains("error: --store (DATASETS_STORE) must be mysql, h2 or memory, was 'redis'"), store.err());
        Result unknown = run(Map.of(), "export", "--bogus");
        assertEquals(Cli.USAGE, unknown.status());
        assertTrue(unknown.err().contains("Unknown option: '--bogus'") && unknown.err().contains("export --help"), unknown.err());
    }

    @Test
    void database_settings_without_a_server_are_refused_not_run_on_h2() {
        Result refused = run(Map.of("DATASETS_DB_NAME", "training", "DATASETS_DATA_DIR", folder.toString()), "migrate");
        assertEquals(Cli.ERROR, refused.status());
        assertTrue(refused.err().contains("DATASETS_DB_NAME is set but neither DATASETS_DB_HOST nor DATASETS_JDBC_URL is"), refused.err());
        assertEquals(0, run(Map.of("DATASETS_DB_NAME", "training", "DATASETS_STORE", "h2", "DATASETS_DATA_DIR", folder.toString()),
                "migrate").status());
    }

    @Test
    void a_second_process_on_the_same_h2_folder_is_told_the_folder_is_in_use() throws IOException {
        try (ServerProcess server = ServerProcess.start(Map.of("DATASETS_STORE", "h2", "DATASETS_DATA_DIR", folder.toString()))) {
            Result second = on(folder, "runs");
            assertEquals(Cli.ERROR, second.status());
            assertTrue(second.err().contains("in use by another process"), second.err());
        }
    }

    @Test
    void connection_failures_say_their_real_cause_without_the_password() {
        Map<String, String> base = new HashMap<>(Map.of("DATASETS_DB_CONNECT_TIMEOUT", "2", "DATASETS_DB_POOL_TIMEOUT", "3",
                "DATASETS_DB_PASSWORD", "TopSecret123"));
        Map<String, String> unknownHost = new HashMap<>(base);
        unknownHost.put("DATASETS_DB_HOST", "no-such-host.invalid");
        assertTrue(run(unknownHost, "migrate").err().contains("(unknown host no-such-host.invalid)"));
        Map<String, String> refused = new HashMap<>(base);
        refused.putAll(Map.of("DATASETS_DB_HOST", "127.0.0.1", "DATASETS_DB_PORT", "1"));
        assertTrue(run(refused, "migrate").err().contains("(Connection refused)"));

        MariaDbServer server = MariaDbServer.required();
        Map<String, String> wrongUser = new HashMap<>(base);
        wrongUser.putAll(Map.of("DATASETS_JDBC_URL", server.urlFor("test"), "DATASETS_DB_USER", "nobody_here"));
        Result denied = run(wrongUser, "migrate");
        assertTrue(denied.err().contains("Access denied for user 'nobody_here'"), denied.err());
        Map<String, String> missingDatabase = new HashMap<>(server.environmentFor("no_such_database_here"));
        missingDatabase.putAll(Map.of("DATASETS_DB_CONNECT_TIMEOUT", "2", "DATASETS_DB_POOL_TIMEOUT", "3"));
        Result missing = run(missingDatabase, "migrate");
        assertTrue(missing.err().contains("Unknown database 'no_such_database_here'"), missing.err());
        for (Result result : List.of(denied, missing)) {
            assertTrue(!result.err().contains("TopSecret123"), result.err());
        }
    }
}
