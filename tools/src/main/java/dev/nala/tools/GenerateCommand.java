package dev.nala.tools;

import dev.nala.Environment;
import dev.nala.NalaConfigurationException;
import dev.nala.discovery.KubernetesServiceNames;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.KubernetesSettings;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.tools.generate.GeneratedFile;
import dev.nala.tools.generate.MeshResources;
import dev.nala.tools.generate.ResourceYaml;
import dev.nala.tools.generate.ServiceTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code generate}: the mesh's resources (Istio VirtualService and DestinationRule, or Linkerd
 * HTTPRoutes) for each service, from the settings the application loads; docs/mesh.md.
 */
final class GenerateCommand implements NalaTool.Command {
    private final Environment environment;

    GenerateCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        GenerateOptions options;
        try {
            options = GenerateOptions.parse(args);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(GenerateOptions.USAGE);
            return NalaTool.USAGE;
        }
        try {
            List<GeneratedFile> files = generate(options);
            if (options.out().isPresent()) {
                write(options.out().get(), files, out);
            } else {
                List<String> texts = files.stream().map(ResourceYaml::write).toList();
                out.print(String.join("---\n", texts));
            }
            return 0;
        } catch (NalaConfigurationException | IOException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    List<GeneratedFile> generate(GenerateOptions options) {
        NalaSettings settings = NalaSettings.load(ApplicationConfig.load(options.config()), environment);
        List<ServiceName> services = options.services().isEmpty()
                ? settings.configuredServices().keySet().stream()
                        .sorted((a, b) -> a.value().compareTo(b.value()))
                        .toList()
                : options.services();
        if (services.isEmpty()) {
            throw new NalaConfigurationException("No service to generate resources for: the configuration has no"
                    + " block under nala.services. Name the services the application calls with --service NAME"
                    + " (each gets nala.defaults), or give each its block");
        }
        KubernetesServiceNames names = KubernetesServiceNames.create(kubernetes(settings, options), environment);
        List<GeneratedFile> files = new ArrayList<>();
        for (ServiceName service : services) {
            ServiceTarget target =
                    new ServiceTarget(service, names.namespace(), names.hostFor(service), settings.service(service));
            files.addAll(MeshResources.of(options.mesh(), target));
        }
        return files;
    }

    /** Resource hosts never end in a dot, whatever nala.kubernetes.trailing-dot says for DNS. */
    private static KubernetesSettings kubernetes(NalaSettings settings, GenerateOptions options) {
        KubernetesSettings configured = settings.kubernetes();
        Optional<String> namespace = options.namespace().or(configured::namespace);
        return new KubernetesSettings(namespace, configured.namespaceFile(), configured.clusterDomain(), false);
    }

    private static void write(Path directory, List<GeneratedFile> files, PrintStream out) throws IOException {
        Files.createDirectories(directory);
        for (GeneratedFile file : files) {
            Path path = directory.resolve(file.fileName());
            Files.writeString(path, ResourceYaml.write(file), StandardCharsets.UTF_8);
            out.println("wrote " + path);
        }
    }
}
