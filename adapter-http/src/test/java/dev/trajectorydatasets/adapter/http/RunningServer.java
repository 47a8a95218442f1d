package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.DatasetPort;

import java.util.Optional;

/** The real server on a random loopback port over a store of the test's choosing. */
final class RunningServer implements AutoCloseable {

    final DatasetManager manager;
    final DatasetHttpServer server;
    final ApiClient api;

    private RunningServer(DatasetPort store, Optional<String> token, boolean available) {
        this.manager = DatasetManager.over(store);
        this.server = new DatasetHttpServer(manager, new StoreStatus("memory", () -> available), "test",
                new DatasetHttpServer.Settings("127.0.0.1", 0, token)).start();
        this.api = new ApiClient(server.port(), token);
    }

    static RunningServer inMemory() {
        return new RunningServer(new InMemoryDatasetStore(), Optional.empty(), true);
    }

    static RunningServer withToken(String token) {
        return new RunningServer(new InMemoryDatasetStore(), Optional.of(token), true);
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
