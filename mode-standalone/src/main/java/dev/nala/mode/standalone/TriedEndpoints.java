package dev.nala.mode.standalone;

import dev.nala.spi.Endpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints one logical call has tried so far, in order. The retry loop creates one per call
 * and tags every attempt's request with it; endpoint selection reads it to send a retry to a
 * different endpoint and appends the endpoint it chose. Attempts of one call run one after
 * another, so this is not thread-safe.
 */
public final class TriedEndpoints {
    private final List<Endpoint> endpoints = new ArrayList<>(4);

    /** Records the endpoint chosen for the attempt now starting. */
    public void add(Endpoint endpoint) {
        endpoints.add(endpoint);
    }

    /** @return whether an earlier attempt of this call already went to {@code endpoint} */
    public boolean contains(Endpoint endpoint) {
        return endpoints.contains(endpoint);
    }

    /** @return how many attempts chose an endpoint */
    public int size() {
        return endpoints.size();
    }

    /** @return the endpoint of the latest attempt, or {@code null} before the first */
    public Endpoint last() {
        return endpoints.isEmpty() ? null : endpoints.get(endpoints.size() - 1);
    }

    /** @return the endpoints tried, first attempt first */
    public List<Endpoint> all() {
        return List.copyOf(endpoints);
    }
}
