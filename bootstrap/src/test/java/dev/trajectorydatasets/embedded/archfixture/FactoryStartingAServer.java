package dev.trajectorydatasets.embedded.archfixture;

import dev.trajectorydatasets.adapter.http.DatasetHttpServer;

/** A deliberate violation (test code only): the embedding factory must not bring the HTTP server along. */
public final class FactoryStartingAServer {

    public Class<?> server() {
        return DatasetHttpServer.class;
    }
}
