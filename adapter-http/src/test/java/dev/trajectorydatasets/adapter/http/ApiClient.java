package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** A real HTTP client against a server on a real port; every test talks to the API as a user would. */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** HTTP/1.1 as the server speaks it (no h2c upgrade attempt on each new connection), as the Python client does. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Optional<String> token;

    ApiClient(int port, Optional<String> token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    ApiClient(int port) {
        this(port, Optional.empty());
    }

    record Response(int status, String contentType, String body, HttpResponse<byte[]> raw) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Response get(String path) {
        return send("GET", path, (String) null);
    }

    Response post(String path, String body) {
        return send("POST", path, body);
    }

    Response patch(String path, String body) {
        return send("PATCH", path, body);
    }

    Response delete(String path) {
        return send("DELETE", path, (String) null);
    }

    Response send(String method, String path, String body) {
        return send(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    Response send(String method, String path, HttpRequest.BodyPublisher body) {
        return send(method, path, body, "application/json");
    }

    /** A POST with an {@code Idempotency-Key} header. */
    Response postWithKey(String path, String key, String body) {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(body), "application/json", java.util.Map.of("Idempotency-Key", key));
    }

    Response send(String method, String path, HttpRequest.BodyPublisher body, String contentType) {
        return send(method, path, body, contentType, java.util.Map.of());
    }

    Response send(String method, String path, HttpRequest.BodyPublisher body, String contentType, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .method(method, body);
        headers.forEach(request::header);
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    new String(response.body(), StandardCharsets.UTF_8), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
