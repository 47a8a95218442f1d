package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.trajectory.CreateDatasetCommand;
import dev.trajectorydatasets.embedded.DatasetManagers;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command line run in this JVM as {@code java -jar ... COMMAND} runs it, and records to run it on. */
final class CliRun {

    record Result(int status, String out, String err) {
    }

    private CliRun() {
    }

    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Main(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Records with every field a record can have: tasks, rewards, attributes as typed, no run, Unicode, used and versions. */
    static void fill(Path dataDir, int count) {
        try (DatasetManager manager = DatasetManagers.embedded(dataDir)) {
            List<CreateDatasetCommand> commands = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                CreateDatasetCommand command = CreateDatasetCommand.of("traj_" + i + (i % 5 == 0 ? "_ü🚀" : "")).used(i % 3).modelVersion(i % 4);
                if (i % 7 != 0) {
                    command = command.inRun("run_" + i % 2);
                }
                if (i % 2 == 0) {
                    command = command.ofTask("task_" + i / 4).rewarded(i % 3 == 0 ? 0.1 + i : -1.0 / 3);
                }
                if (i % 3 == 0) {
                    command = command.withAttributes("{ \"trace\" : \"t-" + i + "\",  \"n\": [1, 2.50, {}] }");
                }
                commands.add(command);
            }
            manager.createDatasets(commands);
        }
    }
}
