package dev.trajectorydatasets.embedded;

import dev.trajectorydatasets.adapter.mysql.InvalidSettingException;
import dev.trajectorydatasets.adapter.mysql.MySqlSettings;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the store configuration from environment variables, the counterpart of the guide's {@code DB_CONFIG}:
 * <ul>
 *   <li>{@code DATASETS_STORE}: {@code mysql}, {@code h2} or {@code memory}; by default {@code mysql} when
 *       {@code DATASETS_JDBC_URL} or {@code DATASETS_DB_HOST} is set, else {@code h2}</li>
 *   <li>{@code DATASETS_DATA_DIR}: the embedded store's folder (default {@code ./data})</li>
 *   <li>{@code DATASETS_JDBC_URL}, or {@code DATASETS_DB_HOST}, {@code DATASETS_DB_PORT}, {@code DATASETS_DB_NAME}</li>
 *   <li>{@code DATASETS_DB_USER}, {@code DATASETS_DB_PASSWORD} or {@code DATASETS_DB_PASSWORD_FILE},
 *       {@code DATASETS_DB_CHARSET}</li>
 *   <li>{@code DATASETS_IDEMPOTENCY_KEEP_HOURS}: how long answers of idempotency keys are kept (default 24)</li>
 *   <li>{@code DATASETS_LEASE_KEEP_HOURS}: how long leases are kept after they ran out (default 24)</li>
 *   <li>{@code DATASETS_MAX_WAITERS}: most claims waiting for data at once (default 1,000; 0 refuses every wait)</li>
 *   <li>{@code DATASETS_DB_CONNECT_TIMEOUT}, {@code DATASETS_DB_READ_TIMEOUT}, {@code DATASETS_DB_WRITE_TIMEOUT},
 *       {@code DATASETS_DB_POOL_TIMEOUT} in seconds; {@code DATASETS_DB_POOL_SIZE}</li>
 * </ul>
 * A malformed value is a {@link ConfigurationException} naming the variable (or the flag that set it); the
 * password is never echoed.
 */
public final class EnvironmentSettings {

    /** Which variable holds each of {@link MySqlSettings}' components. */
    private static final Map<String, String> VARIABLE_OF_SETTING = Map.of(
            "port", "DATASETS_DB_PORT",
            "charset", "DATASETS_DB_CHARSET",
            "poolSize", "DATASETS_DB_POOL_SIZE",
            "poolTimeout", "DATASETS_DB_POOL_TIMEOUT",
            "jdbcUrl", "DATASETS_JDBC_URL");

    /** Variables that only mean something for a MySQL server. */
    private static final List<String> MYSQL_ONLY = List.of("DATASETS_DB_NAME", "DATASETS_DB_USER", "DATASETS_DB_PASSWORD",
            "DATASETS_DB_PASSWORD_FILE", "DATASETS_DB_PORT");

    private final Map<String, String> env;
    private final Map<String, String> flagOfVariable;

    /** Settings from {@code env}, a map of environment variables (names to values). */
    public EnvironmentSettings(Map<String, String> env) {
        this(env, Map.of());
    }

    /** Settings from {@code env}, where {@code flagOfVariable} says which variables a command-line flag set. */
    public EnvironmentSettings(Map<String, String> env, Map<String, String> flagOfVariable) {
        this.env = Map.copyOf(env);
        this.flagOfVariable = Map.copyOf(flagOfVariable);
    }

    /** Settings from this process's environment. */
    public static EnvironmentSettings ofSystem() {
        return new EnvironmentSettings(System.getenv());
    }

