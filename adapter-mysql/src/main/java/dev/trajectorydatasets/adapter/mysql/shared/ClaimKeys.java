package dev.trajectorydatasets.adapter.mysql.shared;

import java.util.concurrent.ThreadLocalRandom;

/** The random keys random claims walk: one per row, written at insert, and a random starting point per claim. */
public final class ClaimKeys {

    private ClaimKeys() {
    }

    /** Uniform over {@code [0, Integer.MAX_VALUE)}, the range the V3 migration gives existing rows. */
    public static int next() {
        return ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);
    }
}
