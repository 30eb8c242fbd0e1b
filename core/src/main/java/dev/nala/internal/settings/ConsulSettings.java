package dev.nala.internal.settings;

import dev.nala.Environment;
import dev.nala.NalaConfigurationException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * How standalone mode reaches Consul ({@code nala.consul.*}; keys in docs/discovery.md).
 *
 * @param address {@code CONSUL_HTTP_ADDR} wins over the key
 * @param token {@code CONSUL_HTTP_TOKEN} wins over the key
 * @param blockingWait key {@code wait}
 */
public record ConsulSettings(
        HttpUrl address,
        String addressSource,
        Optional<Secret> token,
        Optional<String> datacenter,
        Consistency consistency,
        Duration blockingWait,
        Optional<String> tag,
        Duration firstAnswerTimeout,
        double watchRatePerSecond,
        int watchBurst,
        Duration errorBackoffInitial,
        Duration errorBackoffMax,
        long maxAnswerSize) {

    static final String ADDRESS_ENV = "CONSUL_HTTP_ADDR";
    static final String TOKEN_ENV = "CONSUL_HTTP_TOKEN";
    static final long MIN_ANSWER_SIZE = 64L << 10;
    static final long MAX_ANSWER_SIZE = 1L << 30;

    public enum Consistency {
        /** Any server may answer; works without a leader. */
        STALE,
        /** The leader answers, usually without a quorum check. */
        DEFAULT,
        /** The leader answers after a quorum check. */
        CONSISTENT
    }

    static ConsulSettings read(SettingsReader consul, Environment environment) {
        Optional<String> fromEnv = environment.nonBlankVariable(ADDRESS_ENV);
        HttpUrl address;
        String addressSource;
        if (fromEnv.isPresent()) {
            addressSource = "env " + ADDRESS_ENV;
            address = parseAddress(fromEnv.get(), addressSource);
        } else {
            addressSource = "config key " + consul.path("address") + " (" + consul.origin("address") + ")";
            address = parseAddress(consul.string("address"), addressSource);
        }
        Optional<Secret> token = readToken(consul, environment);
        Optional<String> datacenter = consul.optionalString("datacenter");
        datacenter.ifPresent(dc -> {
            if (!dc.matches("[A-Za-z0-9_-]{1,64}")) {
                consul.report("datacenter", "letters, digits, '-' and '_' only");
            }
        });
        SettingsReader rateLimit = consul.at("watch-rate-limit");
        SettingsReader backoff = consul.at("error-backoff");
        Duration backoffInitial = backoff.duration("initial", Duration.ofMillis(1), Duration.ofMinutes(10));
        Duration backoffMax = backoff.duration("max", Duration.ofMillis(1), Duration.ofHours(1));
        if (backoff.clean() && backoffMax.compareTo(backoffInitial) < 0) {
            throw backoff.invalid(
                    "max",
                    "must not be shorter than " + backoff.path("initial") + " (" + DurationText.of(backoffInitial)
                            + ")");
        }
        return new ConsulSettings(
                address,
                addressSource,
                token,
                datacenter,
                consul.choice("consistency", Consistency.class),
                consul.duration("wait", Duration.ofSeconds(1), Duration.ofMinutes(10)),
                consul.optionalString("tag"),
                consul.duration("first-answer-timeout", Duration.ofMillis(1), Duration.ofMinutes(10)),
                rateLimit.doubleBetween("per-second", 0.01, 1000.0),
                rateLimit.intBetween("burst", 1, 1000),
                backoffInitial,
                backoffMax,
                consul.memorySize("max-answer-size", MIN_ANSWER_SIZE, MAX_ANSWER_SIZE));
    }

    /**
     * Env {@code CONSUL_HTTP_TOKEN} (unless blank) or the key, trimmed: a Secret mounted as an env
     * variable often ends in a line break. Empty means no token.
     */
    private static Optional<Secret> readToken(SettingsReader consul, Environment environment) {
        Optional<String> fromEnv = environment.nonBlankVariable(TOKEN_ENV);
        if (fromEnv.isPresent()) {
            return checkedToken(fromEnv.get(), "env " + TOKEN_ENV);
        }
        Optional<Secret> fromKey = consul.optionalSecret("token");
        if (fromKey.isEmpty()) {
            return Optional.empty();
        }
        return checkedToken(
                fromKey.get().reveal(), "config key " + consul.path("token") + " (" + consul.origin("token") + ")");
    }

    private static Optional<Secret> checkedToken(String raw, String source) {
        String token = raw.strip();
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                String found =
                        c < 0x20 || c == 0x7f ? "a line break or another control character" : "a non-ASCII character";
                throw new NalaConfigurationException(
                        "Invalid Consul ACL token from " + source + ": it contains " + found
                                + " inside it; a token may contain printable ASCII characters only (Consul's tokens are UUIDs),"
                                + " surrounding whitespace is trimmed; the value is a secret and is not shown");
            }
        }
        return token.isEmpty() ? Optional.empty() : Optional.of(Secret.of(token));
    }

    /**
     * Also a bare {@code host:port}. User info is refused, and never shown: Consul authenticates with
     * the ACL token, and a password in a URL ends up in logs.
     */
    static HttpUrl parseAddress(String raw, String source) {
        String text = raw.trim();
        String withScheme = text.contains("://") ? text : "http://" + text;
        HttpUrl url = withScheme.startsWith("http://") || withScheme.startsWith("https://")
                ? HttpUrl.parse(withScheme)
                : null;
        if (text.indexOf('@') >= 0
                || (url != null && (!url.username().isEmpty() || !url.password().isEmpty()))) {
            throw new NalaConfigurationException("Invalid Consul address \"" + shownAddress(raw) + "\" from " + source
                    + ": user info (user:password@) is not supported, and what it held is not shown;"
                    + " Consul authenticates requests with an ACL token: set nala.consul.token or env " + TOKEN_ENV);
        }
        if (url == null || url.query() != null) {
            throw new NalaConfigurationException("Invalid Consul address \"" + shownAddress(raw) + "\" from " + source
                    + ": expected http://host:port or https://host:port, without a query");
        }
        return url;
    }

    /** User info up to the last '@' (a password may hold '/', '?' or '#') and the query are hidden. */
    private static String shownAddress(String raw) {
        String shown = raw;
        int at = shown.lastIndexOf('@');
        if (at >= 0) {
            int scheme = shown.indexOf("://");
            int userInfoStart = scheme >= 0 && scheme < at ? scheme + 3 : 0;
            shown = shown.substring(0, userInfoStart) + "<redacted>" + shown.substring(at);
        }
        int query = shown.indexOf('?');
        if (query >= 0) {
            shown = shown.substring(0, query) + "?<redacted>";
        }
        return SettingsReader.printable(shown);
    }
}
