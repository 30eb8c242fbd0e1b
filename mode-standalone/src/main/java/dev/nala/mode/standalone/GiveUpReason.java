package dev.nala.mode.standalone;

/** Why the retry loop stopped on a failed attempt; the values of {@code nala.give_up_reason}. */
enum GiveUpReason {
    /** {@code retry.max-attempts} attempts were made. */
    ATTEMPTS_EXHAUSTED("attempts_exhausted", "attempts exhausted"),
    /** The service's retry budget refused another attempt. */
    BUDGET_EXHAUSTED("budget_exhausted", "retry budget spent"),
    /** The next attempt could not start before the call's deadline. */
    DEADLINE("deadline", "the next attempt would start after the call deadline"),
    /** The service's circuit breaker is open: nothing more is sent to it. */
    CIRCUIT_OPEN("circuit_open", "circuit breaker open"),
    /** The service was at its adaptive concurrency limit: the attempt was not sent. */
    CONCURRENCY_LIMIT("concurrency_limit", "concurrency limit reached"),
    /** The failure or the request is not one to repeat (a POST, a one-shot body, a TLS error...). */
    NOT_RETRYABLE("not_retryable", "not retryable");

    private final String attributeValue;
    private final String description;

    GiveUpReason(String attributeValue, String description) {
        this.attributeValue = attributeValue;
        this.description = description;
    }

    String attributeValue() {
        return attributeValue;
    }

    String description() {
        return description;
    }
}
