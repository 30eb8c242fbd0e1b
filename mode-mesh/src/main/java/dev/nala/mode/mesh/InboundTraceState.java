package dev.nala.mode.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inbound {@code tracestate} as W3C Trace Context level 2 allows it to be passed on: its
 * members, trimmed, at most 32, or nothing when invalid. The key grammar is the specification's
 * current one, which OpenTelemetry Java's parser predates; used only where Nala continues the
 * inbound trace itself (no SDK).
 */
final class InboundTraceState {
    static final int MAX_MEMBERS = 32;
    private static final int MAX_KEY_LENGTH = 256;
    private static final int MAX_VALUE_LENGTH = 256;

    private InboundTraceState() {}

    /**
     * @param header several headers joined with commas
     * @return the members joined with commas; empty when invalid or without a member
     */
    static Optional<String> valid(String header) {
        List<String> members = new ArrayList<>();
        for (String raw : header.split(",", -1)) {
            String member = trimOws(raw);
            if (member.isEmpty()) {
                continue;
            }
            int equals = member.indexOf('=');
            if (equals <= 0 || !isKey(member.substring(0, equals)) || !isValue(member.substring(equals + 1))) {
                return Optional.empty();
            }
            members.add(member);
            if (members.size() > MAX_MEMBERS) {
                return Optional.empty();
            }
        }
        return members.isEmpty() ? Optional.empty() : Optional.of(String.join(",", members));
    }

    private static String trimOws(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isOws(text.charAt(start))) {
            start++;
        }
        while (end > start && isOws(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /** {@code (lcalpha / DIGIT) 0*255(lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@")}. */
    static boolean isKey(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !isLowerAlphaOrDigit(key.charAt(0))) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(isLowerAlphaOrDigit(c) || c == '_' || c == '-' || c == '*' || c == '/' || c == '@')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerAlphaOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** 1 to 256 printable ASCII characters but {@code ,} and {@code =}, not ending in a space. */
    static boolean isValue(String value) {
        if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH || value.charAt(value.length() - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
                return false;
            }
        }
        return true;
    }
}
