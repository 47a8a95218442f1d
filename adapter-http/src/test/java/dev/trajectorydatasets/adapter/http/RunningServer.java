package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.DatasetPort;

import java.time.Clock;
import java.util.Optional;

/** The real server on a random loopback port over a store of the test's choosing. */
final class RunningServer implements AutoCloseable {

    final DatasetManager manager;
    final DatasetHttpServer server;
    final ApiClient api;

    private RunningServer(DatasetPort store, Optional<String> token, boolean available) {
        this(store, available, new DatasetHttpServer.Settings("127.0.0.1", 0, token));
    }

    private RunningServer(DatasetPort store, boolean available, DatasetHttpServer.Settings settings) {
        this(DatasetManager.over(store), available, settings);
    }

    private RunningServer(DatasetManager manager, boolean available, DatasetHttpServer.Settings settings) {
        this.manager = manager;
        this.server = new DatasetHttpServer(manager, new StoreStatus("memory", () -> available), "test", settings).start();
        Optional<String> token = settings.token();
        this.api = new ApiClient(server.port(), token);
    }

    static RunningServer inMemory() {
        return new RunningServer(new InMemoryDatasetStore(), Optional.empty(), true);
    }

    /** A server that lets {@code concurrency} requests at a time work on the store, the rest waiting up to {@code waitMillis}. */
    static RunningServer admitting(int concurrency, long waitMillis) {
        return new RunningServer(new InMemoryDatasetStore(), true,
                new DatasetHttpServer.Settings("127.0.0.1", 0, Optional.empty(), concurrency, waitMillis));
    }

    /** {@link #admitting(int, long)} over {@code store}. */
    static RunningServer admitting(DatasetPort store, int concurrency, long waitMillis) {
        return new RunningServer(store, true, new DatasetHttpServer.Settings("127.0.0.1", 0, Optional.empty(), concurrency, waitMillis));
    }

    /** A server that holds at most {@code maxWaiters} claims waiting for data. */
    static RunningServer withMaxWaiters(int maxWaiters) {
        return new RunningServer(new DatasetManager(new InMemoryDatasetStore(), Clock.systemUTC(), maxWaiters), true,
                new DatasetHttpServer.Settings("127.0.0.1", 0, Optional.empty()));
    }

    static RunningServer withToken(String token) {
        return new RunningServer(new InMemoryDatasetStore(), Optional.of(token), true);
    }

    /** A server with a token over {@code manager} (a test that controls the clock, say). */
    static RunningServer withToken(String token, DatasetManager manager) {
        return new RunningServer(manager, true, new DatasetHttpServer.Settings("127.0.0.1", 0, Optional.of(token)));
    }

    static RunningServer over(DatasetPort store, boolean available) {
        return new RunningServer(store, Optional.empty(), available);
    }

    ApiClient anonymous() {
        return new ApiClient(server.port());
    }

    @Override
    public void close() {
        server.close();
    }
}
