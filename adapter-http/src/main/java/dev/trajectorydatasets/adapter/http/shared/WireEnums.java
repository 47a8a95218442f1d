package dev.trajectorydatasets.adapter.http.shared;

import dev.trajectorydatasets.domain.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Enum values as the API spells them: the constant's name in lower case ({@code least_used}, {@code oldest_task}).
 * An unknown name is a 400 naming the field and every accepted value.
 */
public final class WireEnums {

    private WireEnums() {
    }

    public static <E extends Enum<E>> E parse(String field, Class<E> type, String name) {
        for (E value : type.getEnumConstants()) {
            if (wireName(value).equals(name)) {
                return value;
            }
        }
        throw new InvalidInputException(field, "must be one of " + Arrays.stream(type.getEnumConstants())
                .map(WireEnums::wireName).collect(Collectors.joining(", ")) + ", was '" + name + "'");
    }

    public static String wireName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
