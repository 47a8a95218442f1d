package dev.trajectorydatasets.adapter.http.shared;

import dev.trajectorydatasets.domain.InvalidInputException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Request bodies: JSON only ({@code 415} otherwise, so no cross-site "simple" form post can write), strict UTF-8,
 * read whole or answered 400, and held in memory only within a budget shared by all requests in flight: a
 * request whose declared size does not fit within the wait answers 503 {@code server_busy} instead of growing the heap.
 */
public final class RequestBodies {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBodies.class);
    private static final int KIB = 1024;
    private static final String READ = RequestBodies.class.getName() + ".body";

    private final Semaphore budgetKib;
    private final long maxBodyBytes;
    private final long waitMillis;

    /**
     * @param budgetBytes  the most body bytes all requests in flight may hold together
     * @param maxBodyBytes the most one body may hold (counted in full for a body of unknown length)
     * @param waitMillis   how long a request waits for room before 503
     */
    public RequestBodies(long budgetBytes, long maxBodyBytes, long waitMillis) {
        if (budgetBytes < maxBodyBytes) {
            throw new IllegalArgumentException("the body budget must hold at least one body of the largest size");
        }
        this.budgetKib = new Semaphore((int) (budgetBytes / KIB), true);
        this.maxBodyBytes = maxBodyBytes;
        this.waitMillis = waitMillis;
    }

    /**
     * {@code handler}, run once the body fits in the budget and has been read whole and checked (before the
     * handler waits for its turn at the store, so a slow upload holds memory, never a store slot); the room is
     * returned after.
     */
    public Handler budgeted(Handler handler) {
        return ctx -> {
            int kib = declaredKib(ctx);
            if (kib == 0) {
                handler.handle(ctx);
                return;
            }
            if (!budgetKib.tryAcquire(kib, waitMillis, TimeUnit.MILLISECONDS)) {
                throw HttpFailure.serverBusy("too many large request bodies are in flight; try again shortly");
            }
            try {
                read(ctx);
                handler.handle(ctx);
            } finally {
                budgetKib.release(kib);
            }
        };
    }

    private int declaredKib(Context ctx) {
        String method = ctx.method().name();
        if (!method.equals("POST") && !method.equals("PATCH") && !method.equals("PUT")) {
            return 0;
        }
        long length = ctx.contentLength();
        long bytes = length >= 0 ? Math.min(length, maxBodyBytes) : maxBodyBytes;
        return (int) ((bytes + KIB - 1) / KIB);
    }

    /**
     * Reads and discards a body the handler did not read (a GET with a body, a request refused before its body was
     * looked at), before the answer is written. Left unread, it may not have arrived when the answer is complete, and
     * the server then closes the connection, which the client may already be reusing for its next request.
     */
    public static void drainUnread(Context ctx) {
        if (ctx.attribute(READ) != null) {
            return;
        }
        try {
            ctx.req().getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException unreadable) {
            // A broken or oversized body: the connection will close, as it must.
            LOG.debug("could not drain an unread request body: {}", unreadable.getClass().getName());
        }
    }

    /** The body as {@code type}: a JSON object is required. */
    public static <T> T json(Context ctx, Class<T> type) throws IOException {
        byte[] raw = read(ctx);
        if (raw.length == 0) {
            throw new InvalidInputException("body", "a JSON body is required");
        }
        return required(Json.MAPPER.readValue(raw, type));
    }

    /** JSON {@code null} where an object belongs. */
    static <T> T required(T value) {
        if (value == null) {
            throw new InvalidInputException("body", "must be a JSON object, not null");
        }
        return value;
    }

    /** The body's bytes (empty when there is none), checked to be JSON in UTF-8; read and checked once. */
    public static byte[] read(Context ctx) {
        byte[] checked = ctx.attribute(READ);
        if (checked != null) {
            return checked;
        }
        byte[] body;
        try {
            body = ctx.bodyAsBytes();
        } catch (HttpResponseException tooLarge) {
            throw tooLarge;
        } catch (RuntimeException broken) {
            // A body shorter than its Content-Length, a malformed chunk: the client's doing, not ours.
            LOG.debug("unreadable request body: {}", broken.getClass().getName());
            throw new HttpFailure(400, "invalid_request", "the body could not be read completely (malformed or truncated)",
                    Optional.of("body"));
        }
        if (body.length > 0) {
            requireJson(ctx);
            requireUtf8(body);
        }
        ctx.attribute(READ, body);
        return body;
    }

    private static void requireJson(Context ctx) {
        String type = Optional.ofNullable(ctx.header("Content-Type")).orElse("");
        String[] parts = type.split(";");
        boolean json = parts[0].strip().toLowerCase(Locale.ROOT).equals("application/json");
        for (int i = 1; i < parts.length && json; i++) {
            String[] parameter = parts[i].strip().split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset")) {
                json = parameter.length == 2 && parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8");
            }
        }
        if (!json) {
            throw new HttpFailure(415, "unsupported_media_type",
                    "the body must be sent as Content-Type: application/json (UTF-8)", Optional.of("Content-Type"));
        }
    }

    private static void requireUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("body", "is not valid UTF-8");
        }
    }
}
