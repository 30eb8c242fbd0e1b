package dev.nala.mode.standalone.balancing;

/** How one attempt to an endpoint ended, for outlier detection. */
enum AttemptOutcome {
    SUCCESS,
    /** A connection error, timeout or 5xx (see {@code FailurePolicy}). */
    FAILURE,
    /** Says nothing about the endpoint: the caller cancelled, or a breaker refused to send. */
    NONE
}
