package dev.trajectorydatasets.adapter.http.shared;

import java.util.Optional;
import java.util.OptionalInt;

/** A failure found at the HTTP edge (a missing record, a bad parameter, no room): its status, code and field. */
public final class HttpFailure extends RuntimeException {

    private final int status;
    private final String code;
    private final Optional<String> field;
    private final OptionalInt retryAfterSeconds;

    public HttpFailure(int status, String code, String detail, Optional<String> field) {
        this(status, code, detail, field, OptionalInt.empty());
    }

    private HttpFailure(int status, String code, String detail, Optional<String> field, OptionalInt retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static HttpFailure notFound(String detail) {
        return new HttpFailure(404, "not_found", detail, Optional.empty());
    }

    public static HttpFailure usageLimitReached(String trajectoryId) {
        return new HttpFailure(409, "usage_limit_reached",
                "trajectory_id '" + trajectoryId + "' is at its usage limit; nothing changed", Optional.empty());
    }

    /** A 503 {@code server_busy}: no room now (a turn, a body budget), try again in a second. */
    public static HttpFailure serverBusy(String detail) {
        return new HttpFailure(503, "server_busy", detail, Optional.empty()).retryAfter(1);
    }

    /** The same failure, telling the client when to try again. */
    public HttpFailure retryAfter(int seconds) {
        return new HttpFailure(status, code, getMessage(), field, OptionalInt.of(seconds));
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Optional<String> field() {
        return field;
    }

    OptionalInt retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
