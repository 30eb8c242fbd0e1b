package dev.nala.spi;

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
 */
public final class TargetHost {
    private final String host;
    private final HttpUrl origin;

    private TargetHost(String host, HttpUrl origin) {
        this.host = host;
        this.origin = origin;
    }

    /**
     * @param host a host name or IP literal, as {@link HttpUrl.Builder#host(String)} accepts it
     * @throws IllegalArgumentException if OkHttp does not accept the host
     */
    public static TargetHost of(String host) {
        return new TargetHost(host, new HttpUrl.Builder().scheme("http").host(host).build());
    }

    /** The host as given. */
    public String host() {
        return host;
    }

    /** {@code url} with this host and {@code port}; everything else as in {@code url}. */
    public HttpUrl applyTo(HttpUrl url, int port) {
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
}
