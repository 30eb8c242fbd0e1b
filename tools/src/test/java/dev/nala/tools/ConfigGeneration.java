package dev.nala.tools;

import dev.nala.Environment;
import dev.nala.tools.generate.GeneratedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@code generate} on settings written to {@code application.conf} in a test's directory. */
final class ConfigGeneration {
    private ConfigGeneration() {}

    /** @param more further options, e.g. {@code --namespace staging} */
    static List<GeneratedFile> generate(Path directory, String config, String mesh, String... more) throws IOException {
        Path file = Files.writeString(directory.resolve("application.conf"), config);
        List<String> args = new ArrayList<>(List.of("--config", file.toString(), "--mesh", mesh));
        args.addAll(List.of(more));
        try {
            return new GenerateCommand(Environment.of(Map.of())).generate(GenerateOptions.parse(args));
        } catch (UsageException e) {
            throw new AssertionError(e);
        }
    }
}
