package dev.nala.e2e;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 5's expected outcomes, the one place they are written down: for each fault and
 * method, how many attempts go on the wire and what the caller gets, in mesh mode (asserted by
 * {@link FaultMatrixMeshTest}) and in standalone mode (asserted by
 * {@link FaultMatrixStandaloneTest}). {@code docs/reliability.md}
 * shows this table, and {@link FaultMatrixDocTest} fails when the two differ.
 */
final class FaultMatrix {
    private FaultMatrix() {}

    /** What goes wrong at the peer the application connects to. */
    enum Fault {
        REFUSED("connection refused", "TCP connects"),
        RESET_BEFORE_RESPONSE("reset before the response", "requests at the upstream"),
        RESET_MID_BODY("reset mid-body", "requests at the upstream"),
        SLOW_BEYOND_DEADLINE("no answer within `call-timeout` (2s)", "requests at the upstream"),
        STATUS_500("`500`", "requests at the upstream"),
        STATUS_503("`503`", "requests at the upstream"),
        STATUS_503_RETRY_AFTER_ZERO("`503` with `Retry-After: 0`", "requests at the upstream"),
        STATUS_429_RETRY_AFTER("`429` with `Retry-After: 1`", "requests at the upstream"),
        STATUS_503_RETRY_AFTER_HUGE(
                "`503` with `Retry-After: 73786976294838206464` (2^66 s)", "requests at the upstream"),
        STALE_POOLED_CONNECTION(
                "the pooled connection was closed by the peer after the previous call",
                "requests at the upstream for this call"),
        DNS_FAILURE("the name does not resolve", "lookups of the name");

        final String description;
        final String counted;

        Fault(String description, String counted) {
            this.description = description;
            this.counted = counted;
        }
    }

    /** What the caller gets from {@code execute()} and, if it got a response, from reading its body. */
    record Outcome(Integer status, boolean bodyFails, Class<? extends IOException> failure, String note) {

        /** A response with this status whose body reads fine. */
        static Outcome response(int status) {
            return new Outcome(status, false, null, "");
        }

        /** A response with this status whose body read fails with an {@code IOException}. */
        static Outcome responseThenBodyFails(int status) {
            return new Outcome(status, true, null, "");
        }

        /** {@code execute()} throws this (or a subclass). */
        static Outcome fails(Class<? extends IOException> failure, String note) {
            return new Outcome(null, false, failure, note);
        }

        boolean matches(Outcome observed) {
            if (failure != null) {
                return observed.failure != null && failure.isAssignableFrom(observed.failure);
            }
            return status.equals(observed.status) && bodyFails == observed.bodyFails;
        }

        String markdown() {
            if (failure != null) {
                return "`" + failure.getSimpleName() + "`" + (note.isEmpty() ? "" : " (" + note + ")");
            }
            return "`" + status + "` response" + (bodyFails ? ", then `IOException` reading the body" : "");
        }
    }

    /** Attempts on the wire (what {@link Fault#counted} counts) and what the caller gets. */
    record Expected(int attempts, Outcome outcome) {}

    record Row(Fault fault, String method, Expected mesh, Expected standalone) {
        @Override
        public String toString() {
            return fault + " " + method;
        }
    }

    static final List<Row> ROWS = rows();

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // Mesh: exactly one attempt whatever happens; the sidecar owns retries.
        // Standalone (docs/standalone.md, "What is retried"): idempotent methods retry connection
        // failures, resets before any response byte and 429/500/502/503/504, up to 3 attempts;
        // POST is sent once.
        Outcome refused = Outcome.fails(ConnectException.class, "");
        Outcome reset = Outcome.fails(IOException.class, "unexpected end of stream");
        Outcome timeout = Outcome.fails(InterruptedIOException.class, "timeout");
        Outcome unknownHost = Outcome.fails(UnknownHostException.class, "");
        for (String method : List.of("GET", "POST")) {
            boolean idempotent = method.equals("GET");
            int retried = idempotent ? 3 : 1;
            rows.add(new Row(Fault.REFUSED, method, new Expected(1, refused), new Expected(retried, refused)));
            rows.add(
                    new Row(Fault.RESET_BEFORE_RESPONSE, method, new Expected(1, reset), new Expected(retried, reset)));
            rows.add(new Row(
                    Fault.RESET_MID_BODY,
                    method,
                    new Expected(1, Outcome.responseThenBodyFails(200)),
                    new Expected(1, Outcome.responseThenBodyFails(200))));
            // Without a per-try-timeout the first attempt uses up the whole call deadline.
            rows.add(new Row(Fault.SLOW_BEYOND_DEADLINE, method, new Expected(1, timeout), new Expected(1, timeout)));
            for (Fault status : List.of(
                    Fault.STATUS_500,
                    Fault.STATUS_503,
                    Fault.STATUS_503_RETRY_AFTER_ZERO,
                    Fault.STATUS_429_RETRY_AFTER)) {
                Outcome answer = Outcome.response(statusCode(status));
                rows.add(new Row(status, method, new Expected(1, answer), new Expected(retried, answer)));
            }
            // OkHttp itself cannot parse it; standalone finds the wait not worth it (past the deadline).
            Outcome unavailable = Outcome.response(503);
            rows.add(new Row(
                    Fault.STATUS_503_RETRY_AFTER_HUGE,
                    method,
                    new Expected(1, unavailable),
                    new Expected(1, unavailable)));
            // The request never reached the peer, so it is sent again on a new connection: not an
            // attempt (docs/configuration.md, "A request that meets a connection the server closed").
            Outcome ok = Outcome.response(200);
            rows.add(new Row(Fault.STALE_POOLED_CONNECTION, method, new Expected(1, ok), new Expected(1, ok)));
            // An unknown host is not retried (docs/standalone.md, "What is not retried").
            rows.add(new Row(Fault.DNS_FAILURE, method, new Expected(1, unknownHost), new Expected(1, unknownHost)));
        }
        return List.copyOf(rows);
    }

    static int statusCode(Fault fault) {
        return switch (fault) {
            case STATUS_500 -> 500;
            case STATUS_503, STATUS_503_RETRY_AFTER_ZERO, STATUS_503_RETRY_AFTER_HUGE -> 503;
            case STATUS_429_RETRY_AFTER -> 429;
            default -> throw new IllegalArgumentException(fault + " is not an HTTP status");
        };
    }

    /** The table as {@code docs/reliability.md} shows it. */
    static String markdown() {
        StringBuilder table = new StringBuilder()
                .append("| fault at the peer | method | attempts counted as | mesh: attempts | mesh: the caller gets"
                        + " | standalone: attempts | standalone: the caller gets |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Row row : ROWS) {
            table.append("| ")
                    .append(row.fault.description)
                    .append(" | ")
                    .append(row.method)
                    .append(" | ")
                    .append(row.fault.counted)
                    .append(" | ")
                    .append(row.mesh.attempts)
                    .append(" | ")
                    .append(row.mesh.outcome.markdown())
                    .append(" | ")
                    .append(row.standalone.attempts)
                    .append(" | ")
                    .append(row.standalone.outcome.markdown())
                    .append(" |\n");
        }
        return table.toString();
    }
}
