package dev.nala;

import java.util.function.BooleanSupplier;
import okhttp3.Request;

/** Fails calls made after the factory closed, instead of letting them run half torn down. */
final class ClosedFactoryGuard {
    private final BooleanSupplier closed;

    ClosedFactoryGuard(BooleanSupplier closed) {
        this.closed = closed;
    }

    /** @throws FactoryClosedException if the factory is closed */
    void check(Request request) throws FactoryClosedException {
        if (closed.getAsBoolean()) {
            throw new FactoryClosedException(request.url()
                    .newBuilder()
                    .username("")
                    .password("")
                    .query(null)
                    .fragment(null)
                    .build()
                    .toString());
        }
    }
}
