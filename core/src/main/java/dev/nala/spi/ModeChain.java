package dev.nala.spi;

import okhttp3.OkHttpClient;

/**
 * What one mode contributes to a factory's {@link OkHttpClient}: its interceptors and builder
 * settings, and the background work (discovery watches) it stops on {@link #close()}.
 */
public interface ModeChain extends AutoCloseable {

    /** Adds this mode's interceptors and settings to the factory's client builder. */
    void configure(OkHttpClient.Builder builder);

    /** Stops background work and releases resources; called once, when the factory closes. */
    @Override
    void close();
}
