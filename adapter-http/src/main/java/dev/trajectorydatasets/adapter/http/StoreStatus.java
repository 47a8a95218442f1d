package dev.trajectorydatasets.adapter.http;

import java.util.function.BooleanSupplier;

/**
 * What {@code /health} reports about the store: a description without credentials, and whether it answers now.
 */
public record StoreStatus(String description, BooleanSupplier available) {
}
