package dev.nala.tools;

import com.typesafe.config.Config;
import dev.nala.DeploymentReport;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.NalaConfigurationException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code doctor [--config FILE]}: prints {@link HttpClientFactory.Builder#describe()} for the
 * application's configuration, without building a factory (so no Consul watch starts). Exit code
 * 0 without errors (warnings allowed), 1 with errors or invalid settings, 2 for a bad command line.
 */
final class DoctorCommand implements NalaTool.Command {
    static final int OK = 0;
    static final int PROBLEMS = 1;
    private static final String USAGE = "Usage: doctor [--config FILE]";

    private final Environment environment;

    DoctorCommand() {
        this(Environment.system());
    }

    DoctorCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Optional<Path> file;
        if (args.isEmpty()) {
            file = Optional.empty();
        } else if (args.size() == 2 && args.get(0).equals("--config")) {
            file = Optional.of(Path.of(args.get(1)));
        } else {
            err.println(USAGE);
            return NalaTool.USAGE;
        }
        DeploymentReport report;
        try {
            Config config = ApplicationConfig.load(file);
            report = HttpClientFactory.builder()
                    .config(config)
                    .environment(environment)
                    .describe();
        } catch (NalaConfigurationException e) {
            err.println(e.getMessage());
            return PROBLEMS;
        }
        out.print(report.text());
        return report.hasErrors() ? PROBLEMS : OK;
    }
}
