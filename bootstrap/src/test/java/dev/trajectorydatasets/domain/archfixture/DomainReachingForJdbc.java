package dev.trajectorydatasets.domain.archfixture;

import java.sql.Connection;

/** A deliberate violation (test code only): the domain must not touch JDBC. */
public final class DomainReachingForJdbc {

    public boolean isOpen(Connection connection) throws java.sql.SQLException {
        return !connection.isClosed();
    }
}
