package dev.trajectorydatasets.adapter.http;

import java.util.Optional;

/** A failure found at the HTTP edge (a missing record, a bad parameter): its status, code and field. */
final class HttpFailure extends RuntimeException {

    private final int status;
    private final String code;
    private final Optional<String> field;

    HttpFailure(int status, String code, String detail, Optional<String> field) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    static HttpFailure notFound(String detail) {
        return new HttpFailure(404, "not_found", detail, Optional.empty());
    }

    static HttpFailure usageLimitReached(String trajectoryId) {
        return new HttpFailure(409, "usage_limit_reached",
                "trajectory_id '" + trajectoryId + "' is at its usage limit; nothing changed", Optional.empty());
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
}
