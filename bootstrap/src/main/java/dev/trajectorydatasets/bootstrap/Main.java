package dev.trajectorydatasets.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;

/** The jar's entry point: {@code serve} (the default), {@code migrate} and the operators' commands ({@link Cli}). */
public final class Main {

    private final Cli cli;

    Main(Map<String, String> env, PrintStream out, PrintStream err) {
        this.cli = new Cli(env, out, err);
    }

    public static void main(String[] args) {
        System.exit(new Main(System.getenv(), System.out, System.err).run(args));
    }

    /** Runs the command and returns the process exit status; {@code serve} returns once told to stop. */
    int run(String... args) {
        return cli.run(args);
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
