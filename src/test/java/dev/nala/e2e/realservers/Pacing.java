package dev.nala.e2e.realservers;

import java.time.Duration;
import java.util.List;

/**
 * When the calls go out: in waves. In each wave every scenario makes {@code callersPerWave}
 * concurrent calls, one per caller; then every caller pauses for the next gap, measured from the
 * end of the wave's last call, so every connection in a scenario's pool has been idle for at least
 * that gap when the next wave takes it, and at most the gap plus the wave's own duration. A gap
 * longer than the server's idle timeout therefore guarantees that the next wave meets connections
 * the server has closed; a gap well below it, that it reuses live ones.
 *
 * <p>Idle times close to the moment the server closes an idle connection are avoided on purpose
 * ({@link #avoidingIdleTimesNear}): there a request can cross the server's close on the wire, and
 * no client can know whether a POST that crossed it was received. When a slow wave would bring a
 * short gap's idle times that close, the gap is stretched past the server's close instead.
 *
 * @param serverCloses when the server closes an idle connection (more than one value when it
 *     depends on the server's version)
 * @param beforeWave runs at the start of the gap before each wave but the first (a sidecar
 *     reload, for instance); the time it takes counts toward the gap
 */
record Pacing(int callersPerWave, List<Duration> gaps, List<Duration> serverCloses, BeforeWave beforeWave) {
    /** No idle time within this of a server's close. */
    static final Duration GUARD = Duration.ofMillis(150);
    /** Allowance for the next wave's calls not all taking their connection at the same instant. */
    static final Duration START_SPREAD = Duration.ofMillis(50);

    /** Something done between two waves, told the index of the wave about to start (from 1). */
    @FunctionalInterface
    interface BeforeWave {
        void run(int wave) throws Exception;
    }

    /** Waves of {@code callersPerWave} calls per scenario, with these gaps between them. */
    static Pacing waves(int callersPerWave, Duration... gaps) {
        return new Pacing(callersPerWave, List.of(gaps), List.of(), wave -> {});
    }

    /** The same pacing, keeping idle times away from these moments the server closes an idle connection. */
    Pacing avoidingIdleTimesNear(Duration... serverCloses) {
        return new Pacing(callersPerWave, gaps, List.of(serverCloses), beforeWave);
    }

    /** The same pacing, doing {@code action} at the start of every gap. */
    Pacing withBeforeEachWave(BeforeWave action) {
        return new Pacing(callersPerWave, gaps, serverCloses, action);
    }

    int waves() {
        return gaps.size() + 1;
    }

    int callsPerScenario() {
        return waves() * callersPerWave;
    }

    /**
     * The gap to keep after a wave that took {@code previousWave}: the planned one, or, when the
     * idle times it leads to (from the gap to the gap plus the wave and {@link #START_SPREAD}) would
     * come within {@link #GUARD} of a server's close, the shortest longer gap that stays clear.
     */
    Duration gapAfter(int wave, Duration previousWave) {
        long gap = gaps.get(wave).toNanos();
        long spread = previousWave.plus(START_SPREAD).toNanos();
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Duration close : serverCloses) {
                long from = close.minus(GUARD).toNanos();
                long to = close.plus(GUARD).toNanos();
                if (gap <= to && gap + spread >= from) {
                    gap = to + 1;
                    moved = true;
                }
            }
        }
        return Duration.ofNanos(gap);
    }

    static Duration millis(long millis) {
        return Duration.ofMillis(millis);
    }
}
