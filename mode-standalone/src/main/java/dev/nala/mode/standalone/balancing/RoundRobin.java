package dev.nala.mode.standalone.balancing;

import dev.nala.mode.standalone.TriedEndpoints;
import java.util.concurrent.atomic.AtomicInteger;

/** Each endpoint in turn; an ejected or already-tried endpoint is skipped. */
final class RoundRobin implements EndpointPicker {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public EndpointState pick(EndpointState[] states, TriedEndpoints tried) {
        int n = states.length;
        for (int step = 0; step < Candidates.DRAWS; step++) {
            EndpointState state = states[Math.floorMod(next.getAndIncrement(), n)];
            if (Candidates.eligible(state, tried)) {
                return state;
            }
        }
        return Candidates.random(states, tried, null);
    }
}
