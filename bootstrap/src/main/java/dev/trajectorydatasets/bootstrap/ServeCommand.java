package dev.trajectorydatasets.bootstrap;

import dev.trajectorydatasets.adapter.http.DataMetrics;
import dev.trajectorydatasets.adapter.http.DatasetHttpServer;
import dev.trajectorydatasets.adapter.http.StoreStatus;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.embedded.EnvironmentSettings;
import dev.trajectorydatasets.embedded.StoreChoice;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: migrates the store's schema and runs the HTTP server until SIGTERM or SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the HTTP server (migrating the store's schema first) until SIGTERM or SIGINT.")
final class ServeCommand extends Cli.CliCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--host", paramLabel = "HOST", description = "address to listen on (DATASETS_HOST, default 127.0.0.1)")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "port to listen on, 0 for any free one (DATASETS_PORT, default 8080)")
    String port;

    @Mixin
    Cli.StoreOptions store;

    ServeCommand(Cli cli) {
        super(cli);
    }

    @Override
    public Integer call() {
        Map<String, String> flags = new LinkedHashMap<>();
        if (host != null) {
            flags.put("--host", host);
        }
        if (port != null) {
            flags.put("--port", port);
        }
        flags.putAll(store.flags());
        return serve(settings(flags));
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
        DataMetrics data = new DataMetrics(metrics);
        DatasetManager manager = new DatasetManager(store.port(), Clock.systemUTC(),
                settings.integer("DATASETS_MAX_WAITERS", 1_000, 0, 100_000), data);
        data.watchRuns(manager);
        Duration keepKeys = Duration.ofHours(settings.integer("DATASETS_IDEMPOTENCY_KEEP_HOURS", 24, 1, 24 * 366));
        Duration keepLeases = Duration.ofHours(settings.integer("DATASETS_LEASE_KEEP_HOURS", 24, 1, 24 * 366));
        KeyPurger purger = new KeyPurger(manager, keepKeys, keepLeases, Duration.ofMinutes(10));
        DatasetHttpServer server = new DatasetHttpServer(manager,
                new StoreStatus(store.description(), store::available), Main.version(),
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
            data.close();
            store.close();
            cli.err().println("error: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return Cli.ERROR;
        }
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
        cli.out().println("trajectory-datasets " + Main.version() + " listening on " + base + " (store: " + store.description()
                + "); API " + base + "/v1, docs " + base + "/docs");
        cli.out().flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("stopping: finishing requests in flight");
        server.close();
        purger.close();
        data.close();
        store.close();
        cli.out().println("stopped");
        return 0;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
