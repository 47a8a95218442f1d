package dev.trajectorydatasets.domain;

import java.util.HashSet;
import java.util.Set;

/** A strict RFC 8259 syntax check, so the domain can hold JSON text without a JSON library. */
final class JsonText {

    private static final int MAX_DEPTH = 64;

    private final String text;
    private final String field;
    private int at;

    private JsonText(String field, String text) {
        this.field = field;
        this.text = text;
    }

    /** Throws unless {@code text} is exactly one JSON object (white space around it allowed). */
    static void requireObject(String field, String text) {
        JsonText parser = new JsonText(field, text);
        parser.space();
        if (parser.peek() != '{') {
            throw parser.fail("must be a JSON object");
        }
        parser.value(0);
        parser.space();
        if (parser.at != text.length()) {
            throw parser.fail("must hold one JSON object and nothing after it");
        }
    }

    private void value(int depth) {
        if (depth > MAX_DEPTH) {
            throw fail("nests deeper than " + MAX_DEPTH + " levels");
        }
        space();
        char c = peek();
        switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw fail("is not valid JSON at offset " + at);
                }
            }
        }
    }

    private void object(int depth) {
        at++;
        space();
        if (peek() == '}') {
            at++;
            return;
        }
        Set<String> keys = new HashSet<>();
        while (true) {
            space();
            if (peek() != '"') {
                throw fail("is not valid JSON at offset " + at + " (a key must be a string)");
            }
            String key = string();
            if (!keys.add(key)) {
                throw fail("has a key twice in one object (the second ends at offset " + (at - 1) + ")");
            }
            space();
            expect(':');
            value(depth + 1);
            space();
            char next = peek();
            at++;
            if (next == '}') {
                return;
            }
            if (next != ',') {
                throw fail("is not valid JSON at offset " + (at - 1));
            }
        }
    }

    private void array(int depth) {
        at++;
        space();
        if (peek() == ']') {
            at++;
            return;
        }
        while (true) {
            value(depth + 1);
            space();
            char next = peek();
            at++;
            if (next == ']') {
                return;
            }
            if (next != ',') {
                throw fail("is not valid JSON at offset " + (at - 1));
            }
        }
    }

    /** Reads a string, checking it; returns its decoded text (escapes resolved), which keys are compared by. */
    private String string() {
        at++;
        StringBuilder decoded = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                checkPairs(decoded);
                return decoded.toString();
            }
            if (c < 0x20) {
                throw fail("is not valid JSON: control character in a string at offset " + (at - 1));
            }
            if (c != '\\') {
                decoded.append(c);
                continue;
            }
            char escaped = peek();
            at++;
            if (escaped == 'u') {
                int unit = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(peek(), 16);
                    if (digit < 0) {
                        throw fail("is not valid JSON: bad \\u escape at offset " + at);
                    }
                    unit = unit * 16 + digit;
                    at++;
                }
                decoded.append((char) unit);
            } else {
                int known = "\"\\/bfnrt".indexOf(escaped);
                if (known < 0) {
                    throw fail("is not valid JSON: bad escape at offset " + (at - 1));
                }
                decoded.append("\"\\/\b\f\n\r\t".charAt(known));
            }
        }
        throw fail("is not valid JSON: unterminated string");
    }

    /** Every surrogate, written as is or escaped, is half of a pair. */
    private void checkPairs(CharSequence decoded) {
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < decoded.length() && Character.isLowSurrogate(decoded.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw fail("is not valid Unicode (unpaired surrogate) in the string ending at offset " + (at - 1));
            }
        }
    }

    private void number() {
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else {
            digits();
        }
        if (peek() == '.') {
            at++;
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            digits();
        }
    }

    private void digits() {
        int start = at;
        while (peek() >= '0' && peek() <= '9') {
            at++;
        }
        if (at == start) {
            throw fail("is not valid JSON: a digit expected at offset " + at);
        }
    }

    private void literal(String word) {
        if (!text.startsWith(word, at)) {
            throw fail("is not valid JSON at offset " + at);
        }
        at += word.length();
    }

    private void expect(char c) {
        if (peek() != c) {
            throw fail("is not valid JSON: '" + c + "' expected at offset " + at);
        }
        at++;
    }

    private void space() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    /** The next character, or NUL past the end (never valid where a token is expected). */
    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private InvalidInputException fail(String reason) {
        return new InvalidInputException(field, reason);
    }
}
