package dev.nala.mode.standalone.balancing;

import dev.nala.discovery.ServiceDiscovery;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.OutlierDetectionSettings;
import dev.nala.internal.settings.ServiceSettings.LoadBalancer;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Endpoint selection for one service as its endpoint count grows: what {@code EndpointSelection}
 * does per attempt (pick with power of two choices over least outstanding, count the request
 * outstanding, record its success). Lives in the balancing package because the pool is package
 * private. The cost must not grow with the count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectionBenchmark {
    @Param({"1", "10", "100", "1000", "10000"})
    public int endpoints;

    private EndpointPool pool;

    @Setup
    public void setUp() throws Exception {
        List<Endpoint> listed = new ArrayList<>(endpoints);
        for (int i = 0; i < endpoints; i++) {
            listed.add(Endpoint.of("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff), 8080));
        }
        ServiceDiscovery discovery = new ServiceDiscovery() {
            @Override
            public List<Endpoint> endpoints(ServiceName service) {
                return listed;
            }

            @Override
            public String describe() {
                return "a fixed list of " + endpoints;
            }

            @Override
            public void close() {}
        };
        OutlierDetectionSettings outlier = new OutlierDetectionSettings(
                5,
                new OutlierDetectionSettings.FailureRate(true, 40, 0.3),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                50);
        pool = new EndpointPool(
                ServiceName.of("bench-service"),
                discovery,
                "a fixed list",
                outlier,
                EndpointPicker.of(LoadBalancer.LEAST_OUTSTANDING),
                Clock.systemUTC(),
                new BalancingTelemetry(OpenTelemetry.noop()));
        pool.refresh();
    }

    @Benchmark
    public EndpointState select() throws Exception {
        EndpointState chosen = pool.choose(null);
        int epoch = chosen.epoch;
        chosen.outstanding.incrementAndGet();
        chosen.outstanding.decrementAndGet();
        pool.record(chosen, epoch, AttemptOutcome.SUCCESS);
        return chosen;
    }
}
