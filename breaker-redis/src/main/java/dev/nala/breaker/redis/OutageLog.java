package dev.nala.breaker.redis;

import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says once that Redis went away and once that it came back, however many operations fail in
 * between. Each connection (publishing, listening) reports on its own; Redis is back when both
 * work again.
 */
final class OutageLog {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCircuitState.class);
    private static final int LONGEST_REASON = 300;

    enum Connection {
        PUBLISHING,
        LISTENING
    }

    private final RedisAddress address;
    private final Set<Connection> failing = EnumSet.noneOf(Connection.class);
    private boolean down;

    OutageLog(RedisAddress address) {
        this.address = address;
    }

    synchronized void failed(Connection connection, Exception cause) {
        failing.add(connection);
        if (!down) {
            down = true;
            LOG.warn(
                    "Shared circuit state: Redis at {} is unavailable ({}); circuit breakers keep working on their"
                            + " own and sharing resumes when Redis is back",
                    address,
                    reason(cause));
        }
    }

    synchronized void worked(Connection connection) {
        failing.remove(connection);
        if (down && failing.isEmpty()) {
            down = false;
            LOG.info("Shared circuit state: Redis at {} is reachable again; sharing circuit breaker state", address);
        }
    }

    /** The exception and its causes, class and message, with the password removed. */
    private String reason(Throwable cause) {
        StringBuilder text = new StringBuilder();
        Throwable current = cause;
        for (int depth = 0; current != null && depth < 3; depth++, current = current.getCause()) {
            if (depth > 0) {
                text.append("; caused by ");
            }
            text.append(current.getClass().getSimpleName());
            if (current.getMessage() != null) {
                text.append(": ").append(current.getMessage());
            }
        }
        String redacted = address.redact(text.toString()).replaceAll("\\p{Cntrl}", " ");
        return redacted.length() <= LONGEST_REASON ? redacted : redacted.substring(0, LONGEST_REASON) + "...";
    }
}
