package dev.trajectorydatasets.bootstrap;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A trainer in a process of its own that takes a leased training step and then hangs (as if training), for a test to
 * kill: {@code LeasingClient <base url> <body>} prints the server's answer on one line, then sleeps.
 */
public final class LeasingClient {

    private LeasingClient() {
    }

    public static void main(String[] args) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(args[0] + "/v1/group-claims"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(args[1])).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("answer " + answer.statusCode() + " " + answer.body());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
