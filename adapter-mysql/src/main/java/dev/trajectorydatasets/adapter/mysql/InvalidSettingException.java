package dev.trajectorydatasets.adapter.mysql;

/**
 * A connection setting that cannot work, named as {@link MySqlSettings} names it ({@code port}, {@code jdbcUrl},
 * ...) so whoever read it can report it in their own terms (an environment variable, a flag). Never carries a
 * password or a URL.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private final String setting;
    private final String reason;

    public InvalidSettingException(String setting, String reason) {
        super(setting + " " + reason);
        this.setting = setting;
        this.reason = reason;
    }

    public String setting() {
        return setting;
    }

    public String reason() {
        return reason;
    }
}
