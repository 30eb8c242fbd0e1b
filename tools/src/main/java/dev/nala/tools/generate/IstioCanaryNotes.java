package dev.nala.tools.generate;

import dev.nala.internal.settings.RouteRule;
import dev.nala.internal.settings.RoutingSettings;
import java.util.List;

/** What the canary settings became in Istio's resources, and what Istio cannot keep of them. */
final class IstioCanaryNotes {
    private IstioCanaryNotes() {}

    static void routes(CanaryRouting canary, List<IstioVirtualService.RetryRoute> retryRoutes, SettingNotes notes) {
        List<String> retryNames =
                retryRoutes.stream().map(IstioVirtualService.RetryRoute::name).toList();
        for (CanaryRouting.Rule rule : canary.rules()) {
            RuleHeaderMatch match = rule.match();
            String condition = rule.rule().source() == RouteRule.Source.COOKIE
                    ? "headers.cookie.regex: " + match.value() + " (the cookie header carries every cookie: the"
                            + " expression finds " + rule.rule().name() + " and tests its whole value)"
                    : "headers." + match.header() + "." + (match.emptyButNotPresence() ? "regex: ^$" : kind(match));
            notes.went(
                    rule.setting(),
                    "route" + (retryNames.size() == 1 ? " " : "s ") + String.join(", ", prefixed(rule, retryNames))
                            + ": match " + condition + ", destination subset "
                            + rule.rule().subset());
        }
        if (!canary.rules().isEmpty()) {
            notes.went(
                    "routing.rules order",
                    "each rule's routes come before the next rule's and before the default routes, and Istio"
                            + " takes the first route that matches, so the first rule that matches wins, as in"
                            + " standalone. Every rule gets " + (retryNames.size() == 1 ? "one route" : "the same")
                            + (retryNames.size() == 1 ? "" : " " + retryNames.size() + " routes as the default")
                            + ", with the same retries, so the retry settings hold for canary calls too: "
                            + (retryNames.size() * (canary.rules().size() + 1)) + " routes in all");
        }
        if (canary.rules().stream().anyMatch(rule -> rule.rule().match() == RouteRule.Match.REGEX)) {
            notes.noEquivalent(
                    "Java regular expressions",
                    "Istio matches with RE2, which has no lookaround, backreferences or possessive quantifiers;"
                            + " the mesh refuses a route that uses them. Ordinary expressions mean the same");
        }
        if (canary.rules().stream()
                .anyMatch(rule -> rule.rule().source() == RouteRule.Source.COOKIE
                        && rule.rule().match() == RouteRule.Match.REGEX)) {
            notes.noEquivalent(
                    "a cookie regex that can match ';'",
                    "could run on into the cookies after it and match where standalone does not");
        }
        RoutingSettings routing = canary.settings();
        if (canary.weights().isEmpty()) {
            notes.went(
                    "routing.split not set",
                    "routes " + String.join(", ", retryNames) + " go to any pod of the service, no subset");
        } else {
            notes.went(
                    "routing.split = " + routing.split(),
                    "weight on the destinations of routes " + String.join(", ", retryNames) + ": "
                            + CanaryRouting.describe(canary.weights())
                            + " (Envoy draws a subset for each request by these weights)");
        }
        if (routing.whenSubsetEmpty() == RoutingSettings.WhenSubsetEmpty.FAIL) {
            notes.went(
                    "routing.when-subset-empty = fail",
                    "a call routed to a subset with no healthy pod fails: Envoy answers 503 no healthy upstream"
                            + " (standalone threw ServiceDiscoveryException)");
        } else {
            notes.noEquivalent(
                    "routing.when-subset-empty = fallback",
                    "Istio does not fall back to the rest of the service: a call routed to a subset with no"
                            + " healthy pod gets 503 no healthy upstream");
        }
    }

    /** In the DestinationRule's notes, where a consistentHash would go. */
    static void subsets(SubsetLabels subsets, RoutingSettings routing, SettingNotes notes) {
        subsets.selectable()
                .forEach((name, labels) -> notes.went(
                        "subsets." + name,
                        "subsets " + name + ", labels " + SubsetLabels.describe(labels)
                                + " (Consul service meta as pod labels, one to one)"));
        subsets.noteWhatTheMeshCannotSelect(notes);
        routing.stickyHeader()
                .ifPresent(header -> notes.noEquivalent(
                        "routing.sticky-header = " + header,
                        "Istio draws the split's subset for each request: calls with the same " + header
                                + " move between subsets by the weights. A loadBalancer consistentHash on the header"
                                + " would only keep them on one pod of whichever subset was drawn, and would replace"
                                + " the load balancer above; it is not written. To keep a user on one subset, route"
                                + " on a header or cookie that names the subset for that user (a rule)"));
    }

    private static List<String> prefixed(CanaryRouting.Rule rule, List<String> retryNames) {
        return retryNames.stream().map(name -> rule.routeName() + "-" + name).toList();
    }

    private static String kind(RuleHeaderMatch match) {
        return switch (match.kind()) {
            case EXACT -> "exact: " + match.value();
            case PREFIX -> "prefix: " + match.value();
            case REGEX -> "regex: " + match.value();
        };
    }
}
