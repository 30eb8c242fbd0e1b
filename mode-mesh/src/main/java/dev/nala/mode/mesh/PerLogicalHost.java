package dev.nala.mode.mesh;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;

/**
 * What a mesh interceptor works out once per logical host. Bounded, as hosts may come from input:
 * past {@link #MAX_HOSTS} the rest are worked out on each call.
 */
final class PerLogicalHost<V> {
    static final int MAX_HOSTS = 1_024;

    /** May throw, and then nothing is kept. */
    interface Loader<V> {
        V load(HttpUrl url) throws IOException;
    }

    private final ConcurrentHashMap<String, V> byHost = new ConcurrentHashMap<>();
    private final Loader<V> loader;

    PerLogicalHost(Loader<V> loader) {
        this.loader = loader;
    }

    /** {@code url}'s host must be a logical (single-label) host. */
    V get(HttpUrl url) throws IOException {
        String host = url.host();
        V known = byHost.get(host);
        if (known != null) {
            return known;
        }
        V loaded = loader.load(url);
        if (byHost.size() >= MAX_HOSTS) {
            return loaded;
        }
        V raced = byHost.putIfAbsent(host, loaded);
        return raced != null ? raced : loaded;
    }

    int size() {
        return byHost.size();
    }
}
