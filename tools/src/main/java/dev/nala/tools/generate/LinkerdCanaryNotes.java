package dev.nala.tools.generate;

import dev.nala.internal.settings.RouteRule;
import dev.nala.internal.settings.RoutingSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** What the canary settings became in Linkerd's HTTPRoutes, and what Linkerd cannot keep of them. */
final class LinkerdCanaryNotes {
    /** Kubernetes refuses longer Service names. */
    private static final int LONGEST_NAME = 63;
    /** Gateway API's limit on an HTTPRoute's rules: the canary rules and the default. */
    private static final int MOST_RULES = 16;

    private LinkerdCanaryNotes() {}

    static void of(ServiceTarget target, CanaryRouting canary, List<HasMetadata> routes, SettingNotes notes) {
        String routeNames = String.join(
                " and ",
                routes.stream().map(route -> route.getMetadata().getName()).toList());
        SubsetLabels subsets = canary.subsets();
        subsets.selectable().forEach((subset, labels) -> {
            String service = LinkerdHttpRoutes.subsetService(target, subset);
            notes.went(
                    "subsets." + subset,
                    "backendRef Service " + service + ", port "
                            + target.settings().port() + ". Create it: the"
                            + " selector of the " + target.serviceName() + " Service plus "
                            + SubsetLabels.describe(labels) + " (Consul service meta as pod labels, one to one),"
                            + " the same port; Gateway API routes to Services, not to pod labels"
                            + (service.length() > LONGEST_NAME
                                    ? ". The name is longer than Kubernetes allows (63): shorten the subset's name"
                                    : ""));
        });
        subsets.noteWhatTheMeshCannotSelect(notes);
        for (CanaryRouting.Rule rule : canary.rules()) {
            var match = LinkerdHttpRoutes.headerMatch(rule.match());
            notes.went(
                    rule.setting(),
                    "a rule in " + routeNames + ": header " + match.getName() + " " + match.getType() + " "
                            + match.getValue() + ", backendRef "
                            + LinkerdHttpRoutes.subsetService(
                                    target, rule.rule().subset())
                            + (rule.rule().match() == RouteRule.Match.PREFIX
                                    ? " (Gateway API has no prefix match for headers: an expression instead)"
                                    : "")
                            + (rule.rule().source() == RouteRule.Source.COOKIE
                                    ? " (the cookie header carries every cookie: the expression finds "
                                            + rule.rule().name() + " and tests its whole value)"
                                    : ""));
        }
        if (!canary.rules().isEmpty()) {
            notes.went(
                    "routing.rules order",
                    "in each HTTPRoute the rules come in order and the default last. Gateway API prefers a match"
                            + " with a method, then one with more headers, then the first in its route: a rule's"
                            + " match has one header more than the default's, and all rules have the same number,"
                            + " so the first rule that matches wins, as in standalone");
        }
        if (canary.rules().size() + 1 > MOST_RULES) {
            notes.noEquivalent(
                    "more than " + (MOST_RULES - 1) + " routing.rules",
                    "Gateway API allows " + MOST_RULES + " rules in an HTTPRoute, the default included;"
                            + " Kubernetes refuses these routes");
        }
        if (canary.rules().stream().anyMatch(rule -> rule.rule().match() == RouteRule.Match.REGEX)) {
            notes.noEquivalent(
                    "Java regular expressions",
                    "Linkerd matches with Rust's regex, which has no lookaround, backreferences or possessive"
                            + " quantifiers; the route is not accepted with them. Ordinary expressions mean the same");
        }
        RoutingSettings routing = canary.settings();
        if (canary.weights().isEmpty()) {
            notes.went(
                    "routing.split not set",
                    "the last rule of each route goes to the " + target.serviceName() + " Service, any pod");
        } else {
            notes.went(
                    "routing.split = " + routing.split(),
                    "weight on the backendRefs of the last rule of " + routeNames + ": "
                            + CanaryRouting.describe(canary.weights()) + " (drawn for each request)");
        }
        routing.stickyHeader()
                .ifPresent(header -> notes.noEquivalent(
                        "routing.sticky-header = " + header,
                        "Linkerd draws the split's Service for each request and has no balancing by a header:"
                                + " calls with the same " + header + " move between subsets by the weights. To"
                                + " keep a user on one subset, route on a header or cookie that names it (a rule)"));
        String empty = "a call routed to a subset whose Service has no ready pod fails: Linkerd answers 503"
                + " (504 for requests already queued) while the Service is in failfast";
        if (routing.whenSubsetEmpty() == RoutingSettings.WhenSubsetEmpty.FAIL) {
            notes.went("routing.when-subset-empty = fail", empty + " (standalone threw ServiceDiscoveryException)");
        } else {
            notes.noEquivalent(
                    "routing.when-subset-empty = fallback",
                    "Linkerd does not fall back to the rest of the service: " + empty);
        }
    }
}
