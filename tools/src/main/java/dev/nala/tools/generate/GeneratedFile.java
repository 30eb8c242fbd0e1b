package dev.nala.tools.generate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * One YAML file of the generator's output: a header comment (which setting went where, which had
 * no equivalent) over one or more resources.
 */
public record GeneratedFile(String fileName, SettingNotes notes, List<HasMetadata> resources) {}
