package dev.nala.internal.settings;

import com.typesafe.config.ConfigOrigin;

/** Where a setting's value was set, short and on one line, for messages. */
public final class Origins {
    private Origins() {}

    /** {@code application.conf:12}, else the origin's description (in code: the builder call). */
    public static String of(ConfigOrigin origin) {
        String file = origin.resource() != null ? origin.resource() : origin.filename();
        if (file == null) {
            return origin.description();
        }
        return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() : file;
    }
}
