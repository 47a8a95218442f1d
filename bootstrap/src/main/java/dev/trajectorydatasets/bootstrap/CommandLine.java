package dev.trajectorydatasets.bootstrap;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The server's command line: a command ({@code serve}, {@code migrate}) and {@code --flag value} options. */
record CommandLine(String command, Map<String, String> options) {

    static final String USAGE = """
            Usage: java -jar trajectory-datasets.jar [serve|migrate] [options]

            Commands:
              serve              run the HTTP server (the default)
              migrate            create or update the schema of the configured store, then exit

            Options (each also read from the environment variable in brackets):
              --host HOST        address to listen on (DATASETS_HOST, default 127.0.0.1)
              --port PORT        port to listen on, 0 for any free one (DATASETS_PORT, default 8080)
              --store KIND       mysql, h2 or memory (DATASETS_STORE; default mysql when DATASETS_JDBC_URL or
                                 DATASETS_DB_HOST is set, else h2)
              --data-dir DIR     folder of the embedded h2 store (DATASETS_DATA_DIR, default ./data)
              --help             print this and exit
              --version          print the version and exit

            MySQL: DATASETS_JDBC_URL or DATASETS_DB_HOST/_PORT/_NAME, DATASETS_DB_USER, DATASETS_DB_PASSWORD or
            DATASETS_DB_PASSWORD_FILE, DATASETS_DB_CHARSET, DATASETS_DB_CONNECT_TIMEOUT/_READ_TIMEOUT/_WRITE_TIMEOUT
            and DATASETS_DB_POOL_TIMEOUT (seconds), DATASETS_DB_POOL_SIZE.
            Protection: DATASETS_API_TOKEN requires 'Authorization: Bearer <token>' on /v1/* and /metrics.
            """;

    private static final Map<String, String> FLAG_TO_VARIABLE = Map.of(
            "--host", "DATASETS_HOST",
            "--port", "DATASETS_PORT",
            "--store", "DATASETS_STORE",
            "--data-dir", "DATASETS_DATA_DIR");

    /** A command line that cannot be understood; the message says why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static CommandLine parse(String... args) throws UsageException {
        String command = "serve";
        Map<String, String> options = new TreeMap<>();
        boolean commandSeen = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h") || arg.equals("--version")) {
                options.put(arg.equals("-h") ? "--help" : arg, "true");
            } else if (FLAG_TO_VARIABLE.containsKey(arg)) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value");
                }
                options.put(arg, args[++i]);
            } else if (!arg.startsWith("-") && !commandSeen && (arg.equals("serve") || arg.equals("migrate"))) {
                command = arg;
                commandSeen = true;
            } else {
                throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        return new CommandLine(command, Map.copyOf(options));
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    /** For each variable a flag set, the flag: so a bad value is reported as the user typed it. */
    Map<String, String> flagOfVariable() {
        Map<String, String> flags = new TreeMap<>();
        options.keySet().forEach(flag -> Optional.ofNullable(FLAG_TO_VARIABLE.get(flag)).ifPresent(variable -> flags.put(variable, flag)));
        return flags;
    }

    /** The environment with every given flag laid over its variable: flags win. */
    Map<String, String> overlay(Map<String, String> env) {
        Map<String, String> merged = new TreeMap<>(env);
        options.forEach((flag, value) -> Optional.ofNullable(FLAG_TO_VARIABLE.get(flag)).ifPresent(variable -> merged.put(variable, value)));
        return merged;
    }
}
