package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trajectorydatasets.application.Answer;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.InvalidInputException;
import io.javalin.http.Context;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The answers of the POSTs that create or count. With an {@code Idempotency-Key} header the request runs once per
 * key ({@link DatasetManager#idempotent}): its answer is stored with its effect, and a retry with the same key and
 * the same request (method, path, query and body, hashed) gets the stored status and body again, with
 * {@code Idempotent-Replayed: true}, and changes nothing. A retry while the first is still running waits for it.
 */
final class Replies {

    static final String KEY_HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private Replies() {
    }

    /** A status and a body to answer with. */
    record Reply(int status, Object body) {
    }

    /** A request's work on the manager it is given (the idempotent unit's, when there is a key). */
    interface Work {
        Reply run(DatasetManager manager);
    }

    /** Runs {@code work} (once per key, if the request has one) and answers; returns the answer's body. */
    static String send(Context ctx, DatasetManager datasets, Work work) {
        Optional<IdempotencyKey> key = key(ctx);
        Answer answer = key.isEmpty() ? encode(work.run(datasets))
                : datasets.idempotent(key.get(), fingerprint(ctx), manager -> encode(work.run(manager)));
        if (answer.replayed()) {
            ctx.header(REPLAYED_HEADER, "true");
        }
        ctx.status(answer.status()).contentType("application/json").result(answer.body());
        return answer.body();
    }

    private static Answer encode(Reply reply) {
        try {
            return Answer.of(reply.status(), Json.MAPPER.writeValueAsString(reply.body()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request's key: absent, or one header of 1 to 255 visible ASCII characters. */
    static Optional<IdempotencyKey> key(Context ctx) {
        List<String> values = Collections.list(ctx.req().getHeaders(KEY_HEADER));
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new InvalidInputException("idempotencyKey", "must be sent once, was sent " + values.size() + " times");
        }
        return Optional.of(IdempotencyKey.of(values.get(0)));
    }

    /** What the request was: SHA-256 of its method, path, query and body. */
    private static String fingerprint(Context ctx) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((ctx.method().name() + " " + ctx.path() + "?" + Optional.ofNullable(ctx.queryString()).orElse("") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            sha.update(RequestBodies.read(ctx));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
