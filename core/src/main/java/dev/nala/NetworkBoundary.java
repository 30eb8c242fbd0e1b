package dev.nala;

import dev.nala.internal.NetworkExchange;
import dev.nala.internal.RetryAfterShield;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The factory client's one network interceptor: {@link NetworkExchange}, then {@link
 * NonPersistentResponse} and {@link RetryAfterShield} on the response head. One interceptor rather
 * than one per step: see {@link dev.nala.spi.ModeChain#outermost}.
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
