package dev.trajectorydatasets.adapter.mysql.shared;

/** Which SQL the database speaks, where the store's statements differ. */
public enum Dialect {
    /** MySQL 8 or MariaDB 10.6+: multi-table {@code UPDATE ... JOIN}, {@code SKIP LOCKED}. */
    MYSQL,
    /** H2 in MySQL mode (the embedded store): neither. */
    H2;

    public static Dialect of(boolean mysql) {
        return mysql ? MYSQL : H2;
    }

    /** Whether a multi-table {@code UPDATE ... JOIN} is there to use. */
    public boolean joinsInUpdate() {
        return this == MYSQL;
    }
}
