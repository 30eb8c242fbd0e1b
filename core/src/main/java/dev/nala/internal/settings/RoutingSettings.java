package dev.nala.internal.settings;

import com.typesafe.config.ConfigUtil;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ServiceSettings.DiscoverySource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A service's subsets and the rules that pick one per call ({@code subsets}, {@code routing.*}),
 * for canary releases in standalone mode. {@link #none()} when no subset is defined.
 *
 * @param subsets by name, in the order written
 * @param split subset name to weight, in the order written; the weights add up to 100; empty: calls
 *     no rule matches go to any instance
 */
public record RoutingSettings(
        Map<String, SubsetSettings> subsets,
        List<RouteRule> rules,
        Map<String, Integer> split,
        Optional<String> stickyHeader,
        WhenSubsetEmpty whenSubsetEmpty) {

    public enum WhenSubsetEmpty {
        /** Send the call to the rest of the service. */
        FALLBACK,
        /** Fail the call. */
        FAIL
    }

    private static final List<String> SUBSET_KEYS = List.of("tags", "meta", "endpoints");
    private static final Set<String> RULE_KEYS = Set.of("header", "cookie", "exact", "prefix", "regex", "subset");

    public static RoutingSettings none() {
        return new RoutingSettings(Map.of(), List.of(), Map.of(), Optional.empty(), WhenSubsetEmpty.FALLBACK);
    }

    /** The subsets' names in the order written: a subset's position is its index at run time. */
    public List<String> subsetNames() {
        return List.copyOf(subsets.keySet());
    }

    /** Whether calls to this service choose a subset at all. */
    public boolean enabled() {
        return !subsets.isEmpty();
    }

    static RoutingSettings read(SettingsReader service, DiscoverySource discovery, List<Endpoint> endpoints) {
        Map<String, SubsetSettings> subsets = new LinkedHashMap<>();
        for (String name : service.namesUnder("subsets")) {
            service.at("subsets")
                    .object(quoted(name))
                    .ifPresent(subset -> subsets.put(name, subset(name, subset, service, discovery, endpoints)));
        }
        SettingsReader routing = service.at("routing");
        List<RouteRule> rules = new ArrayList<>();
        for (SettingsReader rule : routing.objectList("rules")) {
            RouteRule read = rule(rule, subsets.keySet());
            if (read != null) {
                rules.add(read);
            }
        }
        Map<String, Integer> split = split(routing, subsets.keySet());
        Optional<String> sticky = stickyHeader(routing);
        if (sticky.isPresent() && split.isEmpty()) {
            routing.report("sticky-header", "only the split uses it, and " + routing.path("split") + " is empty");
        }
        WhenSubsetEmpty whenEmpty = routing.choice("when-subset-empty", WhenSubsetEmpty.class);
        if (subsets.isEmpty() && (!rules.isEmpty() || !split.isEmpty())) {
            routing.report(
                    rules.isEmpty() ? "split" : "rules",
                    "routes to subsets, but " + service.path("subsets") + " defines none");
        }
        return new RoutingSettings(Collections.unmodifiableMap(subsets), List.copyOf(rules), split, sticky, whenEmpty);
    }

    /** {@code routing.sticky-header}, reported unless it is a header name. */
    static Optional<String> stickyHeader(SettingsReader routing) {
        Optional<String> sticky = routing.optionalString("sticky-header");
        if (sticky.isPresent() && !isToken(sticky.get())) {
            routing.report("sticky-header", "expected a header name (letters, digits, '-')");
            return Optional.empty();
        }
        return sticky;
    }

    private static SubsetSettings subset(
            String name,
            SettingsReader subset,
            SettingsReader service,
            DiscoverySource discovery,
            List<Endpoint> serviceEndpoints) {
        try {
            ServiceName.of(name);
        } catch (IllegalArgumentException e) {
            service.report(
                    "subsets",
                    "subset name \"" + SettingsReader.printable(name)
                            + "\" is not a lower-case DNS label (a-z, 0-9, '-'), as the mesh's subsets must be");
        }
        for (String key : subset.keys()) {
            if (!SUBSET_KEYS.contains(key)) {
                subset.report(key, "not a subset setting; a subset has " + String.join(", ", SUBSET_KEYS));
            }
        }
        Set<String> tags = subset.isNull("tags") ? Set.of() : Set.copyOf(subset.stringList("tags"));
        Map<String, String> meta = new LinkedHashMap<>();
        for (String key : subset.namesUnder("meta")) {
            meta.put(key, subset.at("meta").string(quoted(key)));
        }
        List<Endpoint> endpoints = new ArrayList<>();
        if (!subset.isNull("endpoints")) {
            for (String entry : subset.stringList("endpoints")) {
                try {
                    Endpoint endpoint = Endpoint.parse(entry);
                    if (discovery == DiscoverySource.STATIC && !serviceEndpoints.contains(endpoint)) {
                        subset.report(
                                "endpoints",
                                endpoint + " is not one of the service's endpoints " + serviceEndpoints
                                        + "; a subset names some of them");
                    }
                    endpoints.add(endpoint);
                } catch (IllegalArgumentException e) {
                    subset.report("endpoints", e.getMessage());
                }
            }
        }
        if (!subset.clean()) {
            return new SubsetSettings(name, tags, Map.copyOf(meta), List.copyOf(endpoints));
        }
        if (discovery == DiscoverySource.STATIC && (!tags.isEmpty() || !meta.isEmpty())) {
            subset.report(
                    tags.isEmpty() ? "meta" : "tags",
                    "tags and meta select Consul instances; with discovery = static list the subset's endpoints");
        } else if (discovery == DiscoverySource.STATIC && endpoints.isEmpty()) {
            subset.report(
                    "endpoints", "with discovery = static a subset lists its endpoints, e.g. [\"10.0.0.7:8080\"]");
        } else if (discovery == DiscoverySource.CONSUL && !endpoints.isEmpty()) {
            subset.report("endpoints", "with discovery = consul a subset selects instances by tags or meta");
        } else if (discovery == DiscoverySource.CONSUL && tags.isEmpty() && meta.isEmpty()) {
            subset.report("tags", "with discovery = consul a subset needs tags = [...] or meta { ... }");
        }
        return new SubsetSettings(name, tags, Map.copyOf(meta), List.copyOf(endpoints));
    }

    private static RouteRule rule(SettingsReader rule, Set<String> subsets) {
        for (String key : rule.keys()) {
            if (!RULE_KEYS.contains(key)) {
                rule.report(key, "not a rule setting; a rule has header or cookie, exact, prefix or regex, and subset");
                return null;
            }
        }
        boolean header = !rule.isNull("header");
        if (header == !rule.isNull("cookie")) {
            rule.report("header", "a rule matches exactly one of header = \"<name>\" or cookie = \"<name>\"");
            return null;
        }
        String name = rule.string(header ? "header" : "cookie");
        if (!isToken(name)) {
            rule.report(header ? "header" : "cookie", "expected a header or cookie name (letters, digits, '-', '_')");
            return null;
        }
        List<RouteRule.Match> given = new ArrayList<>();
        for (RouteRule.Match match : RouteRule.Match.values()) {
            if (!rule.isNull(key(match))) {
                given.add(match);
            }
        }
        if (given.size() != 1) {
            rule.report(
                    given.isEmpty() ? "exact" : key(given.get(1)), "a rule has exactly one of exact, prefix or regex");
            return null;
        }
        RouteRule.Match match = given.get(0);
        String value = rule.string(key(match));
        Pattern regex = null;
        if (match == RouteRule.Match.REGEX) {
            try {
                regex = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                rule.report("regex", "not a regular expression: " + e.getDescription());
                return null;
            }
        }
        String subset = rule.string("subset");
        if (!subsets.contains(subset)) {
            rule.report("subset", "no such subset; the subsets are " + subsets);
            return null;
        }
        return new RouteRule(
                header ? RouteRule.Source.HEADER : RouteRule.Source.COOKIE, name, match, value, regex, subset);
    }

    private static Map<String, Integer> split(SettingsReader routing, Set<String> subsets) {
        Map<String, Integer> split = new LinkedHashMap<>();
        SettingsReader weights = routing.at("split");
        int total = 0;
        for (String name : routing.namesUnder("split")) {
            if (!subsets.contains(name)) {
                weights.report(quoted(name), "no such subset; the subsets are " + subsets);
                continue;
            }
            int weight = weights.intBetween(quoted(name), 0, 100);
            split.put(name, weight);
            total += weight;
        }
        if (!split.isEmpty() && routing.clean() && total != 100) {
            routing.report("split", "the weights add up to " + total + "; they must add up to 100");
        }
        return Collections.unmodifiableMap(split);
    }

    private static String key(RouteRule.Match match) {
        return match.name().toLowerCase(Locale.ROOT);
    }

    private static String quoted(String name) {
        return ConfigUtil.quoteString(name);
    }

    private static boolean isToken(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }
}
