package dev.trajectorydatasets.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a long command shows on stderr: a bar redrawn in place on a terminal, plain lines elsewhere, one closing line. */
class ProgressTest {

    @Test
    void on_a_terminal_the_bar_is_redrawn_in_place_with_rate_and_time_left() throws InterruptedException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), "exported", OptionalLong.of(1_000), true);
        progress.advance(250);
        Thread.sleep(250); // past the redraw interval (200 ms): the next advance draws
        progress.advance(250);
        progress.finish();
        String shown = err.toString(StandardCharsets.UTF_8);
        assertTrue(shown.startsWith("\rexported ["), shown);
        assertTrue(shown.contains("50% 500/1,000 records") && shown.contains(" s left"), shown);
        assertTrue(shown.contains("\rexported 500 records in "), shown);
        assertEquals(1, shown.chars().filter(c -> c == '\n').count(), "redrawn in place: no new line until the closing one");
        assertTrue(shown.endsWith("records/s)\n"), shown);
    }

    @Test
    void elsewhere_only_the_closing_line_for_a_short_command() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), "imported", OptionalLong.empty(), false);
        progress.advance(10_000);
        progress.finish();
        String shown = err.toString(StandardCharsets.UTF_8);
        assertTrue(shown.matches("imported 10,000 records in [0-9.]+ s \\([0-9,]+ records/s\\)\\R"), shown);
    }
}
