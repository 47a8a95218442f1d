package dev.trajectorydatasets.bootstrap;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * The real cause of a store failure, for an operator's terminal or log: the database's own words (wrong user,
 * unknown database) and, under a connection failure, the network's (unknown host, refused). Driver messages name
 * users and hosts, never passwords.
 */
final class Causes {

    private Causes() {
    }

    /** {@code " (cause)"}, or empty when nothing below {@code failure} says more. */
    static String reason(Throwable failure) {
        SQLException sql = null;
        Throwable network = null;
        for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException found) {
                sql = found; // the deepest: a pool's timeout wraps the driver's own words
            }
            if (t instanceof UnknownHostException || t instanceof ConnectException) {
                network = t;
            }
        }
        if (network instanceof UnknownHostException) {
            return " (unknown host " + network.getMessage() + ")";
        }
        if (network != null) {
            return " (" + firstLine(network.getMessage()) + ")";
        }
        return sql == null ? "" : " (" + firstLine(sql.getMessage()) + ")";
    }

    private static String firstLine(String message) {
        return message == null ? "no message" : message.lines().findFirst().orElse("").strip();
    }
}
