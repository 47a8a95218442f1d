package dev.trajectorydatasets.adapter.http.shared;

import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a waiting request learns that its client left, on a real Jetty end point fed by hand. */
class ClientConnectionTest {

    private static final String NEXT = "POST /v1/group-claims HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}";

    /**
     * Issue 33: an abandon check that ran just after a waiting claim's answer read the client's next request off the
     * keep-alive connection and dropped it; at 128-256 clients a trainer then met "Connection reset". Once the answer
     * is being written, the check reads nothing and the next request stays for Jetty.
     */
    @Test
    void after_the_answer_the_check_leaves_the_clients_next_request_on_the_connection() {
        ByteArrayEndPoint endPoint = new ByteArrayEndPoint();
        ClientConnection client = new ClientConnection(endPoint);
        assertFalse(client.gone());

        assertFalse(client.answering(), "nothing was dropped: the answer keeps the connection open");
        endPoint.addInput(NEXT);

        assertFalse(client.gone());
        assertEquals(NEXT, unread(endPoint), "what Jetty reads next");
    }

    @Test
    void while_waiting_a_closed_connection_is_gone_and_bytes_of_a_pipelined_request_close_it_after_the_answer() {
        ByteArrayEndPoint pipelining = new ByteArrayEndPoint();
        ClientConnection waiting = new ClientConnection(pipelining);
        pipelining.addInput(NEXT);
        assertFalse(waiting.gone());
        assertTrue(waiting.answering(), "the dropped request's client must be told to send it again");

        ByteArrayEndPoint leaving = new ByteArrayEndPoint();
        ClientConnection left = new ClientConnection(leaving);
        leaving.addInputEOF();
        assertTrue(left.gone());
    }

    private static String unread(ByteArrayEndPoint endPoint) {
        ByteBuffer buffer = BufferUtil.allocate(1024);
        try {
            endPoint.fill(buffer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return BufferUtil.toString(buffer, StandardCharsets.US_ASCII);
    }
}
