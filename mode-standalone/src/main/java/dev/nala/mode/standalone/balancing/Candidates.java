package dev.nala.mode.standalone.balancing;

import dev.nala.mode.standalone.TriedEndpoints;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finding an endpoint that may take a request: in rotation, and not already tried by this call.
 *
 * <p>Random draws keep this O(1) in the number of endpoints: at most {@code max-ejection-percent}
 * of them are out of rotation and a call has tried only a few, so a draw almost always hits.
 * Only when the draws miss does it scan, from a random start.
 */
final class Candidates {
    static final int DRAWS = 8;

    private Candidates() {}

    static boolean eligible(EndpointState state, TriedEndpoints tried) {
        return state.health == EndpointState.Health.ACTIVE
                && (tried == null || tried.size() == 0 || !tried.contains(state.endpoint));
    }

    /** A random eligible endpoint other than {@code other}, or null if there is none. */
    static EndpointState random(EndpointState[] states, TriedEndpoints tried, EndpointState other) {
        int n = states.length;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int draw = 0; draw < DRAWS; draw++) {
            EndpointState state = states[random.nextInt(n)];
            if (state != other && eligible(state, tried)) {
                return state;
            }
        }
        int start = random.nextInt(n);
        for (int i = 0; i < n; i++) {
            EndpointState state = states[(start + i) % n];
            if (state != other && eligible(state, tried)) {
                return state;
            }
        }
        return null;
    }

    /** A random endpoint in rotation, tried or not, or null if every one is ejected. */
    static EndpointState randomActive(EndpointState[] states) {
        return random(states, null, null);
    }
}
