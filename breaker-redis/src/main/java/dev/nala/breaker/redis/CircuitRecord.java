package dev.nala.breaker.redis;

import dev.nala.internal.ServiceName;
import java.time.Duration;

/**
 * One replica's decision about one service, as stored in a key and sent on the channel:
 * {@code nala-circuit/1|opened|<prefix>|<service>|<open millis>|<origin>}. The prefix and service
 * are repeated in the value so a value copied under another key, or written by another
 * application, is recognised and ignored.
 *
 * @param origin the writing replica's instance id, so a replica ignores its own messages
 */
record CircuitRecord(Kind kind, String prefix, ServiceName service, Duration openFor, String origin) {
    static final String VERSION = "nala-circuit/1";
    static final Duration LONGEST_OPEN = Duration.ofHours(1);
    private static final int LONGEST_VALUE = 256;

    enum Kind {
        OPENED,
        CLOSED
    }

    static CircuitRecord opened(String prefix, ServiceName service, Duration openFor, String origin) {
        return new CircuitRecord(Kind.OPENED, prefix, service, openFor, origin);
    }

    static CircuitRecord closed(String prefix, ServiceName service, String origin) {
        return new CircuitRecord(Kind.CLOSED, prefix, service, Duration.ZERO, origin);
    }

    String encode() {
        return VERSION
                + '|'
                + kind.name().toLowerCase(java.util.Locale.ROOT)
                + '|'
                + prefix
                + '|'
                + service.value()
                + '|'
                + openFor.toMillis()
                + '|'
                + origin;
    }

    /**
     * Reads a value found in Redis, trusting nothing in it.
     *
     * @param expectedPrefix this application's key prefix; a value naming another is refused
     * @throws Invalid saying what is wrong, without repeating the value
     */
    static CircuitRecord parse(String raw, String expectedPrefix) throws Invalid {
        if (raw == null || raw.length() > LONGEST_VALUE) {
            throw new Invalid(
                    "not a Nala circuit record (" + (raw == null ? "no value" : raw.length() + " characters") + ")");
        }
        String[] fields = raw.split("\\|", -1);
        if (fields.length != 6 || !VERSION.equals(fields[0])) {
            throw new Invalid("not a " + VERSION + " record (" + raw.length() + " characters)");
        }
        Kind kind;
        if ("opened".equals(fields[1])) {
            kind = Kind.OPENED;
        } else if ("closed".equals(fields[1])) {
            kind = Kind.CLOSED;
        } else {
            throw new Invalid("unknown kind of record");
        }
        if (!expectedPrefix.equals(fields[2])) {
            throw new Invalid("written by another application (its key prefix is not '" + expectedPrefix + "')");
        }
        ServiceName service;
        try {
            service = ServiceName.of(fields[3]);
        } catch (IllegalArgumentException e) {
            throw new Invalid("the service name is not valid");
        }
        long millis;
        try {
            millis = Long.parseLong(fields[4]);
        } catch (NumberFormatException e) {
            throw new Invalid("the open time is not a number");
        }
        Duration openFor = Duration.ofMillis(millis);
        if (kind == Kind.OPENED ? millis < 1 || openFor.compareTo(LONGEST_OPEN) > 0 : millis != 0) {
            throw new Invalid("the open time is out of range (1 ms to 1 h for an opening, 0 for a closing)");
        }
        if (!fields[5].matches("[A-Za-z0-9-]{1,64}")) {
            throw new Invalid("the origin is not valid");
        }
        return new CircuitRecord(kind, fields[2], service, openFor, fields[5]);
    }

    /** A value that is not a record this application wrote. */
    static final class Invalid extends Exception {
        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }
}
