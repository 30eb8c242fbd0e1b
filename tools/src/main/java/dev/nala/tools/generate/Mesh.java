package dev.nala.tools.generate;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The meshes the generator writes resources for. */
public enum Mesh {
    ISTIO,
    LINKERD;

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive; empty for anything else. */
    public static Optional<Mesh> fromOption(String value) {
        return Arrays.stream(values())
                .filter(mesh -> mesh.optionValue().equals(value.trim().toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    public static String choices() {
        return Arrays.stream(values()).map(Mesh::optionValue).collect(Collectors.joining(", "));
    }
}
