package dev.trajectorydatasets.adapter.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer-token protection: with a token configured, every path but the open ones needs
 * {@code Authorization: Bearer <token>} (the scheme in any case, RFC 9110). Deny by default, so odd methods and
 * odd spellings of a path stay shut; more than one {@code Authorization} header is refused as ambiguous.
 */
final class AccessControl {

    private static final Set<String> OPEN_PATHS = Set.of("/health", "/openapi.yaml", "/docs", "/ui");
    private static final String OPEN_PREFIX = "/webjars/";
    private static final String SCHEME = "Bearer ";

    private final Optional<byte[]> tokenDigest;

    AccessControl(Optional<String> token) {
        this.tokenDigest = token.map(AccessControl::digest);
    }

    boolean enabled() {
        return tokenDigest.isPresent();
    }

    void check(Context ctx) {
        if (tokenDigest.isEmpty() || isOpen(ctx.path())) {
            return;
        }
        if (!authorized(ctx)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new HttpResponseException(401, "unauthorized");
        }
    }

    /** Whether the request carries exactly one Authorization header, holding the token. */
    boolean authorized(Context ctx) {
        if (tokenDigest.isEmpty()) {
            return false;
        }
        List<String> headers = Collections.list(ctx.req().getHeaders("Authorization"));
        if (headers.size() != 1) {
            return false;
        }
        String header = headers.get(0);
        return header.length() > SCHEME.length() && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                // Digests have equal length, so the comparison time says nothing about the token.
                && MessageDigest.isEqual(tokenDigest.get(), digest(header.substring(SCHEME.length()).strip()));
    }

    private static boolean isOpen(String path) {
        return OPEN_PATHS.contains(path) || (path.startsWith(OPEN_PREFIX) && !path.contains(".."));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
