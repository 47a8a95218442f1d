package dev.trajectorydatasets.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which eligible records a claim takes first. */
public enum ClaimOrder {
    /** Lowest {@code used} first, ties by id: spreads training evenly (the default). */
    LEAST_USED,
    /** Lowest id first: oldest registered first. */
    OLDEST,
    /** Highest id first: freshest first. */
    NEWEST,
    /** Uniformly at random among the eligible; costs a scan of the eligible records. */
    RANDOM;

    /** The order named as the API spells it ({@code least_used}, {@code oldest}, {@code newest}, {@code random}). */
    public static ClaimOrder parse(String name) {
        DatasetRules.required("order", name);
        for (ClaimOrder order : values()) {
            if (order.apiName().equals(name)) {
                return order;
            }
        }
        throw new InvalidInputException("order", "must be one of " + Arrays.stream(values()).map(ClaimOrder::apiName)
                .collect(Collectors.joining(", ")) + ", was '" + name + "'");
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
