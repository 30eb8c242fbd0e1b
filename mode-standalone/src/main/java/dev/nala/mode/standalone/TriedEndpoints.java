package dev.nala.mode.standalone;

import dev.nala.internal.Endpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints one logical call has tried so far, so a retry can go elsewhere. Attempts of one
 * call run one after another, so this is not thread-safe.
 */
public final class TriedEndpoints {
    /** Most calls try one endpoint: the list exists only from the second on. */
    private Endpoint first;

    private List<Endpoint> endpoints;

    public void add(Endpoint endpoint) {
        if (first == null) {
            first = endpoint;
            return;
        }
        if (endpoints == null) {
            endpoints = new ArrayList<>(4);
            endpoints.add(first);
        }
        endpoints.add(endpoint);
    }

    /** @return whether an earlier attempt of this call already went to {@code endpoint} */
    public boolean contains(Endpoint endpoint) {
        return endpoints != null ? endpoints.contains(endpoint) : first != null && first.equals(endpoint);
    }

    public int size() {
        return endpoints != null ? endpoints.size() : first != null ? 1 : 0;
    }

    /** @return the endpoint of the latest attempt, or {@code null} before the first */
    public Endpoint last() {
        return endpoints != null ? endpoints.get(endpoints.size() - 1) : first;
    }

    public List<Endpoint> all() {
        return endpoints != null ? List.copyOf(endpoints) : first != null ? List.of(first) : List.of();
    }
}
