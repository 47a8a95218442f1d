package dev.trajectorydatasets.adapter.http.shared;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** A method, a path template and what answers it. */
public record Route(HandlerType method, String path, Handler handler) {

    /** {@code "GET /v1/datasets/{id}"}: how the route is named in lists and rules. */
    public String signature() {
        return method.name() + " " + path;
    }
}
