package dev.trajectorydatasets.adapter.http.shared;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** A method, a path template and what answers it. */
public record Route(HandlerType method, String path, Handler handler) {
}
