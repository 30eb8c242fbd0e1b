package dev.nala;

import java.io.IOException;

/** A call was made through the client of an {@link HttpClientFactory} that has been closed. */
public final class FactoryClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param url the URL that was called, without its userinfo and query */
    public FactoryClosedException(String url) {
        super("Call to " + url + " refused: its HttpClientFactory is closed");
    }
}
