package dev.trajectorydatasets.adapter.http;

import dev.trajectorydatasets.domain.ClaimOrder;
import dev.trajectorydatasets.domain.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Claim orders as the API spells them: {@code least_used}, {@code oldest}, {@code newest}, {@code random}. */
final class ClaimOrders {

    private ClaimOrders() {
    }

    static ClaimOrder parse(String name) {
        for (ClaimOrder order : ClaimOrder.values()) {
            if (wireName(order).equals(name)) {
                return order;
            }
        }
        throw new InvalidInputException("order", "must be one of " + Arrays.stream(ClaimOrder.values())
                .map(ClaimOrders::wireName).collect(Collectors.joining(", ")) + ", was '" + name + "'");
    }

    static String wireName(ClaimOrder order) {
        return order.name().toLowerCase(Locale.ROOT);
    }
}
