package dev.trajectorydatasets.embedded;

/**
 * A setting the server or the embedded factory cannot work with, named as the user gave it (an environment
 * variable, or the flag that set it). Not a domain error: nothing about trajectories is wrong. Never carries a
 * password.
 */
public final class ConfigurationException extends RuntimeException {

    /** {@code setting}: the variable or flag; {@code reason}: what is wrong with its value, without secrets. */
    public ConfigurationException(String setting, String reason) {
        super(setting + " " + reason);
    }
}
