package dev.nala.mode.standalone.balancing;

import dev.nala.mode.standalone.TriedEndpoints;

/**
 * Power of two choices over least outstanding requests (as Finagle and Linkerd do): draw two
 * endpoints at random, send to the one with fewer requests in flight. Nearly as good as asking
 * every endpoint, at the cost of two.
 */
final class LeastOutstanding implements EndpointPicker {

    @Override
    public EndpointState pick(EndpointState[] states, TriedEndpoints tried) {
        EndpointState first = Candidates.random(states, tried, null);
        if (first == null) {
            return null;
        }
        EndpointState second = Candidates.random(states, tried, first);
        if (second == null) {
            return first;
        }
        return second.outstanding.get() < first.outstanding.get() ? second : first;
    }
}
