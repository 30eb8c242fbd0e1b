package dev.nala;

import java.io.IOException;

/**
 * An attempt was not sent because the service already had as many attempts in flight as its
 * adaptive concurrency limit allows ({@code concurrency-limit}, standalone mode), and either
 * {@code when-exceeded = fail}, or too many attempts were already waiting, or no place freed up
 * within {@code max-wait} or the call's deadline. Nothing was sent on the wire; the call is not
 * retried, since another attempt now would only add to the service's load.
 */
public class ConcurrencyLimitException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String service;
    private final int limit;

    /**
     * @param service the logical service over its limit
     * @param limit the service's limit when the attempt was refused
     * @param message the whole message: the service, the limit and why the attempt did not wait or stopped waiting
     */
    public ConcurrencyLimitException(String service, int limit, String message) {
        super(message);
        this.service = service;
        this.limit = limit;
    }

    /** @return the logical service over its limit */
    public String service() {
        return service;
    }

    /** @return the service's concurrency limit when the attempt was refused */
    public int limit() {
        return limit;
    }
}
