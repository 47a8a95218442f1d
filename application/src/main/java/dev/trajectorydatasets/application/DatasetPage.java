package dev.trajectorydatasets.application;

import dev.trajectorydatasets.domain.Dataset;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of an id-ordered list. {@code nextAfterId} is present when more records may follow: pass it to
 * {@code PageRequest.after(...)} for the next page.
 */
public record DatasetPage(List<Dataset> items, OptionalLong nextAfterId) {

    /** Checks every component (see the record's description). */
    public DatasetPage {
        items = List.copyOf(items);
    }
}
