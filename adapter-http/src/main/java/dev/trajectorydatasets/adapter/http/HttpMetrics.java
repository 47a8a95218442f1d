package dev.trajectorydatasets.adapter.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.TimeUnit;

/** Prometheus metrics: requests by route and status with latency histograms, the JVM, and whatever else binds. */
final class HttpMetrics {

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

    void record(Context ctx, float millis) {
        Timer.builder("http_server_requests")
                .description("HTTP requests by route and status")
                .tag("method", ctx.method().name())
                .tag("route", Problems.routeOf(ctx))
                .tag("status", Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram()
                .register(registry)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    String scrape() {
        return registry.scrape();
    }
}
