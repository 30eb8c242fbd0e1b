package dev.nala.mode.standalone.balancing;

import java.util.List;
import okhttp3.Request;

/** A cookie's value read from a request's {@code Cookie} header(s) ({@code a=1; b=2}, RFC 6265). */
final class CookieValue {
    private CookieValue() {}

    /** The first cookie named {@code name}, unquoted, or null when absent. */
    static String of(Request request, String name) {
        List<String> headers = request.headers("Cookie");
        for (int h = 0; h < headers.size(); h++) {
            String header = headers.get(h);
            int start = 0;
            while (start < header.length()) {
                int end = header.indexOf(';', start);
                if (end < 0) {
                    end = header.length();
                }
                int eq = header.indexOf('=', start);
                if (eq > start && eq < end && header.substring(start, eq).trim().equals(name)) {
                    return unquoted(header.substring(eq + 1, end).trim());
                }
                start = end + 1;
            }
        }
        return null;
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
