package dev.trajectorydatasets.adapter.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer-token protection: with a token configured, every path but the open ones needs
 * {@code Authorization: Bearer <token>}. Deny by default, so odd methods and odd spellings of a path stay shut.
 */
final class AccessControl {

    private static final Set<String> OPEN_PATHS = Set.of("/health", "/openapi.yaml", "/docs");
    private static final String OPEN_PREFIX = "/webjars/";

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
        String header = ctx.header("Authorization");
        boolean valid = header != null && header.startsWith("Bearer ")
                // Digests have equal length, so the comparison time says nothing about the token.
                && MessageDigest.isEqual(tokenDigest.get(), digest(header.substring("Bearer ".length())));
        if (!valid) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new HttpResponseException(401, "unauthorized");
        }
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
