package dev.trajectorydatasets.domain;

/**
 * A value broke a rule. {@link #field()} names the offending field as the API spells it
 * ({@code trajectory_id}, {@code used}, ...), {@link #reason()} says which rule.
 */
public final class InvalidInputException extends DatasetException {

    private final String field;
    private final String reason;

    public InvalidInputException(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
