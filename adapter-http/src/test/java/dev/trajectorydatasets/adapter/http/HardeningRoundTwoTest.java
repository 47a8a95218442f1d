package dev.trajectorydatasets.adapter.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Findings of the second adversarial probe (issue 30) that this server now refuses, each at the HTTP level. */
class HardeningRoundTwoTest {

    private static final RunningServer RUNNING = RunningServer.withToken("secret");

    @AfterAll
    static void stop() {
        RUNNING.close();
    }

    /** Probe: 2,000 invented methods took /metrics from 17.7 KB to 32.7 MB (one series each, even on a 401). */
    @Test
    void invented_http_methods_add_no_metric_series_and_no_long_log_lines() {
        ApiClient api = RUNNING.api;
        RawHttp.send(RUNNING.server.port(), "BREW0 /v1/datasets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        int before = api.get("/metrics").body().length();
        for (int i = 0; i < 200; i++) {
            String method = "BREW" + "X".repeat(200) + i;
            RawHttp.Answer answer = RawHttp.send(RUNNING.server.port(), (method + " /v1/datasets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(answer.status() >= 400 && answer.status() < 500, answer.head());
        }
        String metrics = api.get("/metrics").body();

        assertFalse(metrics.contains("BREW"), "no series names an invented method");
        assertTrue(metrics.contains("method=\"other\""), "they are counted under one label");
        assertTrue(metrics.length() - before < 2_000, "the scrape grew by " + (metrics.length() - before) + " bytes");
    }

    /** Probe: {"n": 1e999} came back as the string "Infinity", 1.0000000000000000000001 as 1.0. */
    @Test
    void numbers_in_attributes_come_back_with_the_value_sent() {
        String attributes = "{\"huge\":1e999,\"precise\":1.0000000000000000000001,\"scaled\":1.50,\"big\":123456789012345678901234567890}";
        assertEquals(201, RUNNING.api.post("/v1/datasets", "{\"trajectory_id\":\"numbers\",\"attributes\":" + attributes + "}").status());
        assertEquals(200, RUNNING.api.patch("/v1/trajectories/numbers", "{\"attributes\":" + attributes.replace("huge", "again") + "}").status());

        String body = RUNNING.api.get("/v1/trajectories/numbers").body();

        assertTrue(body.contains("\"again\":1E+999"), body);
        assertTrue(body.contains("\"precise\":1.0000000000000000000001"), body);
        assertTrue(body.contains("\"scaled\":1.50"), body);
        assertTrue(body.contains("\"big\":123456789012345678901234567890"), body);
        assertEquals(400, RUNNING.api.patch("/v1/trajectories/numbers", "{\"reward\":1e999}").status(), "a reward must still be finite");
    }

    @Test
    void the_dashboard_may_not_be_framed_by_another_site() {
        ApiClient.Response page = RUNNING.api.get("/ui");

        assertEquals(200, page.status());
        assertEquals("DENY", page.header("X-Frame-Options"));
        assertTrue(page.header("Content-Security-Policy").contains("frame-ancestors 'none'"), page.header("Content-Security-Policy"));
    }

    @Test
    void too_many_latest_checkpoints_names_latest() {
        ApiClient.Response answer = RUNNING.api.get("/v1/runs/r/checkpoints?latest=10001");

        assertEquals(400, answer.status(), answer.body());
        assertEquals("latest", answer.json().get("field").asText());
    }
}
