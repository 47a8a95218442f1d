package dev.trajectorydatasets.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded API is documented: every public type, constructor, method and constant of the use cases
 * ({@code application}: {@code DatasetManager} and its commands and results) and of this factory has a javadoc
 * comment. Checked by the compiler's own doclint ({@code -Xdoclint:missing/public}) over the sources, so a public
 * member added without one fails the build.
 */
class EmbeddedApiDocsTest {

    /** The source folders of the embedded API, from this module's folder (where Maven runs the tests). */
    private static final List<Path> API_SOURCES = List.of(
            Path.of("../application/src/main/java/dev/trajectorydatasets/application"),
            Path.of("src/main/java/dev/trajectorydatasets/embedded"));

    @Test
    void every_public_type_and_member_of_the_embedded_api_has_a_comment(@TempDir Path classes) throws IOException {
        List<Path> sources = new ArrayList<>();
        for (Path folder : API_SOURCES) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        assertTrue(sources.size() > 10, "the API sources were not found from " + Path.of("").toAbsolutePath());
        List<String> missing = undocumented(classes, fileManager -> fileManager.getJavaFileObjectsFromPaths(sources));
        assertEquals(List.of(), missing, "public API without javadoc");
    }

    @Test
    void the_check_catches_a_public_method_without_a_comment(@TempDir Path classes) {
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///example/Undocumented.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return "package example;\n/** Documented type. */\npublic final class Undocumented {\n"
                        + "    /** Documented. */\n    public int documented() { return 1; }\n"
                        + "    public int bare() { return 2; }\n}\n";
            }
        };
        List<String> missing = undocumented(classes, fileManager -> List.of(source));
        assertEquals(1, missing.size(), missing.toString());
        assertTrue(missing.get(0).contains("Undocumented.java:6"), missing.get(0));
    }

    private interface Sources {
        Iterable<? extends JavaFileObject> of(StandardJavaFileManager fileManager);
    }

    /** Compiles with doclint's "missing" group on public declarations; returns each warning as file:line. */
    private static List<String> undocumented(Path classes, Sources sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            boolean compiled = compiler.getTask(null, fileManager, diagnostics,
                    List.of("-Xdoclint:missing/public", "-Xmaxwarns", "10000", "-proc:none", "-d", classes.toString(),
                            "-cp", classPath),
                    null, sources.of(fileManager)).call();
            List<String> errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getMessage(Locale.ROOT)).toList();
            assertTrue(compiled, "the sources did not compile: " + errors);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.WARNING && d.getMessage(Locale.ROOT).contains("no comment"))
                .map(d -> (d.getSource() == null ? "?" : Path.of(d.getSource().getName()).getFileName()) + ":" + d.getLineNumber())
                .toList();
    }
}
