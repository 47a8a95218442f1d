package dev.trajectorydatasets.bootstrap;

import java.io.IOException;
import java.io.Reader;

/** Lines of a reader (ended by \n, \r\n or the end), none longer than a bound: a huge line is refused, not buffered. */
final class BoundedLines {

    /** A line longer than the bound. */
    static final class TooLong extends IOException {
        TooLong() {
            super("line too long", null);
        }
    }

    private final Reader in;
    private final int max;
    private final char[] buffer = new char[8192];
    private int at;
    private int end;

    BoundedLines(Reader in, int max) {
        this.in = in;
        this.max = max;
    }

    /** The next line without its ending; null at the end. */
    String next() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (at == end) {
                end = in.read(buffer);
                at = 0;
                if (end < 0) {
                    end = 0;
                    return line == null ? null : line.toString();
                }
            }
            if (line == null) {
                line = new StringBuilder();
            }
            int start = at;
            while (at < end && buffer[at] != '\n') {
                at++;
            }
            if (line.length() + (at - start) > max) {
                throw new TooLong();
            }
            line.append(buffer, start, at - start);
            if (at < end) {
                at++;
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
        }
    }
}
