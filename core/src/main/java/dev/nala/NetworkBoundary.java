package dev.nala;

import dev.nala.internal.NetworkExchange;
import dev.nala.internal.RetryAfterShield;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The factory client's one network interceptor, in both modes: where each exchange meets the
 * connection OkHttp chose for it. It sends the exchange, checking a pooled connection first and
 * noting what a failure needs to know ({@link NetworkExchange}); once the response head is in, it keeps a connection the server
 * will close out of the pool ({@link NonPersistentResponse}) and hides a {@code Retry-After} that
 * OkHttp's follow-up logic would act on ({@link RetryAfterShield}).
 *
 * <p>One interceptor rather than one per step: see {@link dev.nala.spi.ModeChain#outermost}.
 */
final class NetworkBoundary implements Interceptor {
    static final NetworkBoundary INSTANCE = new NetworkBoundary();

    private NetworkBoundary() {}

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = NetworkExchange.send(chain);
        NonPersistentResponse.keepOutOfPool(chain, response);
        return RetryAfterShield.hide(chain, response);
    }
}
