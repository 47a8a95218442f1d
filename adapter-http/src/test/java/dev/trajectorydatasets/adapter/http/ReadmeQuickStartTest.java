package dev.trajectorydatasets.adapter.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's curl quick start, run by bash as written (only the host and port replaced) against a real server:
 * every request must succeed ({@code curl -f}), and the answers must say what the README's comments say.
 */
class ReadmeQuickStartTest {

    private final RunningServer running = RunningServer.inMemory();

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void the_curl_quick_start_runs_as_written_and_counts_what_it_says() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher block = Pattern.compile("```bash\n(J='Content-Type.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README.md has a curl quick start");
        String script = block.group(1).replace("localhost:8080", "127.0.0.1:" + running.server.port());

        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "the quick start finished");

        assertEquals(0, bash.exitValue(), output);
        assertTrue(output.startsWith("{\"id\":1,\"trajectory_id\":\"traj_001\",\"run_id\":\"run_alpha\",\"task_id\":\"task_1\",\"used\":0,"
                + "\"model_version\":0,\"reward\":1.0,"), output);
        assertTrue(output.contains("\"next_after_id\":null"), output);
        assertTrue(output.contains("{\"total_count\":1,\"avg_usage_time\":2.0"), "used once, then claimed once: " + output);
    }
}
