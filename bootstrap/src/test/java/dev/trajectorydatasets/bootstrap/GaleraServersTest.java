package dev.trajectorydatasets.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trajectorydatasets.adapter.mysql.GaleraCluster;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Three real server processes, one per node of a three-node Galera cluster (issue 17), with 12 HTTP trainers
 * spread over them claiming from 60 trajectories capped at 3 (the probe that once saw 17 answers of 500): every
 * answer is 200 (or 503 busy, retried as a client would), exactly 180 uses are handed out, none past the cap, and
 * checkpoints registered through the three servers at once are numbered without gaps or repeats.
 */
@org.junit.jupiter.api.extension.ExtendWith(GaleraCluster.DescribeOnFailure.class)
@org.junit.jupiter.api.Tag("galera")
class GaleraServersTest {

    @Test
    void three_servers_on_three_nodes_hand_out_every_use_once_and_number_checkpoints_without_gaps() throws Exception {
        GaleraCluster cluster = GaleraCluster.shared();
        String schema = cluster.createSchema();
        List<ServerProcess> servers = new ArrayList<>();
        try {
            for (int n = 1; n <= 3; n++) {
                // One after the other: the first migrates the schema, the others find it done.
                servers.add(ServerProcess.onGalera(cluster, n, schema));
            }
            String items = IntStream.range(0, 60).mapToObj(i -> "{\"trajectory_id\":\"g" + i + "\",\"run_id\":\"cap\"}")
                    .collect(Collectors.joining(",", "{\"items\":[", "]}"));
            assertEquals(201, servers.get(0).post("/v1/datasets/batch", items).status());

            ExecutorService trainers = Executors.newFixedThreadPool(12);
            List<Future<int[]>> running = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                ServerProcess server = servers.get(t % 3);
                int trainer = t;
                running.add(trainers.submit(() -> {
                    int taken = 0;
                    int busy = 0;
                    int other = 0;
                    for (int empty = 0; empty < 3; ) {
                        ServerProcess.Reply reply = server.post("/v1/claims", "{\"count\":4,\"run_id\":\"cap\",\"max_used\":3}");
                        if (reply.status() == 200) {
                            int handed = reply.json().get("items").size();
                            taken += handed;
                            empty = handed == 0 ? empty + 1 : 0;
                        } else if (reply.status() == 503) {
                            busy++;
                        } else {
                            other++;
                        }
                    }
                    for (int i = 0; i < 3; i++) {
                        ServerProcess.Reply checkpoint = server.post("/v1/runs/cap/checkpoints", "{\"path\":\"/c/" + trainer + "-" + i + "\"}");
                        other += checkpoint.status() == 201 ? 0 : 1;
                    }
                    return new int[] {taken, busy, other};
                }));
            }
            int taken = 0;
            int busy = 0;
            int other = 0;
            for (Future<int[]> trainer : running) {
                int[] counts = trainer.get();
                taken += counts[0];
                busy += counts[1];
                other += counts[2];
            }
            trainers.shutdown();

            assertEquals(0, other, "every claim answered 200 or 503 busy, every checkpoint 201");
            assertEquals(180, taken, "60 trajectories x cap 3, each use handed out once");
            JsonNode stats = servers.get(1).get("/v1/datasets/stats?run_id=cap").json();
            assertEquals(3, stats.get("max_usage_time").asInt());
            assertEquals(3, stats.get("min_usage_time").asInt());
            List<Integer> versions = new ArrayList<>();
            for (JsonNode checkpoint : servers.get(2).get("/v1/runs/cap/checkpoints?latest=100").json().get("items")) {
                versions.add(checkpoint.get("version").asInt());
            }
            versions.sort(null);
            assertEquals(IntStream.rangeClosed(1, 36).boxed().toList(), versions, "36 checkpoints, numbered 1 to 36");
            System.out.printf("three servers on three nodes: %d claims answered 503 busy and were retried%n", busy);
        } finally {
            servers.forEach(ServerProcess::close);
        }
    }
}
