package dev.trajectorydatasets.domain;

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
        while (true) {
            space();
            if (peek() != '"') {
                throw fail("is not valid JSON at offset " + at + " (a key must be a string)");
            }
            string();
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

    private void string() {
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw fail("is not valid JSON: control character in a string at offset " + (at - 1));
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
                    at++;
                } else {
                    throw fail("is not valid Unicode (unpaired surrogate) at offset " + (at - 1));
                }
            }
            if (c == '\\') {
                char escaped = peek();
                at++;
                if (escaped == 'u') {
                    for (int i = 0; i < 4; i++) {
                        if (Character.digit(peek(), 16) < 0) {
                            throw fail("is not valid JSON: bad \\u escape at offset " + at);
                        }
                        at++;
                    }
                } else if ("\"\\/bfnrt".indexOf(escaped) < 0) {
                    throw fail("is not valid JSON: bad escape at offset " + (at - 1));
                }
            }
        }
        throw fail("is not valid JSON: unterminated string");
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
