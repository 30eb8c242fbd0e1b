package dev.nala.settings;

import dev.nala.Environment;
import dev.nala.NalaConfigurationException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * How standalone mode reaches Consul ({@code nala.consul.*}).
 *
 * @param address the agent's base URL ({@code CONSUL_HTTP_ADDR} wins over the key)
 * @param addressSource where the address came from, for messages
 * @param token the ACL token ({@code CONSUL_HTTP_TOKEN} wins over the key)
 * @param datacenter the datacenter to query, if not the agent's own
 * @param consistency the read consistency mode
 * @param blockingWait how long a blocking query may be held open (key {@code wait})
 * @param tag only instances with this tag, if set
 * @param firstAnswerTimeout how long a first call waits for Consul's first answer
 * @param watchRatePerSecond the steady rate of one service's watch requests (key
 *     {@code watch-rate-limit.per-second})
 * @param watchBurst how many watch requests may go back to back before the rate applies (key
 *     {@code watch-rate-limit.burst})
 * @param errorBackoffInitial the first pause after a failed request to Consul
 * @param errorBackoffMax the longest pause between failed requests
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
        Duration errorBackoffMax) {

    static final String ADDRESS_ENV = "CONSUL_HTTP_ADDR";
    static final String TOKEN_ENV = "CONSUL_HTTP_TOKEN";

    /** Consul's read consistency modes. */
    public enum Consistency {
        /** Any server may answer; works without a leader. */
        STALE,
        /** The leader answers, usually without a quorum check. */
        DEFAULT,
        /** The leader answers after a quorum check. */
        CONSISTENT
    }

    static ConsulSettings read(SettingsReader consul, Environment environment) {
        Optional<String> fromEnv = environment.variable(ADDRESS_ENV);
        HttpUrl address;
        String addressSource;
        if (fromEnv.isPresent()) {
            addressSource = "env " + ADDRESS_ENV;
            address = parseAddress(fromEnv.get(), addressSource);
        } else {
            addressSource = "config key " + consul.path("address") + " (" + consul.origin("address") + ")";
            address = parseAddress(consul.string("address"), addressSource);
        }
        Optional<Secret> token = environment.variable(TOKEN_ENV).map(Secret::of);
        if (token.isEmpty()) {
            token = consul.optionalSecret("token");
        }
        Optional<String> datacenter = consul.optionalString("datacenter");
        datacenter.ifPresent(dc -> {
            if (!dc.matches("[A-Za-z0-9_-]{1,64}")) {
                throw consul.invalid("datacenter", "letters, digits, '-' and '_' only");
            }
        });
        SettingsReader rateLimit = consul.at("watch-rate-limit");
        SettingsReader backoff = consul.at("error-backoff");
        Duration backoffInitial = backoff.duration("initial", Duration.ofMillis(1), Duration.ofMinutes(10));
        Duration backoffMax = backoff.duration("max", Duration.ofMillis(1), Duration.ofHours(1));
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw backoff.invalid("max", "must not be shorter than " + backoff.path("initial") + " (" + backoffInitial + ")");
        }
        return new ConsulSettings(
                address,
                addressSource,
                token.filter(t -> !t.reveal().isEmpty()),
                datacenter,
                consul.choice("consistency", Consistency.class),
                consul.duration("wait", Duration.ofSeconds(1), Duration.ofMinutes(10)),
                consul.optionalString("tag"),
                consul.duration("first-answer-timeout", Duration.ofMillis(1), Duration.ofMinutes(10)),
                rateLimit.doubleBetween("per-second", 0.01, 1000.0),
                rateLimit.intBetween("burst", 1, 1000),
                backoffInitial,
                backoffMax);
    }

    /** Accepts {@code http://host:port}, {@code https://host:port} and a bare {@code host:port}. */
    static HttpUrl parseAddress(String raw, String source) {
        String text = raw.trim();
        String withScheme = text.contains("://") ? text : "http://" + text;
        HttpUrl url = withScheme.startsWith("http://") || withScheme.startsWith("https://")
                ? HttpUrl.parse(withScheme) : null;
        if (url == null || url.username().length() > 0 || url.password().length() > 0 || url.query() != null) {
            throw new NalaConfigurationException("Invalid Consul address \"" + raw + "\" from " + source
                    + ": expected http://host:port or https://host:port");
        }
        return url;
    }
}
