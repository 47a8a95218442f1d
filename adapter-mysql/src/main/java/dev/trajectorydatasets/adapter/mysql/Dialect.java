package dev.trajectorydatasets.adapter.mysql;

/** Which SQL the database speaks, where the store's statements differ. */
enum Dialect {
    /** MySQL 8 or MariaDB 10.6+: multi-table {@code UPDATE ... JOIN}, {@code SKIP LOCKED}. */
    MYSQL,
    /** H2 in MySQL mode (the embedded store): neither. */
    H2;

    static Dialect of(boolean mysql) {
        return mysql ? MYSQL : H2;
    }

    /** Whether a multi-table {@code UPDATE ... JOIN} is there to use. */
    boolean joinsInUpdate() {
        return this == MYSQL;
    }
}
