package dev.nala.internal;

import okhttp3.HttpUrl;

/**
 * Points request URLs at one host like {@code newBuilder().host(host)}, with the host made
 * canonical once: IDNA mapping per call costs more than the rest of a mode's chain. It can also
 * remember the URLs it built lately ({@link #of(String, int)}), never those with user info.
 */
public final class TargetHost {
    private final String host;
    private final HttpUrl origin;
    private final Rewrite[] remembered;

    private TargetHost(String host, HttpUrl origin, int rememberedUrls) {
        this.host = host;
        this.origin = origin;
        this.remembered = rememberedUrls == 0 ? null : new Rewrite[Integer.highestOneBit(rememberedUrls)];
    }

    /**
     * @param host a host name or IP literal, as {@link HttpUrl.Builder#host(String)} accepts it
     * @throws IllegalArgumentException if OkHttp does not accept the host
     */
    public static TargetHost of(String host) {
        return of(host, 0);
    }

    /**
     * @param host a host name or IP literal, as {@link HttpUrl.Builder#host(String)} accepts it
     * @param rememberedUrls rounded down to a power of two
     * @throws IllegalArgumentException if OkHttp does not accept the host, or
     *     {@code rememberedUrls} is negative
     */
    public static TargetHost of(String host, int rememberedUrls) {
        if (rememberedUrls < 0) {
            throw new IllegalArgumentException("rememberedUrls must be 0 or more, not " + rememberedUrls);
        }
        return new TargetHost(
                host, new HttpUrl.Builder().scheme("http").host(host).build(), rememberedUrls);
    }

    public String host() {
        return host;
    }

    public HttpUrl applyTo(HttpUrl url, int port) {
        if (remembered == null) {
            return build(url, port);
        }
        String text = url.toString();
        int slot = text.hashCode() & (remembered.length - 1);
        // Entries are immutable, so a racing read sees the old entry or the new one, each whole.
        Rewrite known = remembered[slot];
        if (known != null && known.port == port && known.from.equals(text)) {
            return known.to;
        }
        HttpUrl built = build(url, port);
        if (url.encodedUsername().isEmpty() && url.encodedPassword().isEmpty()) {
            remembered[slot] = new Rewrite(text, port, built);
        }
        return built;
    }

    private HttpUrl build(HttpUrl url, int port) {
        HttpUrl.Builder builder = origin.newBuilder()
                .scheme(url.scheme())
                .port(port)
                .encodedPath(url.encodedPath())
                .encodedQuery(url.encodedQuery())
                .encodedFragment(url.encodedFragment());
        if (!url.encodedUsername().isEmpty()) {
            builder.encodedUsername(url.encodedUsername());
        }
        if (!url.encodedPassword().isEmpty()) {
            builder.encodedPassword(url.encodedPassword());
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return origin.host();
    }

    private static final class Rewrite {
        final String from;
        final int port;
        final HttpUrl to;

        Rewrite(String from, int port, HttpUrl to) {
            this.from = from;
            this.port = port;
            this.to = to;
        }
    }
}
