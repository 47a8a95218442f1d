package dev.trajectorydatasets.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trajectorydatasets.adapter.http.shared.HttpMessages.Problem;
import dev.trajectorydatasets.adapter.http.shared.Json;
import dev.trajectorydatasets.adapter.http.shared.Problems;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The errors Jetty answers itself, before a route runs (a malformed or ambiguous URI, a URI or headers too long):
 * problem+json like every other error, with a fixed text that echoes nothing of the request. These answers may be
 * written before the request's body has arrived, and nothing reads that body: Jetty then ends the connection, so the
 * answer says {@code Connection: close} (issue 33: without it a keep-alive client sent its next request into the
 * closing connection and met "no bytes" or a reset, or the rest of the body was parsed as its next request). Jetty
 * hides the request's length and content from an error handler, so the body cannot be drained here instead.
 */
final class ProblemErrorHandler extends ErrorHandler {

    private static final String CONTENT_TYPE = "application/problem+json";

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        return ByteBuffer.wrap(body(status));
    }

    private static byte[] body(int status) {
        String code = switch (status) {
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 413 -> "payload_too_large";
            default -> status >= 500 ? "internal_error" : "invalid_request";
        };
        String detail = switch (status) {
            case 414 -> "the request URI is too long";
            case 431 -> "the request headers are too large";
            case 413 -> "the body is larger than the limit";
            default -> status >= 500 ? "unexpected server error" : "the request is malformed (URI, headers or framing)";
        };
        try {
            return Json.MAPPER.writeValueAsBytes(new Problem("about:blank", Problems.title(status), status, detail, code,
                    Optional.empty(), Optional.empty()));
        } catch (JsonProcessingException impossible) {
            return ("{\"status\":" + status + "}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
