package dev.nala.discovery;

import java.io.IOException;

/** Consul answered, but not with a list of instances (an HTTP error status). */
final class ConsulErrorAnswer extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ConsulErrorAnswer(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
