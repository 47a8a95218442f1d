package dev.trajectorydatasets.adapter.http.usage.archfixture;

import dev.trajectorydatasets.adapter.http.DatasetHttpServer;

/** Breaks the rule on purpose: a feature's routes use the server that wires them. */
public final class UsageRoutesReachingForTheServer {

    public int port(DatasetHttpServer server) {
        return server.port();
    }
}
