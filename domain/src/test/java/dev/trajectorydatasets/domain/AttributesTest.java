package dev.trajectorydatasets.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one check every store's attributes pass, whatever door they came in by (HTTP, the embedded API, import). */
class AttributesTest {

    @Test
    void a_json_object_is_kept_as_its_exact_text() {
        String text = "{\"n\":1E+999,\"p\":1.0000000000000000000001,\"s\":\"\\u00e9\\ud83d\\ude00\",\"a\":[1,{\"b\":null}]}";
        assertEquals(text, Attributes.of(text).json());
    }

    @Test
    void a_key_twice_in_one_object_is_refused_even_when_spelt_differently() {
        assertRefused("{\"a\":1,\"a\":2}", "key twice");
        assertRefused("{\"a\":1,\"\\u0061\":2}", "key twice");
        assertRefused("{\"x\":{\"a\":1,\"a\":2}}", "key twice");
        Attributes.of("{\"a\":{\"a\":1},\"b\":{\"a\":2}}");
    }

    @Test
    void an_unpaired_surrogate_is_refused_raw_or_escaped() {
        assertRefused("{\"a\":\"\\ud800\"}", "unpaired surrogate");
        assertRefused("{\"a\":\"\\udc00x\"}", "unpaired surrogate");
        assertRefused("{\"a\":\"" + '\ud800' + "\"}", "unpaired surrogate");
        assertRefused("{\"\\ud800\":1}", "unpaired surrogate");
    }

    private static void assertRefused(String text, String reason) {
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> Attributes.of(text));
        assertEquals("attributes", refused.field());
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }
}
