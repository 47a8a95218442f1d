package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trajectorydatasets.adapter.inmemory.InMemoryDatasetStore;
import dev.trajectorydatasets.application.DatasetManager;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metrics about the data on {@code /metrics}: what requests did, counted once; run gauges; capped histograms; the Grafana board. */
class DataMetricsTest {

    private DataMetrics data;
    private DatasetManager manager;
    private DatasetHttpServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        data = new DataMetrics(registry);
        manager = new DatasetManager(new InMemoryDatasetStore(), Clock.systemUTC(), 100, data);
        server = new DatasetHttpServer(manager, new StoreStatus("memory", () -> true), "test",
                new DatasetHttpServer.Settings("127.0.0.1", 0, Optional.empty()), registry).start();
        api = new ApiClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        data.close();
    }

    /** The value of the one sample of {@code name} whose labels include every {@code label="value"} given. */
    private double value(String name, String... labels) {
        List<String> lines = api.get("/metrics").body().lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> List.of(labels).stream().allMatch(line::contains)).toList();
        assertEquals(1, lines.size(), name + " " + List.of(labels) + ": " + lines);
        return Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
    }

    @Test
    void each_request_counts_what_it_did_once() {
        api.post("/v1/datasets/batch", IntStream.range(0, 10).mapToObj(i -> "{\"trajectory_id\":\"t" + i + "\",\"run_id\":\"r\",\"task_id\":\"task"
                + i / 2 + "\"}").collect(Collectors.joining(",", "{\"items\":[", "]}")));
        assertEquals(10, value("datasets_records_registered_total"));

        assertEquals(3, api.post("/v1/claims", "{\"count\":3,\"run_id\":\"r\",\"max_used\":1}").json().get("items").size());
        api.post("/v1/claims", "{\"count\":3,\"run_id\":\"nothing_here\"}");
        String keyed = "{\"count\":2,\"run_id\":\"r\",\"max_used\":1}";
        api.postWithKey("/v1/claims", "claim-once", keyed);
        api.postWithKey("/v1/claims", "claim-once", keyed); // a replay: the same answer, nothing done again
        assertEquals(2, value("datasets_claims_total", "kind=\"claim\"", "outcome=\"taken\""));
        assertEquals(1, value("datasets_claims_total", "kind=\"claim\"", "outcome=\"empty\""));
        assertEquals(5, value("datasets_claimed_rows_total", "kind=\"claim\""));
        assertEquals(5, value("datasets_uses_total"));

        JsonNode lease = api.post("/v1/claims", "{\"count\":2,\"run_id\":\"r\",\"max_used\":1,\"lease_seconds\":60}").json();
        assertEquals(1, value("datasets_claims_total", "kind=\"lease\"", "outcome=\"taken\""));
        assertEquals(5, value("datasets_uses_total"), "a lease counts no use until acknowledged");
        api.post("/v1/leases/" + lease.get("lease_id").asLong() + "/ack", "");
        assertEquals(2, value("datasets_lease_settled_rows_total", "settlement=\"acknowledged\""));
        assertEquals(7, value("datasets_uses_total"));

        String used = lease.get("items").get(0).get("trajectory_id").asText();
        assertEquals(409, api.post("/v1/trajectories/" + used + "/use", "{\"max_used\":1}").status());
        assertEquals(1, value("datasets_uses_refused_total"));

        // A claim that waits and finds nothing is one empty claim, however often it looked.
        api.post("/v1/claims", "{\"count\":1,\"run_id\":\"later\",\"wait_ms\":400}");
        assertEquals(2, value("datasets_claims_total", "kind=\"claim\"", "outcome=\"empty\""));

        assertEquals(204, api.send("DELETE", "/v1/trajectories/t9", "").status());
        assertEquals(1, value("datasets_records_deleted_total"));
    }

    @Test
    void run_gauges_show_records_and_unused_records_per_run() {
        api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"a\",\"run_id\":\"r1\"},{\"trajectory_id\":\"b\",\"run_id\":\"r1\"},"
                + "{\"trajectory_id\":\"c\",\"run_id\":\"r2\"}]}");
        api.post("/v1/claims", "{\"count\":1,\"run_id\":\"r1\"}");
        data.refresh(manager);
        assertEquals(2, value("datasets_run_records", "run_id=\"r1\""));
        assertEquals(1, value("datasets_run_unused_records", "run_id=\"r1\""));
        assertEquals(1, value("datasets_run_unused_records", "run_id=\"r2\""));

        api.post("/v1/claims", "{\"count\":1,\"run_id\":\"r1\",\"consumer_group\":\"eval\",\"order\":\"newest\"}");
        api.send("PUT", "/v1/runs/r2/consumer-groups/critic", "");
        data.refresh(manager);
        assertEquals(1, value("datasets_group_unused_records", "run_id=\"r1\"", "consumer_group=\"eval\""));
        assertEquals(1, value("datasets_group_uses", "run_id=\"r1\"", "consumer_group=\"eval\""));
        assertEquals(1, value("datasets_group_unused_records", "run_id=\"r2\"", "consumer_group=\"critic\""));
        assertEquals(1, value("datasets_run_unused_records", "run_id=\"r1\""), "the eval group's claim took nothing of the default group's");
    }

    @Test
    void a_route_and_status_export_a_dozen_latency_buckets_not_seventy() {
        api.get("/v1/datasets/count");
        long buckets = api.get("/metrics").body().lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_bucket{") && line.contains("route=\"/v1/datasets/count\"")).count();
        assertEquals(HttpMetrics.LATENCY_BUCKETS.length + 1, buckets);
    }

    @Test
    void every_metric_the_grafana_board_queries_is_exported() throws IOException {
        JsonNode board = new ObjectMapper().readTree(Files.readString(Path.of("../docs/grafana/trajectory-datasets.json")));
        Set<String> queried = new TreeSet<>();
        Pattern metric = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");
        List<JsonNode> targets = new ArrayList<>();
        board.get("panels").forEach(panel -> panel.get("targets").forEach(targets::add));
        for (JsonNode target : targets) {
            Matcher found = metric.matcher(target.get("expr").asText());
            while (found.find()) {
                queried.add(found.group(1));
            }
        }
        assertTrue(queried.size() >= 10, queried.toString());
        // Traffic so that every labelled series exists (a route's histogram, a run's gauge).
        api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"a\",\"run_id\":\"r1\"}]}");
        data.refresh(manager);
        String scraped = api.get("/metrics").body();
        Set<String> exported = scraped.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
        // The pool's metrics come from the SQL store's pool, which this in-memory server has not.
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exported);
        missing.removeIf(name -> name.startsWith("hikaricp_"));
        assertEquals(Set.of(), missing, "queried by docs/grafana/trajectory-datasets.json but not exported");
    }
}
