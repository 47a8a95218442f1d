package dev.trajectorydatasets.embedded;

import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.claim.ClaimAbandonedException;
import dev.trajectorydatasets.application.claim.TooManyWaitersException;
import dev.trajectorydatasets.application.lease.LeaseOperations;
import dev.trajectorydatasets.application.lease.LeasesReleased;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
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
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded API is documented: every public type, constructor, method and constant of the use cases' facade
 * ({@code application}: {@code DatasetManager} and every type its public signatures reach, its commands, results
 * and exceptions, in whichever feature package they live) and of this factory has a javadoc comment. The use cases
 * behind the facade are public only so the facade can reach them across feature packages; they are not the API. Checked by the compiler's own doclint ({@code -Xdoclint:missing/public}) over the sources, so a public
 * member added without one fails the build.
 */
class EmbeddedApiDocsTest {

    /** The sources of the application and of this factory, from this module's folder (where Maven runs the tests). */
    private static final Path APPLICATION_SOURCES = Path.of("../application/src/main/java");
    private static final Path FACTORY_SOURCES = Path.of("src/main/java/dev/trajectorydatasets/embedded");
    private static final String APPLICATION = "dev.trajectorydatasets.application";

    @Test
    void every_public_type_and_member_of_the_embedded_api_has_a_comment(@TempDir Path classes) throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(FACTORY_SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(sources::add);
        }
        for (Class<?> type : applicationApi()) {
            sources.add(APPLICATION_SOURCES.resolve(type.getName().replace('.', '/') + ".java"));
        }
        assertTrue(sources.stream().allMatch(Files::exists), "the API sources were not found from " + Path.of("").toAbsolutePath());
        assertTrue(sources.size() > 20, sources.toString());
        List<String> missing = undocumented(classes, fileManager -> fileManager.getJavaFileObjectsFromPaths(sources));
        assertEquals(List.of(), missing, "public API without javadoc");
    }

    @Test
    void the_api_is_what_the_facade_reaches_and_not_the_use_cases_behind_it() {
        Set<Class<?>> api = applicationApi();
        assertTrue(api.containsAll(List.of(DatasetManager.class, CreateDatasetCommand.class, LeasesReleased.class, LeaseOperations.class,
                ClaimAbandonedException.class)), api.toString());
        assertTrue(api.stream().noneMatch(type -> type.getSimpleName().equals("ClaimTrajectories")), api.toString());
    }

    /**
     * The application's part of the embedded API: {@link DatasetManager}, every application type its public
     * signatures reach (and theirs, and so on), and the application's exceptions, which it throws unchecked.
     */
    static Set<Class<?>> applicationApi() {
        Set<Class<?>> api = new LinkedHashSet<>();
        Deque<Type> todo = new ArrayDeque<>(List.of(DatasetManager.class, ClaimAbandonedException.class, TooManyWaitersException.class));
        while (!todo.isEmpty()) {
            Type next = todo.pop();
            if (next instanceof ParameterizedType parameterized) {
                todo.push(parameterized.getRawType());
                todo.addAll(List.of(parameterized.getActualTypeArguments()));
            } else if (next instanceof WildcardType wildcard) {
                todo.addAll(List.of(wildcard.getUpperBounds()));
                todo.addAll(List.of(wildcard.getLowerBounds()));
            } else if (next instanceof GenericArrayType array) {
                todo.push(array.getGenericComponentType());
            } else if (next instanceof Class<?> type) {
                Class<?> top = type.isArray() ? type.getComponentType() : type;
                while (top.getEnclosingClass() != null) {
                    top = top.getEnclosingClass();
                }
                if (!top.getPackageName().startsWith(APPLICATION) || !api.add(top)) {
                    continue;
                }
                for (Class<?> member : List.of(top.getClasses())) {
                    todo.push(member);
                }
                todo.addAll(List.of(top.getGenericInterfaces()));
                if (top.getGenericSuperclass() != null) {
                    todo.push(top.getGenericSuperclass());
                }
                for (Method method : top.getMethods()) {
                    todo.push(method.getGenericReturnType());
                    todo.addAll(List.of(method.getGenericParameterTypes()));
                    todo.addAll(List.of(method.getGenericExceptionTypes()));
                }
                for (Constructor<?> constructor : top.getConstructors()) {
                    todo.addAll(List.of(constructor.getGenericParameterTypes()));
                }
                for (Field field : top.getFields()) {
                    todo.push(field.getGenericType());
                }
            }
        }
        return api;
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
