package dev.nala.tools;

import dev.nala.internal.ServiceName;
import dev.nala.tools.generate.Mesh;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The options of {@code generate}.
 *
 * @param services empty: every service configured under {@code nala.services}
 * @param out empty: the files go to standard output, one after the other
 */
record GenerateOptions(
        Mesh mesh, Optional<Path> config, Optional<String> namespace, List<ServiceName> services, Optional<Path> out) {

    static final String USAGE = String.join(
            "\n",
            "Usage: generate --mesh istio|linkerd [--config FILE] [--namespace NS] [--service NAME]... [--out DIR]",
            "  --mesh       which mesh's resources to write (required)",
            "  --config     the application's application.conf (default: application.conf on the class path)",
            "  --namespace  the namespace of the called Services (default: as mesh mode decides it:",
            "               nala.kubernetes.namespace, env KUBERNETES_NAMESPACE, the pod's file, \"default\")",
            "  --service    a service to write resources for, repeatable (default: every service under",
            "               nala.services; a service without a block gets nala.defaults)",
            "  --out        a directory to write one file per resource kind and service into",
            "               (default: standard output)");

    static GenerateOptions parse(List<String> args) throws UsageException {
        Mesh mesh = null;
        Optional<Path> config = Optional.empty();
        Optional<String> namespace = Optional.empty();
        List<ServiceName> services = new ArrayList<>();
        Optional<Path> out = Optional.empty();
        Iterator<String> remaining = args.iterator();
        while (remaining.hasNext()) {
            String option = remaining.next();
            switch (option) {
                case "--mesh" -> {
                    String value = value(option, remaining);
                    mesh = Mesh.fromOption(value)
                            .orElseThrow(() -> new UsageException(
                                    "Invalid --mesh \"" + value + "\"; valid values are " + Mesh.choices()));
                }
                case "--config" -> config = Optional.of(Path.of(value(option, remaining)));
                case "--namespace" -> namespace = Optional.of(label(option, value(option, remaining), "a namespace"));
                case "--service" ->
                    services.add(ServiceName.of(label(option, value(option, remaining), "a service name")));
                case "--out" -> out = Optional.of(Path.of(value(option, remaining)));
                default -> throw new UsageException("Unknown option \"" + option + "\" for generate");
            }
        }
        if (mesh == null) {
            throw new UsageException("generate needs --mesh; valid values are " + Mesh.choices());
        }
        return new GenerateOptions(mesh, config, namespace, List.copyOf(services), out);
    }

    private static String value(String option, Iterator<String> remaining) throws UsageException {
        if (!remaining.hasNext()) {
            throw new UsageException(option + " needs a value");
        }
        return remaining.next();
    }

    private static String label(String option, String value, String what) throws UsageException {
        try {
            return ServiceName.of(value).value();
        } catch (IllegalArgumentException e) {
            throw new UsageException("Invalid " + option + " \"" + value + "\": " + what
                    + " is an RFC 1123 label (lower-case letters, digits and '-', at most 63 characters)");
        }
    }
}
