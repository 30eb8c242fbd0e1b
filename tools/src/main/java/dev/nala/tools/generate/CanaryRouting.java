package dev.nala.tools.generate;

import dev.nala.internal.settings.RouteRule;
import dev.nala.internal.settings.RoutingSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules and the split a mesh can carry over: those naming a subset it can select ({@link
 * SubsetLabels}). What is left out is noted with the reason, for either mesh.
 */
final class CanaryRouting {
    /** One rule as written, with its place among {@code routing.rules}. */
    record Rule(int index, RouteRule rule, RuleHeaderMatch match) {
        String setting() {
            return "routing.rules[" + index + "] (" + (rule.source() == RouteRule.Source.HEADER ? "header " : "cookie ")
                    + rule.name() + " " + rule.match().name().toLowerCase(Locale.ROOT) + " \"" + rule.value()
                    + "\" -> " + rule.subset() + ")";
        }

        /** {@code rule-0-v2}: the route names say which rule and where it goes. */
        String routeName() {
            return "rule-" + index + "-" + rule.subset();
        }
    }

    private final RoutingSettings routing;
    private final SubsetLabels subsets;
    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, Integer> weights = new LinkedHashMap<>();

    private CanaryRouting(RoutingSettings routing, SubsetLabels subsets) {
        this.routing = routing;
        this.subsets = subsets;
    }

    static CanaryRouting of(RoutingSettings routing, SubsetLabels subsets, SettingNotes notes) {
        CanaryRouting canary = new CanaryRouting(routing, subsets);
        for (int i = 0; i < routing.rules().size(); i++) {
            Rule rule = new Rule(
                    i,
                    routing.rules().get(i),
                    RuleHeaderMatch.of(routing.rules().get(i)));
            if (subsets.isSelectable(rule.rule().subset())) {
                canary.rules.add(rule);
            } else {
                notes.noEquivalent(
                        rule.setting(),
                        "not written: subset " + rule.rule().subset() + " cannot be selected (above);"
                                + " calls it matches take the routes below it");
            }
        }
        int total = 0;
        for (Map.Entry<String, Integer> weight : routing.split().entrySet()) {
            if (subsets.isSelectable(weight.getKey())) {
                canary.weights.put(weight.getKey(), weight.getValue());
                total += weight.getValue();
            }
        }
        if (!routing.split().isEmpty()
                && canary.weights.size() < routing.split().size()) {
            notes.noEquivalent(
                    "routing.split = " + routing.split(),
                    total == 0
                            ? "none of its subsets with a weight can be selected: calls no rule matches go to"
                                    + " any pod of the service"
                            : "weights of subsets that cannot be selected are left out; the mesh shares calls by"
                                    + " the weights that remain, relative to their sum (" + total + ")");
            if (total == 0) {
                canary.weights.clear();
            }
        }
        return canary;
    }

    /** In the order written; the first that matches wins. */
    List<Rule> rules() {
        return rules;
    }

    /** Subset to weight, in the order written; empty: calls no rule matches go to any pod. */
    Map<String, Integer> weights() {
        return weights;
    }

    RoutingSettings settings() {
        return routing;
    }

    SubsetLabels subsets() {
        return subsets;
    }

    static String describe(Map<String, Integer> weights) {
        List<String> pairs = new ArrayList<>();
        weights.forEach((subset, weight) -> pairs.add(subset + " " + weight));
        return String.join(", ", pairs);
    }
}
