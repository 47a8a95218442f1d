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
}
