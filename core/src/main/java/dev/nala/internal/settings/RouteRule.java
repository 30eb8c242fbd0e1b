package dev.nala.internal.settings;

import java.util.regex.Pattern;

/**
 * One entry of {@code routing.rules}: a call whose header (or cookie) {@code name} matches goes
 * to {@code subset}.
 *
 * @param regex compiled from {@code value} when {@code match} is {@link Match#REGEX}, else null
 */
public record RouteRule(Source source, String name, Match match, String value, Pattern regex, String subset) {

    public enum Source {
        HEADER,
        COOKIE
    }

    public enum Match {
        EXACT,
        PREFIX,
        /** The whole value must match. */
        REGEX
    }

    /** @param actual the header's or cookie's value, null when absent (never a match) */
    public boolean matches(String actual) {
        if (actual == null) {
            return false;
        }
        return switch (match) {
            case EXACT -> actual.equals(value);
            case PREFIX -> actual.startsWith(value);
            case REGEX -> regex.matcher(actual).matches();
        };
    }
}
