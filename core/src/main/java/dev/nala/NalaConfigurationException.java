package dev.nala;

import java.util.List;

/**
 * Nala's configuration is unusable: a bad value, an unknown key, a missing file, a missing
 * module, a clashing OkHttp on the classpath.
 *
 * <p>Raised while an {@link HttpClientFactory} is built, never during a call. The message names
 * each offending key and value, the file and line it came from where there is one, and what is
 * allowed; when several settings are wrong, it lists every one of them, one per line. It never
 * contains a secret.
 */
public class NalaConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The problems, one line each; a list that is not serializable would break the exception's. */
    private final String[] problems;

    /** @param message what is wrong, where it came from, and what is allowed */
    public NalaConfigurationException(String message) {
        super(message);
        this.problems = new String[] {message};
    }

    /**
     * @param message what is wrong, where it came from, and what is allowed
     * @param cause the underlying failure
     */
    public NalaConfigurationException(String message, Throwable cause) {
        super(message, cause);
        this.problems = new String[] {message};
    }

    /**
     * Several problems found in one pass over the settings.
     *
     * @param problems one line each; at least one
     */
    public NalaConfigurationException(List<String> problems) {
        super(summary(problems));
        this.problems = problems.toArray(new String[0]);
    }

    /** Every problem this error reports, one line each, in the order found. */
    public List<String> problems() {
        return List.of(problems);
    }

    private static String summary(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problem to report");
        }
        if (problems.size() == 1) {
            return problems.get(0);
        }
        return problems.size() + " problems in Nala's settings:\n  " + String.join("\n  ", problems);
    }
}
