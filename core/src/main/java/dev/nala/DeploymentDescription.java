package dev.nala;

import dev.nala.internal.settings.NalaSettings;
import dev.nala.spi.DeploymentModeProvider;
import dev.nala.spi.ModeContext;

/** Builds a {@link DeploymentReport}: core writes the mode and the settings, the mode adds its probes. */
final class DeploymentDescription {
    private DeploymentDescription() {}

    static DeploymentReport describe(ModeSelection selection, DeploymentModeProvider provider, ModeContext context) {
        CollectedDiagnosis diagnosis = new CollectedDiagnosis();
        NalaSettings settings = context.settings();
        provider.diagnose(context, diagnosis);
        settings.configuredServices()
                .forEach((name, service) -> SettingSources.write(settings, name, service, diagnosis));
        if (settings.configuredServices().isEmpty()) {
            diagnosis.note("services", "none configured under nala.services: every service uses nala.defaults");
        }
        return diagnosis.report(selection.mode(), selection.source());
    }
}
