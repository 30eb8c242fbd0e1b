package dev.nala;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Fails calls made after the factory closed, instead of letting them run half torn down. */
final class ClosedFactoryGuard implements Interceptor {
    private final BooleanSupplier closed;

    ClosedFactoryGuard(BooleanSupplier closed) {
        this.closed = closed;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        if (closed.getAsBoolean()) {
            throw new FactoryClosedException(chain.request().url().newBuilder()
                    .username("").password("").query(null).fragment(null).build().toString());
        }
        return chain.proceed(chain.request());
    }
}
