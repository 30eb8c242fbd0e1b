package dev.nala.mode.standalone;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One step each attempt of the retry loop takes, composed in order by {@link StandaloneChain}:
 * steps call each other inside the factory's one interceptor (see
 * {@link dev.nala.spi.ModeChain#outermost} for why not one interceptor each).
 */
@FunctionalInterface
public interface AttemptStep {
    /** The last step: on to the chain's next interceptor. */
    AttemptStep PROCEED = Interceptor.Chain::proceed;

    /** Sends {@code request}, the attempt's, on through {@code chain}, doing this step's part around it. */
    Response proceed(Interceptor.Chain chain, Request request) throws IOException;
}
