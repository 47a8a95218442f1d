package dev.trajectorydatasets.adapter.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Bytes on a socket, for requests no well-behaved client would send: truncated bodies, bad chunking, odd headers. */
final class RawHttp {

    record Answer(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        String contentType() {
            String type = header("Content-Type");
            return type == null ? "" : type.toLowerCase(Locale.ROOT);
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} as is, closes the sending side, and reads the whole answer. */
    static Answer send(int port, byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException stopped) {
                // what arrived is the answer
            }
            String text = received.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            int status = head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
            return new Answer(status, head, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Answer send(int port, String request) {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The answer to a request whose body came late, and to a GET /health sent next on the same connection. */
    record LateBody(Answer first, boolean early, Answer next) {
    }

    /**
     * Sends {@code requestLine}'s head, waits up to 300 ms for an early answer, then its body; then, unless the first
     * answer said {@code Connection: close}, a GET /health on the same connection ({@code next} is null otherwise).
     */
    static LateBody lateBody(int port, String requestLine, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long deadline = System.nanoTime() + 300_000_000L;
            while (in.available() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            boolean early = in.available() > 0;
            Answer first = early ? read(in) : null;
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException closed) {
                // answered early and closed: the answer said so, or the caller's check of it fails
            }
            if (first == null) {
                first = read(in);
            }
            if ("close".equalsIgnoreCase(first.header("Connection"))) {
                return new LateBody(first, early, null);
            }
            out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new LateBody(first, early, read(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One answer with a Content-Length body off a live connection (status -1 if the connection ended first). */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        try {
            while ((b = in.read()) >= 0) {
                head.write(b);
                if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
        } catch (java.net.SocketException reset) {
            return new Answer(-1, "connection reset: " + reset.getMessage(), "");
        }
        String text = head.toString(StandardCharsets.ISO_8859_1).trim();
        if (!text.startsWith("HTTP/1.1 ")) {
            return new Answer(-1, text, "");
        }
        Answer headOnly = new Answer(Integer.parseInt(text.substring(9, 12)), text, "");
        String length = headOnly.header("Content-Length");
        byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        return new Answer(headOnly.status(), text, new String(body, StandardCharsets.UTF_8));
    }
}
