package dev.trajectorydatasets.adapter.http.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.Problem;
import dev.trajectorydatasets.application.claim.ClaimAbandonedException;
import dev.trajectorydatasets.application.claim.TooManyWaitersException;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.StoreBusyException;
import dev.trajectorydatasets.domain.StoreFailureException;
import dev.trajectorydatasets.domain.StoreUnavailableException;
import dev.trajectorydatasets.domain.TrajectoryId;
import dev.trajectorydatasets.domain.checkpoint.DuplicateCheckpointException;
import dev.trajectorydatasets.domain.idempotency.IdempotencyKeyReusedException;
import dev.trajectorydatasets.domain.lease.LeaseExpiredException;
import dev.trajectorydatasets.domain.lease.LeaseNotFoundException;
import dev.trajectorydatasets.domain.trajectory.DuplicateTrajectoryException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every failure becomes one RFC 9457 problem, in this one place. What the caller did wrong is a 4xx naming the
 * field; only the server's own faults are 5xx, and their details stay in the log, never in the response.
 */
public final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    private static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {
    }

    public static void register(RoutesConfig routes) {
        routes.exception(InvalidInputException.class, (e, ctx) -> {
            String field = WireNames.of(e.field());
            send(ctx, 400, "invalid_request", field + " " + WireNames.inText(e.reason()), Optional.of(field), Optional.empty());
        });
        routes.exception(DuplicateTrajectoryException.class, (e, ctx) ->
                send(ctx, 409, "duplicate_trajectory", e.getMessage(), Optional.empty(),
                        Optional.of(e.trajectoryIds().stream().map(TrajectoryId::value).toList())));
        routes.exception(IdempotencyKeyReusedException.class, (e, ctx) ->
                send(ctx, 422, "idempotency_key_reused", e.getMessage(), Optional.of("idempotency_key"), Optional.empty()));
        routes.exception(DuplicateCheckpointException.class, (e, ctx) ->
                send(ctx, 409, "duplicate_checkpoint", e.getMessage(), Optional.of("initial"), Optional.empty()));
        routes.exception(LeaseNotFoundException.class, (e, ctx) ->
                send(ctx, 404, "lease_not_found", e.getMessage(), Optional.of("lease_id"), Optional.empty()));
        routes.exception(LeaseExpiredException.class, (e, ctx) ->
                send(ctx, 409, "lease_expired", e.getMessage(), Optional.of("lease_id"), Optional.empty()));
        // Nobody reads this answer (the client closed its connection); 499 as nginx names it, for the access log.
        routes.exception(ClaimAbandonedException.class, (e, ctx) ->
                send(ctx, 499, "client_closed_request", e.getMessage(), Optional.empty(), Optional.empty()));
        routes.exception(TooManyWaitersException.class, (e, ctx) -> {
            ctx.header("Retry-After", "1");
            send(ctx, 503, "too_many_waiters", e.getMessage(), Optional.of("wait_ms"), Optional.empty());
        });
        routes.exception(HttpFailure.class, (e, ctx) -> {
            e.retryAfterSeconds().ifPresent(seconds -> ctx.header("Retry-After", Integer.toString(seconds)));
            send(ctx, e.status(), e.code(), e.getMessage(), e.field(), Optional.empty());
        });
        routes.exception(StoreBusyException.class, (e, ctx) -> {
            LOG.warn("store busy on {} {}: lock conflicts outlasted the retries", ctx.method(), routeOf(ctx));
            ctx.header("Retry-After", "1");
            send(ctx, 503, "store_busy", e.getMessage(), Optional.empty(), Optional.empty());
        });
        routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            LOG.warn("store unavailable: {}", e.getMessage());
            ctx.header("Retry-After", "1");
            send(ctx, 503, "store_unavailable", e.getMessage(), Optional.empty(), Optional.empty());
        });
        routes.exception(StoreFailureException.class, (e, ctx) -> {
            LOG.error("store failure on {} {}: {}", ctx.method(), routeOf(ctx), e.getMessage());
            send(ctx, 500, "store_failure", "the datasets store failed; the operation changed nothing", Optional.empty(), Optional.empty());
        });
        routes.exception(JsonProcessingException.class, (e, ctx) -> badJson(ctx, e));
        routes.exception(HttpResponseException.class, (e, ctx) -> fromJavalin(ctx, e));
        routes.exception(Exception.class, (e, ctx) -> {
            if (isBrokenRequest(e)) {
                LOG.debug("unreadable request on {} {}: {}", ctx.method(), routeOf(ctx), e.getClass().getName());
                send(ctx, 400, "invalid_request", "the request could not be read (malformed or truncated)", Optional.empty(), Optional.empty());
                return;
            }
            LOG.error("unexpected {} on {} {}", e.getClass().getName(), ctx.method(), routeOf(ctx));
            send(ctx, 500, "internal_error", "unexpected server error", Optional.empty(), Optional.empty());
        });
    }

    /** A request the client broke on the wire (truncated body, bad chunking) surfacing as an I/O failure. */
    private static boolean isBrokenRequest(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof BadMessageException) {
                return true;
            }
        }
        return false;
    }

    private static void badJson(Context ctx, JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            send(ctx, 400, "invalid_request", field + " is not a known field", Optional.of(field), Optional.empty());
        } else if (e instanceof InputCoercionException) {
            send(ctx, 400, "invalid_request", "a number is out of range", Optional.empty(), Optional.empty());
        } else if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            send(ctx, 400, "invalid_request", field + " has the wrong type", Optional.of(field), Optional.empty());
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getMessage().startsWith("No content")) {
            send(ctx, 400, "invalid_request", "a JSON body is required", Optional.of("body"), Optional.empty());
        } else if (e instanceof JsonMappingException mapping && mapping.getCause() instanceof InputCoercionException) {
            String field = path(mapping);
            send(ctx, 400, "invalid_request", field + " is out of range", Optional.of(field), Optional.empty());
        } else if (e instanceof StreamReadException || e instanceof MismatchedInputException) {
            send(ctx, 400, "invalid_request", "the body is not valid JSON of the expected shape", Optional.of("body"), Optional.empty());
        } else {
            send(ctx, 400, "invalid_request", "the body could not be read", Optional.of("body"), Optional.empty());
        }
    }

    private static void fromJavalin(Context ctx, HttpResponseException e) {
        int status = e.getStatus();
        switch (status) {
            case 404 -> send(ctx, 404, "not_found", "no such route: " + ctx.method() + " " + ctx.path(), Optional.empty(), Optional.empty());
            case 405 -> send(ctx, 405, "method_not_allowed", "method " + ctx.method() + " is not allowed here", Optional.empty(), Optional.empty());
            case 413 -> send(ctx, 413, "payload_too_large", "the body is larger than the limit", Optional.of("body"), Optional.empty());
            case 401 -> send(ctx, 401, "unauthorized", "a valid bearer token is required", Optional.empty(), Optional.empty());
            default -> send(ctx, status, status >= 500 ? "internal_error" : "invalid_request",
                    status >= 500 ? "unexpected server error" : String.valueOf(e.getMessage()), Optional.empty(), Optional.empty());
        }
    }

    static void send(Context ctx, int status, String code, String detail, Optional<String> field,
                     Optional<List<String>> trajectoryIds) {
        Problem problem = new Problem("about:blank", title(status), status, detail, code, field, trajectoryIds);
        try {
            ctx.status(status).contentType(CONTENT_TYPE).result(Json.MAPPER.writeValueAsBytes(problem));
        } catch (JsonProcessingException impossible) {
            ctx.status(500).result("{\"status\":500}");
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    public static String routeOf(Context ctx) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? "unmatched" : endpoint.path;
    }

    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 431 -> "Request Header Fields Too Large";
            case 499 -> "Client Closed Request";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