    /**
     * The store the variables choose.
     *
     * @throws ConfigurationException naming the variable when a value cannot work
     */
    public StoreChoice storeChoice() {
        boolean serverNamed = value("DATASETS_JDBC_URL").or(() -> value("DATASETS_DB_HOST")).isPresent();
        if (value("DATASETS_STORE").isEmpty() && !serverNamed) {
            // Credentials without a server are a slip (a missing host), not a wish for the embedded store.
            for (String variable : MYSQL_ONLY) {
                if (value(variable).isPresent()) {
                    throw new ConfigurationException(name(variable), "is set but neither DATASETS_DB_HOST nor DATASETS_JDBC_URL is:"
                            + " set one of them to use MySQL, or DATASETS_STORE=h2 to use the embedded store anyway");
                }
            }
        }
        String kind = value("DATASETS_STORE").map(v -> v.toLowerCase(Locale.ROOT)).orElse(serverNamed ? "mysql" : "h2");
        return switch (kind) {
            case "memory" -> new StoreChoice.Memory();
            case "h2" -> new StoreChoice.Embedded(Path.of(value("DATASETS_DATA_DIR").orElse("data")));
            case "mysql" -> new StoreChoice.MySql(mySqlSettings());
            default -> throw new ConfigurationException(name("DATASETS_STORE"), "must be mysql, h2 or memory, was '" + kind + "'");
        };
    }

    /**
     * The MySQL settings the variables give, the local defaults for those unset.
     *
     * @throws ConfigurationException naming the variable when a value cannot work
     */
    public MySqlSettings mySqlSettings() {
        MySqlSettings defaults = MySqlSettings.localDefaults();
        try {
            return new MySqlSettings(
                value("DATASETS_DB_HOST").orElse(defaults.host()),
                integer("DATASETS_DB_PORT", defaults.port()),
                value("DATASETS_DB_NAME").orElse(defaults.database()),
                value("DATASETS_DB_USER").orElse(defaults.user()),
                password(),
                value("DATASETS_DB_CHARSET").orElse(defaults.charset()),
                seconds("DATASETS_DB_CONNECT_TIMEOUT", defaults.connectTimeout()),
                seconds("DATASETS_DB_READ_TIMEOUT", defaults.readTimeout()),
                seconds("DATASETS_DB_WRITE_TIMEOUT", defaults.writeTimeout()),
                integer("DATASETS_DB_POOL_SIZE", defaults.poolSize()),
                seconds("DATASETS_DB_POOL_TIMEOUT", defaults.poolTimeout()),
                value("DATASETS_JDBC_URL"));
        } catch (InvalidSettingException e) {
            throw new ConfigurationException(name(VARIABLE_OF_SETTING.getOrDefault(e.setting(), e.setting())), e.reason());
        }
    }

    /** A whole number within {@code [min, max]}, or {@code fallback} when unset. */
    public int integer(String name, int fallback, int min, int max) {
        int value = integer(name, fallback);
        if (value < min || value > max) {
            throw new ConfigurationException(name(name), "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** The variable as the user set it: {@code --port (DATASETS_PORT)} when a flag gave its value. */
    public String name(String variable) {
        return flagOfVariable.containsKey(variable) ? flagOfVariable.get(variable) + " (" + variable + ")" : variable;
    }

    /** The value of a variable, if set and not blank. */
    public Optional<String> value(String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /**
     * A whole number, or {@code fallback} when unset.
     *
     * @throws ConfigurationException naming the variable when the value is not a whole number
     */
    public int integer(String name, int fallback) {
        Optional<String> raw = value(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name(name), "must be a whole number, was '" + raw.get() + "'");
        }
    }

    private Duration seconds(String name, Duration fallback) {
        Optional<String> raw = value(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            BigDecimal seconds = new BigDecimal(raw.get());
            if (seconds.signum() <= 0) {
                throw new ConfigurationException(name(name), "must be a positive number of seconds, was '" + raw.get() + "'");
            }
            return Duration.ofMillis(seconds.movePointRight(3).longValue());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name(name), "must be a number of seconds, was '" + raw.get() + "'");
        }
    }

    private String password() {
        Optional<String> file = value("DATASETS_DB_PASSWORD_FILE");
        if (file.isPresent()) {
            try {
                return Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new ConfigurationException("DATASETS_DB_PASSWORD_FILE", "cannot be read: " + file.get());
            }
        }
        return Optional.ofNullable(env.get("DATASETS_DB_PASSWORD")).orElse("");
    }
}
