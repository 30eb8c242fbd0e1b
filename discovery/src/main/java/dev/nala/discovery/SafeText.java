package dev.nala.discovery;

/** Makes outside text safe for logs and messages: control characters become '?', long values are cut. */
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

    static String quoted(String raw) {
        return raw == null ? "null" : '"' + of(raw, 120) + '"';
    }
}
