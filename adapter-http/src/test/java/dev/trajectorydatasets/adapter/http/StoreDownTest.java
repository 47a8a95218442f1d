package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.domain.DatasetPort;
import dev.trajectorydatasets.domain.PortSpy;
import dev.trajectorydatasets.domain.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A store that cannot be reached answers 503 with a problem, never 500. (The real unreachable MySQL server is
 * exercised end to end in bootstrap; here a store that refuses every call stands in for it.)
 */
class StoreDownTest {

    /** A store whose every call fails as an unreachable database does. */
    private static DatasetPort unreachableStore() {
        return PortSpy.around(new InMemoryDatasetStore(), (method, args, proceed) -> {
            throw new StoreUnavailableException("the datasets store is unavailable: the database cannot be reached, try again later", null);
        });
    }

    private final RunningServer running = RunningServer.over(unreachableStore(), false);

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void store_operations_answer_503_and_health_says_down() {
        ApiClient.Response create = running.api.post("/v1/datasets", "{\"trajectory_id\":\"t\"}");
        assertEquals(503, create.status());
        assertEquals("store_unavailable", create.json().get("code").asText());
        assertEquals("1", create.header("Retry-After"));
        assertEquals(503, running.api.get("/v1/datasets/1").status());
        assertEquals(503, running.api.get("/v1/datasets").status());
        assertFalse(create.body().contains("Exception"));

        ApiClient.Response health = running.api.get("/health");
        assertEquals(503, health.status());
        assertEquals("down", health.json().get("status").asText());
    }
}
