package dev.trajectorydatasets.embedded;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Embedding in Java" is what the example project builds and runs in CI: its code and its
 * dependencies are copied from {@code examples/embedded}, and this keeps the copies equal.
 */
class ReadmeEmbeddingTest {

    private static final Path README = Path.of("../README.md");
    private static final Path EXAMPLE = Path.of("../examples/embedded");

    @Test
    void the_readme_shows_the_examples_code() throws IOException {
        String code = region(Files.readString(EXAMPLE.resolve("src/main/java/example/EmbeddedExample.java")),
                "// README:begin", "// README:end");
        assertTrue(normalized(Files.readString(README)).contains(normalized(code)),
                "README.md must show examples/embedded's code between its README markers:\n" + code);
    }

    @Test
    void the_readme_shows_the_examples_dependencies() throws IOException {
        String dependencies = region(Files.readString(EXAMPLE.resolve("pom.xml")),
                "<!-- README:dependencies:begin -->", "<!-- README:dependencies:end -->");
        assertTrue(normalized(Files.readString(README)).contains(normalized(dependencies)),
                "README.md must show examples/embedded's dependencies:\n" + dependencies);
    }

    private static String region(String text, String begin, String end) {
        int start = text.indexOf(begin);
        int stop = text.indexOf(end);
        assertTrue(start >= 0 && stop > start, "markers " + begin + " ... " + end + " not found");
        return text.substring(text.indexOf('\n', start) + 1, stop);
    }

    /** Lines stripped of their indentation, blank lines dropped: the README may indent differently. */
    private static String normalized(String text) {
        return Arrays.stream(text.split("\n")).map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("\n"));
    }
}
