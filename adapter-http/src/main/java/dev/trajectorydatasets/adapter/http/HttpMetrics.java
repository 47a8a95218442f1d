package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.adapter.http.shared.Problems;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Prometheus metrics: requests by route and status with latency histograms, the JVM, and whatever else binds. */
final class HttpMetrics {

    /** The latency buckets of {@code http_server_requests_seconds}: 1 ms to 30 s (a waiting claim lasts up to 30 s). */
    static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry;

    HttpMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** HTTP's methods; any other name a client invents is labelled {@link #OTHER_METHOD}. */
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
            "CONNECT");
    static final String OTHER_METHOD = "other";

    /**
     * The request's method as metrics and the access log name it: a known method, or {@link #OTHER_METHOD}, so a
     * client inventing method names (even unauthorized) can add neither series nor long log lines.
     */
    static String methodLabel(Context ctx) {
        String name = ctx.method().name();
        return KNOWN_METHODS.contains(name) ? name : OTHER_METHOD;
    }

    void record(Context ctx, float millis) {
        Timer.builder("http_server_requests")
                .description("HTTP requests by route and status")
                .tag("method", methodLabel(ctx))
                .tag("route", Problems.routeOf(ctx))
                .tag("status", Integer.toString(ctx.statusCode()))
                // A fixed set of buckets (12 with +Inf), not the percentile histogram's ~69 per route and status.
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    String scrape() {
        return registry.scrape();
    }
}
