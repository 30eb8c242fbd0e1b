package dev.nala.mode.standalone.balancing;

import dev.nala.ServiceDiscoveryException;
import dev.nala.discovery.ServiceDiscovery;
import dev.nala.internal.CallSubset;
import dev.nala.internal.Endpoint;
import dev.nala.internal.InstanceLabels;
import dev.nala.internal.ServiceName;
import dev.nala.internal.SubsetRoute;
import dev.nala.internal.settings.OutlierDetectionSettings;
import dev.nala.internal.settings.RoutingSettings;
import dev.nala.internal.settings.SubsetSettings;
import dev.nala.mode.standalone.TriedEndpoints;
import dev.nala.mode.standalone.balancing.EndpointState.Health;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's endpoints and their outlier ejection ({@link Outliers}; see "Outlier ejection" in
 * docs/standalone.md). Selection reads an array snapshot without locking; state changes are rare
 * and happen under this object's lock.
 */
final class EndpointPool {
    private static final Logger log = LoggerFactory.getLogger(EndpointPool.class);
    private static final EndpointState[] NONE = new EndpointState[0];
    private static final int MAX_EJECTION_COUNT = 10_000;

    private final ServiceName service;
    private final ServiceDiscovery discovery;
    private final String source;
    private final OutlierDetectionSettings outlier;
    private final EndpointPicker picker;
    private final Clock clock;
    private final BalancingTelemetry telemetry;

    private volatile EndpointState[] states = NONE;
    /** By subset index ({@link RoutingSettings#subsetNames}): the subset's endpoints among {@link #states}. */
    private volatile EndpointState[][] subsetStates;
    /** Listed endpoints that are ejected or probing. */
    private volatile int outOfRotation;
    /** When the earliest ejection ends; Long.MAX_VALUE when none is ejected. */
    private volatile long nextProbeDueMillis = Long.MAX_VALUE;

    private final SubsetSettings[] subsets;
    private final SubsetFallbacks fallbacks;

    private List<Endpoint> listed; // guarded by this
    private Map<Endpoint, InstanceLabels> listedLabels; // guarded by this

    EndpointPool(
            ServiceName service,
            ServiceDiscovery discovery,
            String source,
            OutlierDetectionSettings outlier,
            EndpointPicker picker,
            Clock clock,
            BalancingTelemetry telemetry) {
        this(service, discovery, source, outlier, picker, clock, telemetry, RoutingSettings.none());
    }

    EndpointPool(
            ServiceName service,
            ServiceDiscovery discovery,
            String source,
            OutlierDetectionSettings outlier,
            EndpointPicker picker,
            Clock clock,
            BalancingTelemetry telemetry,
            RoutingSettings routing) {
        this.service = service;
        this.discovery = discovery;
        this.source = source;
        this.outlier = outlier;
        this.picker = picker;
        this.clock = clock;
        this.telemetry = telemetry;
        List<String> names = routing.subsetNames();
        this.subsets = new SubsetSettings[names.size()];
        for (int i = 0; i < subsets.length; i++) {
            subsets[i] = routing.subsets().get(names.get(i));
        }
        this.subsetStates = new EndpointState[subsets.length][0];
        this.fallbacks = new SubsetFallbacks(service, routing.whenSubsetEmpty(), subsets.length);
    }

    ServiceName service() {
        return service;
    }

    /** Whether the service's balancer weighs latency, so its attempts must be timed. */
    boolean weighsLatency() {
        return picker.weighsLatency();
    }

    int healthyCount() {
        return Math.max(0, states.length - outOfRotation);
    }

    /** The current snapshot, for tests and telemetry. */
    EndpointState[] snapshot() {
        return states;
    }

    /** Reading under the lock means the last refresh to run installs the newest list. */
    synchronized void refresh() throws ServiceDiscoveryException {
        List<Endpoint> endpoints = discovery.endpoints(service);
        // Read after the endpoints: at least as new (see ServiceDiscovery#labels).
        install(endpoints, subsets.length == 0 ? Map.of() : discovery.labels(service));
    }

