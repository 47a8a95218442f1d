package dev.trajectorydatasets.adapter.mysql;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every URL form the driver accepts is described without its credentials; other schemes are refused in one line. */
class MySqlSettingsTest {

    private static MySqlSettings withUrl(String url) {
        MySqlSettings defaults = MySqlSettings.localDefaults();
        return new MySqlSettings(defaults.host(), defaults.port(), defaults.database(), defaults.user(), "TopSecret123",
                defaults.charset(), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 2,
                Duration.ofSeconds(1), Optional.of(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:mysql://admin:TopSecret123@127.0.0.1:3306/db",
            "jdbc:mysql://address=(host=127.0.0.1)(port=3306)(user=admin)(password=TopSecret123)/db",
            "jdbc:mysql://(host=127.0.0.1,port=3306,user=admin,password=TopSecret123)/db",
            "jdbc:mysql://127.0.0.1:3306/db?user=admin&password=TopSecret123",
            "jdbc:mysql://127.0.0.1:3306/db?password1=TopSecret123&password2=TopSecret123",
            "jdbc:mysql://[127.0.0.1:3306,address=(host=127.0.0.2)(password=TopSecret123)]/db",
            "jdbc:mysql:loadbalance://admin:TopSecret123@127.0.0.1:3306,127.0.0.2:3306/db",
            "jdbc:mysql:replication://admin:TopSecret123@127.0.0.1:3306,127.0.0.2:3306/db"})
    void every_url_form_is_described_without_its_credentials(String url) {
        MySqlSettings settings = withUrl(url);

        assertFalse(settings.description().contains("TopSecret123"), settings.description());
        assertFalse(settings.description().contains("admin"), settings.description());
        assertFalse(settings.toString().contains("TopSecret123"), settings.toString());
        assertTrue(settings.description().startsWith("jdbc:mysql://127.0.0.1:3306"), settings.description());
        assertTrue(settings.description().endsWith("/db"), settings.description());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mariadb://u:TopSecret123@127.0.0.1/db", "jdbc:postgresql://u:TopSecret123@h/db",
            "mysql://u:TopSecret123@h/db", "TopSecret123"})
    void other_schemes_are_refused_in_one_line_that_shows_no_secret(String url) {
        InvalidSettingException error = assertThrows(InvalidSettingException.class, () -> withUrl(url));

        assertEquals("jdbcUrl", error.setting());
        assertFalse(error.getMessage().contains("TopSecret123"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 70_000})
    void a_port_out_of_range_names_the_setting(int port) {
        MySqlSettings d = MySqlSettings.localDefaults();
        InvalidSettingException error = assertThrows(InvalidSettingException.class, () -> new MySqlSettings(d.host(), port,
                d.database(), d.user(), d.password(), d.charset(), d.connectTimeout(), d.readTimeout(), d.writeTimeout(),
                d.poolSize(), d.poolTimeout(), Optional.empty()));
        assertEquals("port", error.setting());
    }
}
