package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.adapter.http.shared.HttpFailure;
import io.javalin.http.Handler;

import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Reads whose time grows with the whole run or store (statistics, a run's timeline and histograms, the list of runs):
 * at most {@link #AT_ONCE} at a time, the rest waiting in arrival order for up to the queue wait, then a 503
 * {@code server_busy} with {@code Retry-After}. They wait here before taking a turn at the store, so a waiting read
 * holds no turn. Issue 33: on a run of 10,000,000 rows a timeline took 46 s, and the dashboard asks for one every
 * 10 s; unbounded, a few open dashboards would hold every connection of the pool and starve the trainers.
 */
final class WholeRunReads {

    /** How many whole-run reads work at once: a quarter of the default turns at the store. */
    static final int AT_ONCE = 2;

    /** The routes it covers, as {@link dev.trajectorydatasets.adapter.http.shared.Route#signature()} spells them. */
    static final Set<String> ROUTES = Set.of("GET /v1/datasets/stats", "GET /v1/runs", "GET /v1/runs/{run_id}/timeline",
            "GET /v1/runs/{run_id}/used-histogram", "GET /v1/runs/{run_id}/model-versions",
            "GET /v1/runs/{run_id}/reward-distribution");

    private final Semaphore turns = new Semaphore(AT_ONCE, true);
    private final long waitMillis;

    WholeRunReads(long waitMillis) {
        this.waitMillis = waitMillis;
    }

    /** {@code handler}, taking one of the turns first when {@code signature} is a whole-run read. */
    Handler gated(String signature, Handler handler) {
        if (!ROUTES.contains(signature)) {
            return handler;
        }
        return ctx -> {
            if (!turns.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw HttpFailure.serverBusy("the server is answering as many whole-run reads (statistics, timelines, histograms)"
                        + " as it allows at once; try again shortly");
            }
            try {
                handler.handle(ctx);
            } finally {
                turns.release();
            }
        };
    }
}