    private void install(List<Endpoint> endpoints, Map<Endpoint, InstanceLabels> labels) {
        if (endpoints == listed && labels == listedLabels) {
            return;
        }
        long now = clock.millis();
        Map<Endpoint, EndpointState> previous = new HashMap<>();
        for (EndpointState state : states) {
            previous.put(state.endpoint, state);
        }
        EndpointState[] next = new EndpointState[endpoints.size()];
        int out = 0;
        long due = Long.MAX_VALUE;
        for (int i = 0; i < next.length; i++) {
            EndpointState state = previous.remove(endpoints.get(i));
            if (state == null) {
                state = new EndpointState(endpoints.get(i), now);
            }
            next[i] = state;
            if (state.health != Health.ACTIVE) {
                out++;
            }
            if (state.health == Health.EJECTED) {
                due = Math.min(due, state.ejectedUntilMillis);
            }
        }
        for (EndpointState gone : previous.values()) {
            gone.listed = false;
        }
        if (subsets.length > 0) {
            subsetStates = SubsetMembers.of(subsets, next, labels);
        }
        states = next;
        outOfRotation = out;
        nextProbeDueMillis = due;
        listed = endpoints;
        listedLabels = labels;
        log.debug("Service {} has {} endpoint(s) ({} out of rotation) from {}", service, next.length, out, source);
    }

    /**
     * A due probe first, then the balancer's choice among untried endpoints in rotation, then any
     * in rotation, and when all are ejected any endpoint (failing every call would be worse).
     *
     * @throws ServiceDiscoveryException when discovery lists no endpoint for the service
     */
    EndpointState choose(TriedEndpoints tried) throws ServiceDiscoveryException {
        EndpointState[] current = states;
        if (current.length == 0) {
            throw new ServiceDiscoveryException(
                    service.value(), "Service \"" + service + "\" has no healthy endpoints in " + source);
        }
        EndpointState chosen = chooseAmong(current, null, tried);
        if (chosen == null) {
            chosen = current[ThreadLocalRandom.current().nextInt(current.length)];
            log.debug("Every endpoint of service {} is ejected; sending to {} anyway", service, chosen.endpoint);
        }
        return chosen;
    }

    /**
     * For a call routed to {@code subset}: an endpoint of the subset as {@link #choose} would pick
     * one (tried ones last); when the subset has none in rotation, the rest of the service (marked
     * on {@code subset}) or, with {@code when-subset-empty = fail}, an exception naming the subset.
     */
    EndpointState choose(CallSubset subset, TriedEndpoints tried) throws ServiceDiscoveryException {
        SubsetRoute route = subset.route();
        EndpointState[] members = subsetStates[route.index()];
        EndpointState chosen = members.length == 0 ? null : chooseAmong(members, members, tried);
        if (chosen != null) {
            subset.fellBack(false);
            if (chosen.health == Health.ACTIVE) { // a probe does not end the emptiness until it succeeds
                fallbacks.served(route);
            }
            return chosen;
        }
        String why = members.length == 0
                ? "discovery lists none of its instances"
                : "all " + members.length + " of its instance(s) ejected";
        fallbacks.foundEmpty(route, why);
        if (fallbacks.whenEmpty() == RoutingSettings.WhenSubsetEmpty.FAIL) {
            throw new ServiceDiscoveryException(
                    service.value(),
                    "Subset \"" + route.name() + "\" of service \"" + service + "\" has no healthy instance (" + why
                            + ", from " + source + ") and routing.when-subset-empty = fail");
        }
        subset.fellBack(true);
        return choose(tried);
    }

    /**
     * A due probe (among {@code probeAmong}, or any of the service's when null), else the balancer's
     * pick among {@code candidates}, else any of them in rotation; null if none is.
     */
    private EndpointState chooseAmong(EndpointState[] candidates, EndpointState[] probeAmong, TriedEndpoints tried) {
        if (nextProbeDueMillis <= clock.millis()) {
            EndpointState probe = takeProbe(tried, probeAmong);
            if (probe != null) {
                return probe;
            }
        }
        EndpointState chosen = picker.pick(candidates, tried);
        return chosen != null ? chosen : Candidates.randomActive(candidates);
    }

