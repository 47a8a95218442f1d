package dev.trajectorydatasets.adapter.mysql;

import com.mysql.cj.conf.ConnectionUrl;
import com.mysql.cj.conf.HostInfo;

import java.util.Properties;
import java.util.stream.Collectors;

/**
 * JDBC URLs as the driver reads them: which schemes it takes, and where a URL points without its credentials.
 * The driver's own parser is used, so every form it accepts ({@code user:password@host},
 * {@code address=(host=..)(password=..)}, {@code ?password=}, several hosts) is redacted the same way.
 */
final class JdbcUrls {

    static final String SUPPORTED = "jdbc:mysql://, jdbc:mysql:loadbalance://, jdbc:mysql:replication:// or jdbc:mysql+srv://";

    private JdbcUrls() {
    }

    /** The URL parsed, or a one-line error that echoes none of it but its scheme. */
    static ConnectionUrl parse(String url) {
        if (url == null || !ConnectionUrl.acceptsUrl(url)) {
            throw new InvalidSettingException("jdbcUrl", "must start with " + SUPPORTED + "; a '" + scheme(url) + "' URL is not supported");
        }
        try {
            return ConnectionUrl.getConnectionUrlInstance(url, new Properties());
        } catch (RuntimeException e) {
            throw new InvalidSettingException("jdbcUrl", "cannot be read as a MySQL URL (its text is not shown: it may hold a password)");
        }
    }

    /** {@code jdbc:mysql://host:port,other:port/database}: hosts, ports and database only. */
    static String describe(String url) {
        ConnectionUrl parsed = parse(url);
        String hosts = parsed.getHostsList().stream().map(JdbcUrls::hostPort).collect(Collectors.joining(","));
        return "jdbc:mysql://" + hosts + "/" + (parsed.getDatabase() == null ? "" : parsed.getDatabase());
    }

    private static String hostPort(HostInfo host) {
        return host.getHost() + ":" + host.getPort();
    }

    /** What precedes {@code //}, or at most the first few characters: enough to say which kind of URL it was. */
    private static String scheme(String url) {
        if (url == null) {
            return "null";
        }
        int end = url.indexOf("//");
        String scheme = end >= 0 ? url.substring(0, end) : url.substring(0, Math.min(url.length(), 10));
        return scheme.replaceAll("[^A-Za-z0-9:+._-]", "?");
    }
}
