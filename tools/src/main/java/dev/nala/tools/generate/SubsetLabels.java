package dev.nala.tools.generate;

import dev.nala.internal.settings.RoutingSettings;
import dev.nala.internal.settings.SubsetSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A service's subsets as the mesh selects them, by pod labels: Consul service meta maps to labels
 * one to one. Tags and static endpoints have no label; a subset left with none cannot be selected.
 */
final class SubsetLabels {
    /** A Kubernetes label name, and a non-empty label value (an empty value is also allowed). */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private final Map<String, Map<String, String>> selectable = new TreeMap<>();
    private final Map<String, String[]> leftOut = new TreeMap<>();
    private final List<String[]> partial = new ArrayList<>();

    private SubsetLabels() {}

    /** Sorted by name: the settings do not keep the order the subsets were written in. */
    static SubsetLabels of(RoutingSettings routing) {
        SubsetLabels labels = new SubsetLabels();
        new TreeMap<>(routing.subsets()).values().forEach(labels::add);
        return labels;
    }

    private void add(SubsetSettings subset) {
        String key = "subsets." + subset.name();
        if (!subset.endpoints().isEmpty()) {
            leftOut.put(subset.name(), new String[] {
                key + ".endpoints = " + subset.endpoints(),
                "addresses, not pods; the mesh selects pods by label. Left out, with every rule and weight that"
                        + " names it: label the subset's pods (e.g. version: " + subset.name()
                        + ") and select them with meta"
            });
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> invalid = new ArrayList<>();
        new TreeMap<>(subset.meta()).forEach((name, value) -> {
            if (isLabel(name) && (value.isEmpty() || isLabel(value))) {
                labels.put(name, value);
            } else {
                invalid.add(name + "=" + value);
            }
        });
        List<String> tags = List.copyOf(new TreeSet<>(subset.tags()));
        if (!invalid.isEmpty() || labels.isEmpty()) {
            String why = !invalid.isEmpty()
                    ? "meta " + invalid + " is not a valid Kubernetes label (at most 63 letters, digits, '-', '_'"
                            + " or '.', starting and ending with a letter or digit), so no pod carries it"
                    : "Consul tags have no pod label counterpart, and the subset has no meta";
            leftOut.put(subset.name(), new String[] {
                key + (invalid.isEmpty() ? ".tags = " + tags : ".meta"),
                why + ". Left out, with every rule and weight that names it: give the subset's pods a label"
                        + " (e.g. version: " + subset.name() + ") and the same key and value in its meta"
            });
            return;
        }
        selectable.put(subset.name(), Map.copyOf(labels));
        if (!subset.tags().isEmpty()) {
            partial.add(new String[] {
                key + ".tags = " + tags,
                "Consul tags have no pod label counterpart and are not written: the subset is every pod with "
                        + describe(labels) + ", with or without the tags. To keep them, label the pods (e.g."
                        + " version) and add the label to the subset's meta"
            });
        }
    }

    private static boolean isLabel(String text) {
        return LABEL.matcher(text).matches();
    }

    /** Name to labels, in name order. */
    Map<String, Map<String, String>> selectable() {
        return selectable;
    }

    boolean isSelectable(String subset) {
        return selectable.containsKey(subset);
    }

    /**
     * Notes, as settings with no mesh equivalent, the subsets written with fewer conditions than
     * standalone applies and those left out because the mesh cannot select them, with what to do.
     */
    void noteWhatTheMeshCannotSelect(SettingNotes notes) {
        partial.forEach(entry -> notes.noEquivalent(entry[0], entry[1]));
        leftOut.values().forEach(entry -> notes.noEquivalent(entry[0], entry[1]));
    }

    static String describe(Map<String, String> labels) {
        List<String> pairs = new ArrayList<>();
        labels.forEach((name, value) -> pairs.add(name + ": " + (value.isEmpty() ? "\"\"" : value)));
        return String.join(", ", pairs);
    }
}
