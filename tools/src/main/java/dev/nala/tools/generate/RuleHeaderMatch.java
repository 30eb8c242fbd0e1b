package dev.nala.tools.generate;

import dev.nala.internal.settings.RouteRule;
import java.util.Locale;

/**
 * A routing rule as the one header condition a mesh route can test. A cookie rule becomes a regular
 * expression on the {@code cookie} header that finds the cookie among the others and tests its value.
 *
 * @param header lower case, as Istio requires
 * @param value for {@link RouteRule.Match#REGEX}, a whole-value expression in the syntax RE2 (Istio)
 *     and Rust's regex (Linkerd) share with Java for ordinary expressions
 */
record RuleHeaderMatch(String header, RouteRule.Match kind, String value) {
    static final String COOKIE_HEADER = "cookie";

    /** Before the cookie: the start of the header, or earlier cookies and their separator. */
    private static final String EARLIER_COOKIES = "^(.*;\\s*)?";
    /** After the value: the end of the header, or the next separator and later cookies. */
    private static final String LATER_COOKIES = "(;.*)?$";

    static RuleHeaderMatch of(RouteRule rule) {
        if (rule.source() == RouteRule.Source.HEADER) {
            return new RuleHeaderMatch(rule.name().toLowerCase(Locale.ROOT), rule.match(), rule.value());
        }
        String cookie = EARLIER_COOKIES + quote(rule.name()) + "=";
        String value = switch (rule.match()) {
            case EXACT -> quote(rule.value());
            case PREFIX -> quote(rule.value()) + "[^;]*";
            case REGEX -> "(" + rule.value() + ")";
        };
        return new RuleHeaderMatch(COOKIE_HEADER, RouteRule.Match.REGEX, cookie + value + LATER_COOKIES);
    }

    /**
     * The condition as one whole-value regular expression, for Gateway API, which matches headers
     * only exactly or by expression.
     */
    String asRegex() {
        return switch (kind) {
            case EXACT -> "^" + quote(value) + "$";
            case PREFIX -> "^" + quote(value) + ".*";
            case REGEX -> value.isEmpty() ? "^$" : value;
        };
    }

    /**
     * Whether the condition cannot be written as it stands: the meshes read an empty value as "the
     * header is present", where standalone compares it with the header's value.
     */
    boolean emptyButNotPresence() {
        return value.isEmpty() && kind != RouteRule.Match.PREFIX;
    }

    /** Backslash before each character that means something in RE2, ECMAScript and Rust's regex. */
    static String quote(String literal) {
        StringBuilder quoted = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.toString();
    }
}
