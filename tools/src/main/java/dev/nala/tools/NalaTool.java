package dev.nala.tools;

import dev.nala.Environment;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Entry point of {@code java -jar nala-tools-<version>-cli.jar <command>}: dispatches to one command. */
public final class NalaTool {
    /** Exit code for a command line the tool cannot understand. */
    public static final int USAGE = 2;

    private NalaTool() {}

    public static void main(String[] args) {
        // The report says what Nala would log at INFO; with the executable jar's simple logger,
        // only warnings go to the console unless the user asks for more.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs one command; returns the process exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, Command> commands = new TreeMap<>();
        commands.put("doctor", new DoctorCommand());
        commands.put("generate", new GenerateCommand(Environment.system()));
        if (args.isEmpty() || !commands.containsKey(args.get(0))) {
            err.println((args.isEmpty() ? "No command given" : "Unknown command '" + args.get(0) + "'")
                    + "; commands are " + commands.keySet());
            return USAGE;
        }
        return commands.get(args.get(0)).run(args.subList(1, args.size()), out, err);
    }

    /** One sub-command. */
    interface Command {
        int run(List<String> args, PrintStream out, PrintStream err);
    }
}
