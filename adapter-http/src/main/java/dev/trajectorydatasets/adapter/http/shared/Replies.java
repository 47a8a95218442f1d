package dev.trajectorydatasets.adapter.http.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trajectorydatasets.application.DatasetManager;
import dev.trajectorydatasets.application.claim.ClaimAbandonedException;
import dev.trajectorydatasets.application.claim.ReadyAttempt;
import dev.trajectorydatasets.application.idempotency.Answer;
import dev.trajectorydatasets.domain.IdempotencyKey;
import dev.trajectorydatasets.domain.InvalidInputException;
import dev.trajectorydatasets.domain.RunId;
import dev.trajectorydatasets.domain.lease.LeaseTicket;
import io.javalin.http.Context;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The answers of the POSTs that create or count. With an {@code Idempotency-Key} header the request runs once per
 * key ({@link DatasetManager#idempotent}): its answer is stored with its effect, and a retry with the same key and
 * the same request (method, path, query and body, hashed) gets the stored status and body again, with
 * {@code Idempotent-Replayed: true}, and changes nothing. A retry while the first is still running waits for it.
 */
public final class Replies {

    static final String KEY_HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private Replies() {
    }

    /**
     * A status and a body to answer with; {@code tookNothing}: a claim that found too little (it may wait and retry);
     * {@code lease}: the lease a leasing claim made (given back if its client has gone before the answer is sent).
     */
    public record Reply(int status, Object body, boolean tookNothing, Optional<LeaseTicket> lease) {

        public Reply(int status, Object body) {
            this(status, body, false, Optional.empty());
        }

        public Reply(int status, Object body, boolean tookNothing) {
            this(status, body, tookNothing, Optional.empty());
        }
    }

    /** A request's work on the manager it is given (the idempotent unit's, when there is a key). */
    public interface Work {
        Reply run(DatasetManager manager);
    }

    /** Runs {@code work} (once per key, if the request has one) and answers; returns the answer's body. */
    public static String send(Context ctx, DatasetManager datasets, Work work) {
        Optional<IdempotencyKey> key = key(ctx);
        Answer answer = key.isEmpty() ? encode(work.run(datasets))
                : datasets.idempotent(key.get(), fingerprint(ctx), manager -> encode(work.run(manager)));
        write(ctx, answer);
        return answer.body();
    }

    /**
     * A claim that may wait up to {@code wait} for enough data ({@link DatasetManager#whenReady}): {@code work} runs now
     * and, while its reply took nothing, again when records of {@code run} may have become eligible, then once more at
     * the end. A try that took nothing stores nothing (its unit is rolled back): with a key only the answer sent is
     * kept for it, and the metrics count only the claim answered. No thread waits: the answer is written when it comes.
     *
     * <p>A client that closes its connection while the claim waits is noticed (before every try, and twice a second
     * while it waits): the claim stops waiting and takes nothing. A try that took rows checks once more before its
     * unit commits (it is rolled back if the client has gone) and once after: a lease it made is released then. What
     * remains possible is a client that leaves between that last check and reading the answer: a counting claim's
     * uses stay counted, a lease's rows come back when it runs out.
     */
    public static void sendWhenReady(Context ctx, DatasetManager datasets, Optional<RunId> run, Duration wait, Work work) {
        Optional<IdempotencyKey> key = key(ctx);
        String fingerprint = key.isPresent() ? fingerprint(ctx) : "";
        boolean waits = !wait.isZero() && !wait.isNegative();
        ClientConnection client = waits ? ClientConnection.of(ctx) : null;
        ReadyAttempt<Answer> attempt = new ReadyAttempt<>() {
            @Override
            public Optional<Answer> attempt(boolean last) {
                // A claim that does not wait answers at once: its one try is the answer, in no unit of its own.
                if (!waits && key.isEmpty()) {
                    return Optional.of(encode(work.run(datasets)));
                }
                AtomicReference<Reply> made = new AtomicReference<>();
                Function<DatasetManager, Answer> tryOnce = manager -> {
                    Reply reply = work.run(manager);
                    if (reply.tookNothing() && !last) {
                        throw new NotYet();
                    }
                    if (!reply.tookNothing() && abandoned()) {
                        throw new ClaimAbandonedException();
                    }
                    made.set(reply);
                    return encode(reply);
                };
                Answer answer;
                try {
                    answer = key.isEmpty() ? datasets.inTransaction(tryOnce) : datasets.idempotent(key.get(), fingerprint, tryOnce);
                } catch (NotYet notYet) {
                    return Optional.empty();
                }
                Optional<LeaseTicket> lease = Optional.ofNullable(made.get()).flatMap(Reply::lease);
                if (lease.isPresent() && abandoned()) {
                    datasets.releaseLease(lease.get().id(), Optional.empty());
                    throw new ClaimAbandonedException();
                }
                return Optional.of(answer);
            }

            @Override
            public boolean abandoned() {
                return client != null && client.gone();
            }
        };
        CompletableFuture<Answer> answer = datasets.whenReady(run, wait, attempt);
        if (answer.isDone()) {
            try {
                write(ctx, answer.join(), client);
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            return;
        }
        ctx.future(() -> answer.thenAccept(done -> write(ctx, done, client)));
    }

    /** A try that took nothing: rolls its unit of work (and the key's reservation) back. */
    private static final class NotYet extends RuntimeException {
        NotYet() {
            super(null, null, false, false);
        }
    }

    private static void write(Context ctx, Answer answer, ClientConnection client) {
        if (client != null && client.answering()) {
            ctx.header("Connection", "close");
        }
        write(ctx, answer);
    }

    private static void write(Context ctx, Answer answer) {
        if (answer.replayed()) {
            ctx.header(REPLAYED_HEADER, "true");
        }
        ctx.status(answer.status()).contentType(answer.status() >= 400 ? "application/problem+json" : "application/json")
                .result(answer.body());
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
