package dev.nala.mode.standalone.balancing;

import dev.nala.DeploymentMode;
import dev.nala.internal.SubsetRoute;
import dev.nala.internal.settings.RouteRule;
import dev.nala.internal.settings.RoutingSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Request;

/**
 * Picks one service's subset for a call: the first rule that matches, else the weighted split
 * (by the sticky header's hash when the call has it, else at random), else none (any instance).
 */
final class SubsetRouter {
    private final SubsetRoute[] routes;
    private final RouteRule[] rules;
    private final SubsetRoute[] ruleRoutes;
    private final SubsetRoute[] splitRoutes;
    /** Running totals of the split's weights, ending at 100. */
    private final int[] splitUpTo;
    /** Null: the split is drawn at random. */
    private final String stickyHeader;

    SubsetRouter(String service, RoutingSettings routing) {
        List<String> names = routing.subsetNames();
        routes = new SubsetRoute[names.size()];
        for (int i = 0; i < routes.length; i++) {
            routes[i] = SubsetRoute.of(service, DeploymentMode.STANDALONE.configValue(), names.get(i), i);
        }
        rules = routing.rules().toArray(new RouteRule[0]);
        ruleRoutes = new SubsetRoute[rules.length];
        for (int i = 0; i < rules.length; i++) {
            ruleRoutes[i] = routes[names.indexOf(rules[i].subset())];
        }
        splitRoutes = new SubsetRoute[routing.split().size()];
        splitUpTo = new int[splitRoutes.length];
        int total = 0;
        int i = 0;
        for (Map.Entry<String, Integer> weight : routing.split().entrySet()) {
            total += weight.getValue();
            splitRoutes[i] = routes[names.indexOf(weight.getKey())];
            splitUpTo[i++] = total;
        }
        stickyHeader = routing.stickyHeader().orElse(null);
    }

    /** The subset for {@code request}, or null when the call may go to any instance. */
    SubsetRoute choose(Request request) {
        for (int i = 0; i < rules.length; i++) {
            RouteRule rule = rules[i];
            String value = rule.source() == RouteRule.Source.HEADER
                    ? request.header(rule.name())
                    : CookieValue.of(request, rule.name());
            if (rule.matches(value)) {
                return ruleRoutes[i];
            }
        }
        if (splitRoutes.length == 0) {
            return null;
        }
        String key = stickyHeader == null ? null : request.header(stickyHeader);
        double point = key != null
                ? StickyHash.percentile(key)
                : ThreadLocalRandom.current().nextDouble() * 100;
        for (int i = 0; i < splitUpTo.length; i++) {
            if (point < splitUpTo[i]) {
                return splitRoutes[i];
            }
        }
        return splitRoutes[splitRoutes.length - 1];
    }
}
