package dev.trajectorydatasets.adapter.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated requests (seeded, so a failure replays): random methods, paths, path segments, query strings and JSON
 * bodies of every shape, type, size and script. The server never answers 5xx, never leaks a stack trace, and a
 * rejected request leaves the store exactly as it was.
 */
class HostileInputTest {

    private static final List<String> PATHS = List.of("/v1/datasets", "/v1/datasets/batch", "/v1/datasets/use",
            "/v1/datasets/count", "/v1/datasets/stats", "/v1/datasets/%s", "/v1/trajectories/%s",
            "/v1/trajectories/%s/use", "/v1/claims", "/health", "/metrics", "/v1/%s", "/%s");
    private static final List<String> METHODS = List.of("GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS", "HEAD");
    private static final List<String> KEYS = List.of("trajectory_id", "run_id", "used", "model_version", "items", "by",
            "max_used", "count", "order", "trajectory_ids", "model_version_min", "id", "created_at", "", "\u0000", "🚀");
    private static final List<String> QUERY_KEYS = List.of("run_id", "usage_time_min", "usage_time_max", "created_after",
            "created_before", "model_version_min", "model_version_max", "offset", "limit", "after_id", "x");
    private static final List<String> STRINGS = List.of("", " ", "traj_001", "kept", "' OR '1'='1", "\"; DROP TABLE datasets; --",
            "🚀🚀🚀", "a\u0000b", "\t", "x".repeat(300), "least_used", "random", "2026-11-27T03:50:45Z", "-1", "1e9",
            "%00", "../..", "null", "\uD800", "日本語", "<script>");

    private final RunningServer running = RunningServer.inMemory();
    private final ApiClient api = running.api;

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void two_thousand_generated_requests_never_fail_the_server_or_change_the_store_when_rejected() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        api.post("/v1/datasets/batch", "{\"items\":[{\"trajectory_id\":\"kept\",\"run_id\":\"r\"},{\"trajectory_id\":\"traj_001\"}]}");
        int rejected = 0;
        for (int i = 0; i < 2_000; i++) {
            String method = pick(random, METHODS);
            String path = path(random);
            String body = random.nextInt(5) == 0 ? null : json(random, 0);
            String before = snapshot();

            ApiClient.Response response;
            try {
                response = api.send(method, path, body);
            } catch (RuntimeException broken) {
                throw new AssertionError("seed " + seed + ", request " + i + ": " + method + " " + path + " " + body
                        + " -> no readable answer: " + broken.getMessage(), broken);
            }

            String context = "seed " + seed + ", request " + i + ": " + method + " " + path + " " + body + " -> " + response.status() + " " + response.body();
            assertTrue(response.status() < 500, context);
            assertFalse(response.body().contains("Exception") || response.body().contains("\tat "), context);
            if (response.status() >= 400) {
                rejected++;
                assertEquals(before, snapshot(), "a rejected request changed the store; " + context);
            }
        }
        assertTrue(rejected > 1_000, "the generator should mostly produce bad requests, got " + rejected + " rejections");
    }

    private String snapshot() {
        return api.get("/v1/datasets?limit=10000").body();
    }

    private static String path(Random random) {
        String path = String.format(pick(random, PATHS), URLEncoder.encode(pick(random, STRINGS), StandardCharsets.UTF_8));
        if (random.nextBoolean()) {
            StringBuilder query = new StringBuilder("?");
            for (int i = random.nextInt(4); i >= 0; i--) {
                query.append(URLEncoder.encode(pick(random, QUERY_KEYS), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(random.nextBoolean() ? pick(random, STRINGS) : Long.toString(random.nextLong() % 20_000), StandardCharsets.UTF_8))
                        .append('&');
            }
            path += query;
        }
        return path;
    }

    private static String json(Random random, int depth) {
        switch (depth > 3 ? random.nextInt(5) : random.nextInt(8)) {
            case 0:
                return quote(pick(random, STRINGS));
            case 1:
                return Long.toString(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(10));
            case 2:
                return random.nextBoolean() ? "true" : "null";
            case 3:
                return Double.toString(random.nextDouble() * 10);
            case 4:
                return random.nextBoolean() ? "{" : "[1,";
            case 5: {
                StringBuilder array = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.append(json(random, depth + 1)).append(i > 1 ? "," : "");
                }
                return array.append(']').toString();
            }
            default: {
                StringBuilder object = new StringBuilder("{");
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.append(quote(pick(random, KEYS))).append(':').append(json(random, depth + 1)).append(i > 1 ? "," : "");
                }
                return object.append('}').toString();
            }
        }
    }

    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
