package dev.trajectorydatasets.adapter.mysql.shared;

/**
 * The embedded H2 store's folder is open in another process (a server or a command on the same data directory):
 * H2 lets one process at a time use it. Not retried: it lasts until that process stops.
 */
public final class StoreInUseException extends IllegalStateException {

    /** H2's "Database may be already in use". */
    static final int H2_IN_USE = 90020;

    StoreInUseException(Throwable cause) {
        super("the embedded store's folder is in use by another process (a server or command on the same data"
                + " directory): to work on a running server's data, point this command at it with --url (or DATASETS_URL);"
                + " else stop that process, or give this one another folder", cause);
    }
}
