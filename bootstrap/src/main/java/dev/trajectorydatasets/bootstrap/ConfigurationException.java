package dev.trajectorydatasets.bootstrap;

/**
 * A setting the server or the embedded factory cannot work with, named as the user gave it (an environment
 * variable, or the flag that set it). Not a domain error: nothing about trajectories is wrong. Never carries a
 * password.
 */
public final class ConfigurationException extends RuntimeException {

    public ConfigurationException(String setting, String reason) {
        super(setting + " " + reason);
    }
}
