package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.http.DatasetHttpServer;
import dev.trajectorydatasets.adapter.http.StoreStatus;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.DatasetException;
import dev.trajectorydatasets.embedded.ConfigurationException;
import dev.trajectorydatasets.embedded.DatasetManagers;
import dev.trajectorydatasets.embedded.EnvironmentSettings;
import dev.trajectorydatasets.embedded.StoreChoice;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/** The server's entry point: {@code serve} (the default), {@code migrate}, {@code --help}, {@code --version}. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    Main(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.getenv(), System.out, System.err).run(args));
    }

    /** Runs the command and returns the process exit status; {@code serve} returns once told to stop. */
    int run(String... args) {
        CommandLine line;
        try {
            line = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(CommandLine.USAGE);
            return 2;
        }
        if (line.flag("--help")) {
            out.print(CommandLine.USAGE);
            return 0;
        }
        if (line.flag("--version")) {
            out.println("trajectory-datasets " + version());
            return 0;
        }
        EnvironmentSettings settings = new EnvironmentSettings(line.overlay(env), line.flagOfVariable());
        try {
            return line.command().equals("migrate") ? migrate(settings) : serve(settings);
        } catch (ConfigurationException | DatasetException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private int migrate(EnvironmentSettings settings) {
        try (DatasetManager ignored = DatasetManagers.open(settings.storeChoice())) {
            out.println("schema is up to date");
            return 0;
        }
    }

    private int serve(EnvironmentSettings settings) {
        String host = settings.value("DATASETS_HOST").orElse("127.0.0.1");
        int port = settings.integer("DATASETS_PORT", 8080, 0, 65_535);
        var token = settings.value("DATASETS_API_TOKEN");
        if (token.isEmpty() && !isLoopback(host)) {
            LOG.warn("listening on {} without DATASETS_API_TOKEN: anyone who can reach it can change the data", host);
        }
        StoreChoice choice = settings.storeChoice();
        // One registry behind /metrics: the HTTP adapter's meters and the connection pool's.
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServedStore store = ServedStore.open(choice.open(pool -> pool.setMetricRegistry(metrics)));
        DatasetManager manager = new DatasetManager(store.port(), Clock.systemUTC(),
                settings.integer("DATASETS_MAX_WAITERS", 1_000, 0, 100_000));
        Duration keepKeys = Duration.ofHours(settings.integer("DATASETS_IDEMPOTENCY_KEEP_HOURS", 24, 1, 24 * 366));
        Duration keepLeases = Duration.ofHours(settings.integer("DATASETS_LEASE_KEEP_HOURS", 24, 1, 24 * 366));
        KeyPurger purger = new KeyPurger(manager, keepKeys, keepLeases, Duration.ofMinutes(10));
        DatasetHttpServer server = new DatasetHttpServer(manager,
                new StoreStatus(store.description(), store::available), version(),
                // One connection stays free for health checks while the API is at capacity.
                new DatasetHttpServer.Settings(host, port, token, Math.max(1, choice.connections() - 1),
                        DatasetHttpServer.Settings.DEFAULT_QUEUE_WAIT_MILLIS), metrics);
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        try {
            server.start();
        } catch (RuntimeException e) {
            purger.close();
            store.close();
            err.println("error: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return 1;
        }
        out.println("trajectory-datasets " + version() + " listening on http://" + host + ":" + server.port()
                + " (store: " + store.description() + ")");
        out.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("stopping: finishing requests in flight");
        server.close();
        purger.close();
        store.close();
        out.println("stopped");
        return 0;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
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
