package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.adapter.http.backup.BackupRoutes;
import dev.trajectorydatasets.adapter.http.claim.ClaimRoutes;
import dev.trajectorydatasets.adapter.http.overview.RunRoutes;
import dev.trajectorydatasets.adapter.http.group.GroupRoutes;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.HealthJson;
import dev.trajectorydatasets.adapter.http.shared.Json;
import dev.trajectorydatasets.adapter.http.shared.Problems;
import dev.trajectorydatasets.adapter.http.shared.RequestBodies;
import dev.trajectorydatasets.adapter.http.shared.Route;
import dev.trajectorydatasets.adapter.http.trajectory.TrajectoryRoutes;
import dev.trajectorydatasets.adapter.http.usage.UsageRoutes;
import dev.trajectorydatasets.application.DatasetManager;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The HTTP server: the {@code /v1} API over a {@link DatasetManager}, plus {@code /health}, {@code /metrics},
 * {@code /openapi.yaml} and {@code /docs}. Errors are RFC 9457 problems; one access-log line per request.
 */
public final class DatasetHttpServer implements AutoCloseable {

    /**
     * Where to listen; the bearer token that guards everything but the open routes, if any; how many API requests
     * may work on the store at once (at most its connection pool's size) and how long others wait for a turn.
     */
    public record Settings(String host, int port, Optional<String> token, int storeConcurrency, long queueWaitMillis) {

        public static final int DEFAULT_CONCURRENCY = 8;
        public static final long DEFAULT_QUEUE_WAIT_MILLIS = 30_000;

        public Settings(String host, int port, Optional<String> token) {
            this(host, port, token, DEFAULT_CONCURRENCY, DEFAULT_QUEUE_WAIT_MILLIS);
        }
    }

    static final String SWAGGER_UI_VERSION = "5.34.1";
    static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    /** The most body bytes all requests in flight hold together: four bodies of the largest size. */
    static final long BODY_BUDGET_BYTES = 4 * MAX_BODY_BYTES;
    /** How long a request waits for room in the body budget before it is answered 503. */
    static final long BODY_WAIT_MILLIS = 5_000;
    static final long STOP_TIMEOUT_MILLIS = 10_000;
    /** Connections the kernel holds for the server before it accepts them (Linux caps it at net.core.somaxconn). */
    static final int ACCEPT_QUEUE = 1024;
    /**
     * How long a keep-alive connection with no request in flight stays open once the server stops (Jetty's default is
     * 1 s): it has nothing to finish, and a second per stop was most of the time of every test that starts a server.
     */
    static final long SHUTDOWN_IDLE_MILLIS = 50;

    private static final Logger ACCESS = LoggerFactory.getLogger("access");

    private final Settings settings;
    private final HttpMetrics metrics;
    private final RequestBodies bodies = new RequestBodies(BODY_BUDGET_BYTES, MAX_BODY_BYTES, BODY_WAIT_MILLIS);
    private final List<Route> routes;
    private final Javalin app;
    /** The Jetty server under Javalin, once configured: its connectors close idle connections at stop. */
    private volatile Server jetty;
    private final byte[] openApi;
    private final DatasetManager datasets;

