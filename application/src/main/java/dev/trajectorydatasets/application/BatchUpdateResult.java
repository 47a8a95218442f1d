package dev.trajectorydatasets.application;

import java.util.List;

/** What a batch update did: how many records changed, and which trajectory ids were not found. */
public record BatchUpdateResult(int updated, List<String> notFound) {

    public BatchUpdateResult {
        notFound = List.copyOf(notFound);
    }
}
