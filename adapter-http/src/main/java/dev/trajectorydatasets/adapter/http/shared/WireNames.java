package dev.trajectorydatasets.adapter.http.shared;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's spelling of the domain's field names: snake_case, and the guide's {@code usage_time_min}/{@code _max}
 * for the bounds on {@code used}. Names already in wire form (or paths such as {@code items[3].used}) pass
 * through unchanged.
 */
public final class WireNames {

    private static final Map<String, String> SPECIAL = Map.of("usedMin", "usage_time_min", "usedMax", "usage_time_max");
    private static final Pattern CAMEL_WORD = Pattern.compile("\\b[a-z]+[A-Z][A-Za-z]*\\b");

    private WireNames() {
    }

    /** The wire name of a domain field, or of each segment of a dotted path. */
    public static String of(String field) {
        StringBuilder wire = new StringBuilder();
        for (String segment : field.split("\\.", -1)) {
            if (!wire.isEmpty()) {
                wire.append('.');
            }
            wire.append(SPECIAL.getOrDefault(segment, segment.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT)));
        }
        return wire.toString();
    }

    /** {@code text} with every camelCase field name in it spelt as on the wire. */
    public static String inText(String text) {
        Matcher words = CAMEL_WORD.matcher(text);
        return words.replaceAll(match -> Matcher.quoteReplacement(of(match.group())));
    }
}