    public DatasetHttpServer(DatasetManager datasets, StoreStatus store, String version, Settings settings) {
        this(datasets, store, version, settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** A server whose {@code /metrics} scrapes {@code registry}, which others (the connection pool) may report into. */
    public DatasetHttpServer(DatasetManager datasets, StoreStatus store, String version, Settings settings,
                             PrometheusMeterRegistry registry) {
        this.settings = settings;
        this.datasets = datasets;
        this.metrics = new HttpMetrics(registry);
        this.openApi = openApiDocument();
        Admission admission = new Admission(settings.storeConcurrency(), settings.queueWaitMillis());
        List<Route> api = new ArrayList<>(new TrajectoryRoutes(datasets).routes());
        api.addAll(new BackupRoutes(datasets).routes());
        api.addAll(new UsageRoutes(datasets).routes());
        api.addAll(new RunRoutes(datasets).routes());
        api.addAll(new GroupRoutes(datasets).routes());
        api.addAll(new ClaimRoutes(datasets, Clock.systemUTC()).routes());
        WholeRunReads wholeRunReads = new WholeRunReads(settings.queueWaitMillis());
        List<Route> all = new ArrayList<>(api.stream()
                .map(route -> new Route(route.method(), route.path(), wholeRunReads.gated(route.signature(),
                        admission.admitted(route.handler(), ClaimRoutes.isClaim(route)))))
                .toList());
        AccessControl access = new AccessControl(settings.token());
        all.add(new Route(HandlerType.GET, "/health", ctx -> health(ctx, store, version, access)));
        all.add(new Route(HandlerType.GET, "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape())));
        all.add(new Route(HandlerType.GET, "/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi)));
        all.add(new Route(HandlerType.GET, "/docs", ctx -> ctx.html(docsPage())));
        String dashboard = dashboardPage();
        all.add(new Route(HandlerType.GET, "/ui", ctx -> ctx
                // The page may not be framed by another site (clickjacking), nor load plugins or rebase its links.
                .header("Content-Security-Policy", "frame-ancestors 'none'; object-src 'none'; base-uri 'none'")
                .header("X-Frame-Options", "DENY")
                .html(dashboard)));
        this.routes = List.copyOf(all);
        this.app = Javalin.create(cfg -> configure(cfg, access));
    }

    private void configure(JavalinConfig cfg, AccessControl access) {
        cfg.startup.showJavalinBanner = false;
        cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
        cfg.http.maxRequestSize = MAX_BODY_BYTES;
        cfg.staticFiles.enableWebjars();
        // Javalin's own connector, with a longer accept queue: the JVM's default of 50 overflowed when 256 trainers
        // connected at once (issue 33, TcpExtListenOverflows 11-19 a run), and each overflow costs a client a
        // retransmitted SYN, a second or more.
        cfg.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            connector.setAcceptQueueSize(ACCEPT_QUEUE);
            return connector;
        });
        cfg.jetty.modifyServer(server -> {
            jetty = server;
            // Javalin nests its handlers inside this wrapper; on stop it refuses new requests and waits for the rest.
            server.setHandler(new GracefulHandler());
            server.setStopTimeout(STOP_TIMEOUT_MILLIS);
            // Jetty's own answers (bad URI, URI or headers too long) as problem+json too, echoing nothing.
            server.setErrorHandler(new ProblemErrorHandler());
        });
        cfg.requestLogger.http((ctx, millis) -> {
            // Method, route template, status and time only: never a body, a header or a raw path.
            ACCESS.info("{} {} {} {}ms", HttpMetrics.methodLabel(ctx), Problems.routeOf(ctx), ctx.statusCode(), Math.round(millis));
            metrics.record(ctx, millis);
        });
        cfg.routes.before(access::check);
        cfg.routes.after(RequestBodies::drainUnread);
        for (Route route : routes) {
            cfg.routes.addEndpoint(new Endpoint(route.method(), route.path(), bodies.budgeted(route.handler()), Set.of()));
        }
        Problems.register(cfg.routes);
    }

    /** Starts listening; port 0 picks a free one (see {@link #port()}). */
    public DatasetHttpServer start() {
        app.start(settings.host(), settings.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Every served route as {@code "GET /v1/datasets/{id}"}. */
    public List<String> routeSignatures() {
        return routes.stream().map(Route::signature).toList();
    }

    /** Answers the claims waiting for data at once, stops accepting requests, lets in-flight ones finish (up to 10 s), and stops. */
    @Override
    public void close() {
        datasets.stopWaiting();
        Server server = jetty;
        if (server != null) {
            for (Connector connector : server.getConnectors()) {
                if (connector instanceof AbstractConnector closing) {
                    closing.setShutdownIdleTimeout(SHUTDOWN_IDLE_MILLIS);
                }
            }
        }
        app.stop();
    }

    /** Up or down for anyone; which store and version only to a caller holding the token (when one is set). */
    private static void health(Context ctx, StoreStatus store, String version, AccessControl access) {
        boolean up = store.available().getAsBoolean();
        boolean details = access.enabled() && access.authorized(ctx);
        ctx.status(up ? 200 : 503).json(new HealthJson(up ? "up" : "down",
                details ? Optional.of(store.description()) : Optional.empty(), details ? Optional.of(version) : Optional.empty()));
    }

    private static String docsPage() {
        String base = "/webjars/swagger-ui/" + SWAGGER_UI_VERSION;
        return """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>trajectory-datasets API</title>
                <link rel="stylesheet" href="%1$s/swagger-ui.css"></head>
                <body><div id="swagger-ui"></div>
                <script src="%1$s/swagger-ui-bundle.js"></script>
                <script>window.ui = SwaggerUIBundle({url: '/openapi.yaml', dom_id: '#swagger-ui'});</script>
                </body></html>
                """.formatted(base);
    }

    /**
     * The dashboard: one page, its charts drawn by uPlot from the webjar in this jar. The page holds no data; it
     * reads the API in the browser, sending the token the user types when the server has one.
     */
    private static String dashboardPage() {
        return new String(resource("dashboard.html"), StandardCharsets.UTF_8).replace("@UPLOT@", webjarVersion("org.webjars.npm", "uplot"));
    }

    /** The version of a webjar on the class path, from its Maven properties (one place: the pom). */
    static String webjarVersion(String group, String artifact) {
        String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = DatasetHttpServer.class.getResourceAsStream(path)) {
            Properties properties = new Properties();
            properties.load(Objects.requireNonNull(in, path + " is missing from the class path"));
            return Objects.requireNonNull(properties.getProperty("version"), "no version in " + path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The OpenAPI document's parts, in order: it is written per feature beside the routes (the header and its
     * {@code paths:}, then each feature's paths, then the components) and served as one document.
     */
    static final List<String> OPENAPI_PARTS = List.of("00-info.yaml", "10-trajectories-and-claims.yaml", "20-usage-history.yaml",
            "30-group-claims-and-leases.yaml", "40-runs.yaml", "45-backups.yaml", "50-operations.yaml", "60-components.yaml",
            "70-schemas-leases-runs.yaml");

    private static byte[] openApiDocument() {
        ByteArrayOutputStream document = new ByteArrayOutputStream();
        OPENAPI_PARTS.forEach(part -> document.writeBytes(resource("openapi/" + part)));
        return document.toByteArray();
    }

    private static byte[] resource(String name) {
        try (InputStream in = DatasetHttpServer.class.getResourceAsStream(name)) {
            return Objects.requireNonNull(in, name + " is missing from the jar").readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
