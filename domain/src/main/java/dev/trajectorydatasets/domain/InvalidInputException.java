package dev.trajectorydatasets.domain;

/**
 * A value broke a rule. {@link #field()} names the offending field as the domain names it (a record component:
 * {@code trajectoryId}, {@code usedMin}, ...); an adapter reports it in its own spelling. {@link #reason()} says
 * which rule.
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
