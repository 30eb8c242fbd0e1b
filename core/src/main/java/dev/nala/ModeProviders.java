package dev.nala;

import dev.nala.spi.DeploymentModeProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the module that implements the chosen mode on the classpath. */
final class ModeProviders {
    private ModeProviders() {}

    static DeploymentModeProvider find(ModeSelection selection, ClassLoader classLoader) {
        List<DeploymentModeProvider> matching = new ArrayList<>();
        for (DeploymentModeProvider provider : ServiceLoader.load(DeploymentModeProvider.class, classLoader)) {
            if (provider.mode() == selection.mode()) {
                matching.add(provider);
            }
        }
        if (matching.isEmpty()) {
            String coordinates = selection.mode().mavenCoordinates();
            throw new NalaConfigurationException("Deployment mode " + selection.mode() + " (from "
                    + selection.source() + ") needs the Maven artifact " + coordinates
                    + " on the classpath; add the dependency " + coordinates + ":<nala version>");
        }
        if (matching.size() > 1) {
            List<String> names = new ArrayList<>();
            matching.forEach(provider -> names.add(provider.getClass().getName()));
            throw new NalaConfigurationException("Deployment mode " + selection.mode()
                    + " is implemented by more than one module on the classpath: " + names
                    + "; keep exactly one " + selection.mode().mavenCoordinates());
        }
        return matching.get(0);
    }
}
