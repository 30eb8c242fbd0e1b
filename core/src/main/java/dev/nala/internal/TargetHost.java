package dev.nala.internal;

import okhttp3.HttpUrl;

/**
 * Points request URLs at one host, the way {@code url.newBuilder().host(host).port(port)} does,
 * but with the host made canonical once, here, instead of on every call.
 *
 * <p>{@link HttpUrl.Builder#host(String)} runs the host through IDNA mapping and validation each
 * time, which costs microseconds: more than the rest of a mode's chain. A mode that rewrites every
 * call to one of a few hosts (a Kubernetes DNS name, a discovered endpoint) keeps one
 * {@code TargetHost} per host and copies the caller's scheme, user info, path, query and fragment
 * onto it, all of them already encoded.
 *
 * <p>Building even that URL costs about as much as the rest of a mode's chain, and services are
 * mostly called at a handful of URLs, so a {@code TargetHost} can remember the URLs it built
 * lately ({@link #of(String, int)}): a small table indexed by the caller's URL text, where a URL
 * replaces the one in its slot. URLs with a user name or password are never remembered.
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
     * A target that remembers nothing.
     *
     * @param host a host name or IP literal, as {@link HttpUrl.Builder#host(String)} accepts it
     * @throws IllegalArgumentException if OkHttp does not accept the host
     */
    public static TargetHost of(String host) {
        return of(host, 0);
    }

    /**
     * A target that remembers up to {@code rememberedUrls} (rounded down to a power of two) of the
     * URLs it built.
     *
     * @param host a host name or IP literal, as {@link HttpUrl.Builder#host(String)} accepts it
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

    /** The host as given. */
    public String host() {
        return host;
    }

    /** {@code url} with this host and {@code port}; everything else as in {@code url}. */
    public HttpUrl applyTo(HttpUrl url, int port) {
        if (remembered == null) {
            return build(url, port);
        }
        String text = url.toString();
        int slot = text.hashCode() & (remembered.length - 1);
        // Entries are immutable (final fields), so a slot read while another thread writes it
        // is either the old entry or the new one, each whole.
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

    /** One URL this target built: from the caller's URL text and a port, to the rewritten URL. */
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
