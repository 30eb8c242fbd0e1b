package dev.nala.spi;

import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * What one mode contributes to a factory's {@link OkHttpClient}: its interceptors and builder
 * settings, and the background work (discovery watches) it stops on {@link #close()}.
 */
public interface ModeChain extends AutoCloseable {

    /**
     * The mode's outermost interceptor, which the factory runs inside its own, on the same chain,
     * instead of adding it to the client: OkHttp copies its whole chain object (two dozen fields)
     * for every interceptor it runs, on every call, so Nala's steps share one interceptor and call
     * each other instead. {@code null} (the default) if the mode has none.
     */
    default Interceptor outermost() {
        return null;
    }

    /** Adds this mode's other interceptors and settings to the factory's client builder. */
    void configure(OkHttpClient.Builder builder);

    /** Stops background work and releases resources; called once, when the factory closes. */
    @Override
    void close();
}
