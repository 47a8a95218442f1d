package dev.trajectorydatasets.domain.lease;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;

/** A lease's store-assigned number: positive, ascending in the order leases were made. */
public record LeaseId(long value) {

    public LeaseId {
        if (value < 1) {
            throw new InvalidInputException("leaseId", "must be a positive whole number, was " + value);
        }
    }

    public static LeaseId of(long value) {
        return new LeaseId(value);
    }

    /** A lease id as text: ASCII digits only, 1 to 19 of them. */
    public static LeaseId parse(String text) {
        DatasetRules.required("leaseId", text);
        if (!text.matches("[0-9]{1,19}")) {
            throw new InvalidInputException("leaseId", "must be a positive whole number in ASCII digits, was '" + text + "'");
        }
        try {
            return new LeaseId(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("leaseId", "must be at most " + Long.MAX_VALUE + ", was '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