    /** @param among the endpoints the probe may be, or null for any */
    private synchronized EndpointState takeProbe(TriedEndpoints tried, EndpointState[] among) {
        long now = clock.millis();
        if (nextProbeDueMillis > now) {
            return null;
        }
        EndpointState probe = null;
        long due = Long.MAX_VALUE;
        for (EndpointState state : states) {
            if (state.health != Health.EJECTED) {
                continue;
            }
            boolean expired = state.ejectedUntilMillis <= now;
            if (probe == null
                    && expired
                    && (tried == null || !tried.contains(state.endpoint))
                    && (among == null || SubsetMembers.contains(among, state))) {
                probe = state;
            } else {
                due = Math.min(due, state.ejectedUntilMillis);
            }
        }
        nextProbeDueMillis = due;
        if (probe != null) {
            probe.health = Health.PROBING;
            probe.epoch++;
            log.debug("Probing endpoint {} of service {} after its ejection", probe.endpoint, service);
        }
        return probe;
    }

    /** {@code epoch} is the state's epoch when the attempt was sent: older outcomes are ignored. */
    void record(EndpointState state, int epoch, AttemptOutcome outcome) {
        Health health = state.health;
        if (outcome == AttemptOutcome.SUCCESS && health == Health.ACTIVE) {
            boolean blockFull = state.outcomes.success();
            if (state.consecutiveFailures != 0 || blockFull) {
                synchronized (this) {
                    state.consecutiveFailures = 0;
                    state.outcomes.rollOver();
                }
            }
            return;
        }
        if (health == Health.EJECTED || (outcome == AttemptOutcome.NONE && health == Health.ACTIVE)) {
            return;
        }
        synchronized (this) {
            if (!state.listed || state.epoch != epoch) {
                return;
            }
            long now = clock.millis();
            if (state.health == Health.ACTIVE) {
                if (outcome == AttemptOutcome.FAILURE) {
                    activeFailed(state, now);
                }
            } else if (state.health == Health.PROBING) {
                if (outcome == AttemptOutcome.SUCCESS) {
                    readmit(state, now);
                } else if (outcome == AttemptOutcome.FAILURE) {
                    eject(state, now, "its probe failed");
                } else {
                    // The probe said nothing (cancelled): probe again on the next attempt.
                    state.health = Health.EJECTED;
                    state.epoch++;
                    state.ejectedUntilMillis = now;
                    nextProbeDueMillis = Math.min(nextProbeDueMillis, now);
                }
            }
        }
    }

    private void activeFailed(EndpointState state, long now) {
        state.outcomes.failure();
        state.outcomes.rollOver();
        state.consecutiveFailures++;
        String why = Outliers.why(state, states, outlier);
        if (why != null && mayEject()) {
            forgiveEjections(state, now);
            outOfRotation++;
            eject(state, now, why);
        }
    }

    private boolean mayEject() {
        int percent = outlier.maxEjectionPercent();
        if (percent == 0) {
            return false;
        }
        int allowed = Math.max(1, states.length * percent / 100);
        return outOfRotation < allowed;
    }

    /** One ejection forgiven per {@code ejection-time} the endpoint has stayed in rotation. */
    private void forgiveEjections(EndpointState state, long now) {
        long forgiven = (now - state.activeSinceMillis) / outlier.ejectionTime().toMillis();
        state.ejections = (int) Math.max(0, state.ejections - forgiven);
    }

    private void eject(EndpointState state, long now, String why) {
        state.ejections = Math.min(MAX_EJECTION_COUNT, state.ejections + 1);
        long millis = Math.min(
                outlier.maxEjectionTime().toMillis(), outlier.ejectionTime().toMillis() * state.ejections);
        state.health = Health.EJECTED;
        state.epoch++;
        state.consecutiveFailures = 0;
        state.outcomes.clear();
        state.ejectedUntilMillis = now + millis;
        nextProbeDueMillis = Math.min(nextProbeDueMillis, state.ejectedUntilMillis);
        telemetry.ejected(service, state.endpoint);
        log.info(
                "Ejected endpoint {} of service {} for {} ms ({}; ejection #{}); {} of {} endpoint(s) in rotation",
                state.endpoint,
                service,
                millis,
                why,
                state.ejections,
                healthyCount(),
                states.length);
    }

    private void readmit(EndpointState state, long now) {
        state.health = Health.ACTIVE;
        state.epoch++;
        state.consecutiveFailures = 0;
        state.outcomes.clear();
        state.activeSinceMillis = now;
        outOfRotation--;
        log.info(
                "Readmitted endpoint {} of service {}: its probe succeeded; {} of {} endpoint(s) in rotation",
                state.endpoint,
                service,
                healthyCount(),
                states.length);
    }
}
