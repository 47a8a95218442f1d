package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.domain.DatasetException;
import dev.trajectorydatasets.embedded.ConfigurationException;
import dev.trajectorydatasets.embedded.EnvironmentSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The command line of the jar: {@code serve} (the default), {@code migrate} and the operators' commands, with
 * picocli. Every flag that has an environment variable says which; a flag wins over its variable.
 */
@Command(name = "trajectory-datasets", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "The system of record for reinforcement-learning training trajectories.",
        subcommands = {ServeCommand.class, MigrateCommand.class, OperatorCommands.Runs.class, OperatorCommands.Stats.class, OperatorCommands.Groups.class,
                OperatorCommands.Checkpoints.class, ExportCommand.class, ImportCommand.class, OperatorCommands.DeleteRun.class,
                PruneCommand.class, OperatorCommands.Pause.class, OperatorCommands.Resume.class},
        footer = {"", "Without a command: serve. Each command has --help.",
                "Exit status: 0 done; 1 error (configuration, store, data); 2 wrong usage;",
                "  3 migrate stopped before changing anything (its report says why);",
                "  4 delete-run not confirmed.",
                "MySQL: DATASETS_JDBC_URL or DATASETS_DB_HOST/_PORT/_NAME, DATASETS_DB_USER,",
                "  DATASETS_DB_PASSWORD or DATASETS_DB_PASSWORD_FILE, DATASETS_DB_POOL_SIZE and",
                "  the timeouts (README, Configuration)."})
final class Cli {

    static final int ERROR = 1;
    static final int USAGE = 2;
    static final int STOPPED = 3;
    static final int NOT_CONFIRMED = 4;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    Cli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    Map<String, String> env() {
        return env;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** Runs the command line and returns the exit status. */
    int run(String... args) {
        String[] command = args.length == 0 || (args[0].startsWith("-") && !isTopLevelFlag(args[0])) ? prepend("serve", args) : args;
        CommandLine line = new CommandLine(this, new Factory(this));
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        line.setParameterExceptionHandler((problem, given) -> {
            err.println("error: " + problem.getMessage());
            err.println("(" + problem.getCommandLine().getCommandSpec().qualifiedName() + " --help lists the options)");
            return USAGE;
        });
        line.setExecutionExceptionHandler((problem, where, parsed) -> {
            if (problem instanceof ConfigurationException || problem instanceof DatasetException
                    || problem instanceof IllegalArgumentException || problem instanceof IllegalStateException) {
                err.println("error: " + problem.getMessage() + Causes.reason(problem));
                return ERROR;
            }
            throw problem;
        });
        return line.execute(command);
    }

    private static boolean isTopLevelFlag(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("--version") || arg.equals("-V");
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** Builds every command with this command line's environment and streams. */
    private record Factory(Cli cli) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (CliCommand.class.isAssignableFrom(type)) {
                var constructor = type.getDeclaredConstructor(Cli.class);
                constructor.setAccessible(true);
                return constructor.newInstance(cli);
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"trajectory-datasets " + Main.version()};
        }
    }

    /** Which store: flags over {@code DATASETS_STORE} and {@code DATASETS_DATA_DIR}. */
    static final class StoreOptions {
        @Option(names = "--store", paramLabel = "KIND", description = "mysql, h2 or memory (DATASETS_STORE; default mysql when "
                + "DATASETS_JDBC_URL or DATASETS_DB_HOST is set, else h2)")
        String store;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "folder of the embedded H2 store (DATASETS_DATA_DIR, default ./data)")
        String dataDir;

        Map<String, String> flags() {
            Map<String, String> given = new LinkedHashMap<>();
            if (store != null) {
                given.put("--store", store);
            }
            if (dataDir != null) {
                given.put("--data-dir", dataDir);
            }
            return given;
        }
    }

    /** A command of this jar: it sees the environment with its flags laid over it. */
    abstract static class CliCommand {

        static final Map<String, String> VARIABLE_OF_FLAG = Map.of(
                "--host", "DATASETS_HOST",
                "--port", "DATASETS_PORT",
                "--store", "DATASETS_STORE",
                "--data-dir", "DATASETS_DATA_DIR");

        final Cli cli;

        CliCommand(Cli cli) {
            this.cli = cli;
        }

        /** The settings: the environment with each flag given laid over its variable (flags win). */
        EnvironmentSettings settings(Map<String, String> flags) {
            Map<String, String> merged = new TreeMap<>(cli.env());
            Map<String, String> flagOfVariable = new TreeMap<>();
            flags.forEach((flag, value) -> {
                String variable = VARIABLE_OF_FLAG.get(flag);
                merged.put(variable, value);
                flagOfVariable.put(variable, flag);
            });
            return new EnvironmentSettings(merged, flagOfVariable);
        }
    }
}
