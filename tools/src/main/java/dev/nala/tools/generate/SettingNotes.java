package dev.nala.tools.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * The header comment of a generated file: what it is, where each standalone setting went, and
 * what happens to those the mesh has no field for.
 */
public final class SettingNotes {
    private static final int WIDTH = 100;

    private final List<String> title = new ArrayList<>();
    private final List<String[]> mapped = new ArrayList<>();
    private final List<String[]> unmapped = new ArrayList<>();

    SettingNotes about(String line) {
        title.add(line);
        return this;
    }

    /** A setting that became a field, an annotation or a route. */
    SettingNotes went(String setting, String where) {
        mapped.add(new String[] {setting, where});
        return this;
    }

    /** A setting with no equivalent, and what the mesh does instead. */
    SettingNotes noEquivalent(String setting, String whatHappens) {
        unmapped.add(new String[] {setting, whatHappens});
        return this;
    }

    public List<String[]> mapped() {
        return List.copyOf(mapped);
    }

    public List<String[]> unmapped() {
        return List.copyOf(unmapped);
    }

    /** The comment lines, each starting with {@code #}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        wrap(String.join(" ", title), "", "", lines);
        if (!mapped.isEmpty()) {
            lines.add("#");
            lines.add("# Where each setting went:");
            mapped.forEach(entry -> wrap(entry[0] + "  ->  " + entry[1], "  ", "      ", lines));
        }
        if (!unmapped.isEmpty()) {
            lines.add("#");
            lines.add("# No equivalent here, and what happens instead:");
            unmapped.forEach(entry -> wrap(entry[0] + ": " + entry[1], "  ", "      ", lines));
        }
        return lines;
    }

    private static void wrap(String text, String indent, String continuation, List<String> lines) {
        StringBuilder line = new StringBuilder("# ").append(indent);
        int start = line.length();
        for (String word : text.split(" ")) {
            if (line.length() > start && line.length() + 1 + word.length() > WIDTH) {
                lines.add(line.toString().stripTrailing());
                line = new StringBuilder("# ").append(continuation);
                start = line.length();
            }
            if (line.length() > start) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString().stripTrailing());
    }
}
