package dev.trajectorydatasets.adapter.http.shared;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Whether the client of a waiting request is still connected. Jetty does not read an HTTP/1.1 connection while its
 * request is handled asynchronously, so it never learns on its own that the client closed it (jetty/jetty.project
 * issue 238); this reads the connection without blocking when asked: end of stream (or a failed read) means the
 * client has gone. Bytes that arrive instead can only be a pipelined next request, which this cannot give back to
 * Jetty: they are dropped and the answer closes the connection, so the client sends that request again. Once the
 * answer is being written ({@link #answering}) nothing reads the connection any more: the bytes that come next are
 * the client's next request, for Jetty (issue 33: an abandon check racing the answer of a waiting claim ate the next
 * request on a keep-alive connection, and the client met "Connection reset" when the idle connection was closed).
 */
final class ClientConnection {

    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

    /** A connection nothing can be learnt about (never gone). */
    private static final ClientConnection UNKNOWN = new ClientConnection(null);

    private final EndPoint endPoint;
    private final ByteBuffer scratch = BufferUtil.allocate(256);
    private boolean gone;
    private boolean pipelined;
    private boolean answered;

    ClientConnection(EndPoint endPoint) {
        this.endPoint = endPoint;
    }

    /** The connection the request came on. */
    static ClientConnection of(Context ctx) {
        try {
            return new ClientConnection(ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                    .getConnection().getEndPoint());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "the request's connection is not reachable: it is taken as present", e);
            return UNKNOWN;
        }
    }

    /** Whether the client closed the connection (or it broke); reads what is there without waiting. */
    synchronized boolean gone() {
        if (gone || answered || endPoint == null) {
            return gone;
        }
        if (!endPoint.isOpen() || endPoint.isInputShutdown()) {
            gone = true;
            return true;
        }
        try {
            int read;
            while ((read = endPoint.fill(scratch)) > 0) {
                pipelined = true;
                BufferUtil.clear(scratch);
            }
            gone = read < 0;
        } catch (IOException e) {
            gone = true;
        }
        return gone;
    }

    /**
     * The answer is about to be written: from now on the connection is never read here. Returns whether bytes of a
     * next request were dropped before, in which case the answer must close the connection.
     */
    synchronized boolean answering() {
        answered = true;
        return pipelined;
    }
}
