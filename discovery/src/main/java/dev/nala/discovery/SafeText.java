package dev.nala.discovery;

/**
 * Makes text that came from outside (Consul answers, error bodies) safe to put in a log line or
 * an exception message: control characters become '?', so a value cannot forge extra log
 * lines, and long values are cut.
 */
final class SafeText {
    private SafeText() {}

    static String of(String raw, int maxLength) {
        if (raw == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(raw.length(), maxLength) + 3);
        for (int i = 0; i < raw.length(); i++) {
            if (out.length() == maxLength) {
                return out.append("...").toString();
            }
            char c = raw.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }

    /** The value in double quotes, made safe. */
    static String quoted(String raw) {
        return raw == null ? "null" : '"' + of(raw, 120) + '"';
    }
}
