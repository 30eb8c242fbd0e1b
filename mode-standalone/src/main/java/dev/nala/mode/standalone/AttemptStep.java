package dev.nala.mode.standalone;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One of the steps each attempt of the retry loop takes (endpoint selection, then the service's
 * circuit breaker, then the attempt's span and per-try timeout), all on the chain of the factory's
 * own interceptor. Each step is its own class; they call each other instead of each being an
 * OkHttp interceptor because OkHttp copies its whole chain object for every interceptor on every
 * call.
 */
@FunctionalInterface
public interface AttemptStep {
    /** The last step: on to the chain's next interceptor. */
    AttemptStep PROCEED = Interceptor.Chain::proceed;

    /** Sends {@code request}, the attempt's, on through {@code chain}, doing this step's part around it. */
    Response proceed(Interceptor.Chain chain, Request request) throws IOException;
}
