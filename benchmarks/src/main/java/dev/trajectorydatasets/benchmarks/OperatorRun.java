package dev.trajectorydatasets.benchmarks;

import dev.trajectorydatasets.bootstrap.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command of the operators' CLI run as an operator runs it: a new JVM on a schema of the local MariaDB, timed from
 * start to exit, its output kept in a scratch folder that {@link #close} deletes with the schema.
 */
final class OperatorRun implements AutoCloseable {

    final String schema;
    final Path dir;

    OperatorRun(String schemaPrefix) throws Exception {
        this.schema = schemaPrefix + java.util.UUID.randomUUID().toString().substring(0, 8);
        BenchDatabase.createSchema(schema);
        this.dir = Files.createTempDirectory(schemaPrefix);
    }

    /** Seconds the command took from JVM start to exit; fails with its output unless it exits 0 in time. */
    double seconds(int minutes, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        line.addAll(List.of(command));
        Path log = dir.resolve(command[0] + ".log");
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DATASETS_JDBC_URL", BenchDatabase.url(schema));
        builder.environment().put("DATASETS_DB_USER", BenchDatabase.USER);
        builder.environment().put("DATASETS_DB_PASSWORD", BenchDatabase.PASSWORD);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(command[0] + " failed: " + Files.readString(log));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public void close() throws Exception {
        BenchDatabase.dropSchema(schema);
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }
}
