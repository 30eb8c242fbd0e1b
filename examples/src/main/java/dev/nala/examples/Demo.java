package dev.nala.examples;

import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.internal.settings.NalaSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.TreeSet;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The README's main job ({@code mvn -B -q -Pdemo -DskipTests verify}): starts two local
 * instances of a payment-service, one healthy and one flaky, calls them through Nala in
 * standalone mode and in mesh mode, and prints what happened side by side: the attempts on the
 * wire, the errors the caller saw, the instances Nala ejected, the tracing headers that arrived,
 * and the retry storm mesh mode prevents.
 *
 * <p>Standalone mode finds the instances in a static list, or in Consul when
 * {@code CONSUL_HTTP_ADDR} is set (the demo registers them there and removes them at the end).
 * Mesh mode calls the Kubernetes DNS name of the service; on a laptop that name cannot resolve,
 * so the demo's client answers it with a sidecar stand-in on 127.0.0.1 that retries like Envoy.
 * With {@code OTEL_EXPORTER_OTLP_ENDPOINT} set, spans and metrics also go to that OTLP endpoint.
 */
public final class Demo {
    static final int CALLS = 20;
    static final String SERVICE = "payment-service";

    private static final String ATTEMPTS = "nala.client.call.attempts";
    private static final String EJECTIONS = "nala.client.endpoint.ejections";

    private Demo() {}

    public static void main(String[] args) throws Exception {
        run(System.out, Environment.system());
    }

    /** Runs the demo against the given environment, prints its report and returns it. */
    static DemoReport run(PrintStream out, Environment environment) throws Exception {
        try (DemoTelemetry telemetry = DemoTelemetry.create(environment);
                Upstream healthy = Upstream.start("healthy", Upstream.Behaviour.HEALTHY);
                Upstream flaky = Upstream.start("flaky", Upstream.Behaviour.FLAKY)) {
            ModeFigures standalone = standalone(environment, telemetry, healthy, flaky);
            ModeFigures mesh = mesh(environment, telemetry, healthy, flaky);
            int stormStandalone = retryStorm(environment, telemetry, DeploymentMode.STANDALONE);
            int stormMesh = retryStorm(environment, telemetry, DeploymentMode.MESH);
            DemoReport report = new DemoReport(
                    healthy.address(),
                    flaky.address(),
                    standalone,
                    mesh,
                    stormStandalone,
                    stormMesh,
                    telemetry.spansEnded(),
                    telemetry.exportTarget());
            report.print(out);
            return report;
        }
    }

    /**
     * Standalone: Nala itself finds both instances, balances, retries the flaky one's 503s on
     * the other instance and ejects the flaky one after three failures in a row (the default is
     * five; three shows it within the demo's twenty calls). Round robin instead of the default
     * least-outstanding choice, whose ties between idle instances are broken at random, so the
     * flaky instance gets its three calls on every run and the report is the same each time.
     */
    private static ModeFigures standalone(
            Environment environment, DemoTelemetry telemetry, Upstream healthy, Upstream flaky)
            throws IOException, InterruptedException {
        boolean consul = environment
                .variable("CONSUL_HTTP_ADDR")
                .filter(address -> !address.isBlank())
                .isPresent();
        int healthyBefore = healthy.requests();
        int flakyBefore = flaky.requests();
        String foundThrough;
        int errors;
        try (ConsulRegistration registration = consul ? register(environment, healthy, flaky) : null;
                HttpClientFactory factory = HttpClientFactory.builder()
                        .config(ConfigFactory.empty())
                        .service(SERVICE, s -> {
                            s.set("outlier-detection.consecutive-failures", 3).set("load-balancer", "round-robin");
                            if (!consul) {
                                s.staticEndpoints(healthy.address(), flaky.address());
                            }
                        })
                        .mode(DeploymentMode.STANDALONE)
                        .environment(environment)
                        .openTelemetry(telemetry.openTelemetry())
                        .build()) {
            foundThrough = consul
                    ? "Consul at " + registration.address() + ", where the demo registered both instances"
                    : "the static list [" + healthy.address() + ", " + flaky.address() + "]"
                            + " (set CONSUL_HTTP_ADDR to use Consul)";
            errors = callPaymentService(factory.client(), CALLS);
        }
        List<LongPointData> ejections = telemetry.metrics().counterPoints(EJECTIONS, "standalone");
        TreeSet<String> ejected = new TreeSet<>();
        for (LongPointData point : ejections) {
            Long port = point.getAttributes().get(AttributeKey.longKey("server.port"));
            ejected.add(
                    port != null && port == flaky.port()
                            ? flaky.name()
                            : port != null && port == healthy.port()
                                    ? healthy.name()
                                    : point.getAttributes().get(AttributeKey.stringKey("server.address")) + ":" + port);
        }
        return new ModeFigures(
                foundThrough,
                CALLS,
                Math.round(telemetry.metrics().histogramSum(ATTEMPTS, "standalone")),
                errors,
                healthy.requests() - healthyBefore,
                flaky.requests() - flakyBefore,
                -1,
                ejections.stream().mapToLong(LongPointData::getValue).sum(),
                String.join(", ", ejected),
                healthy.lastRequestId(),
                healthy.lastTraceparent());
    }

    /**
     * Mesh: Nala sends every call once to the service's Kubernetes name and leaves balancing,
     * retries and ejection to the sidecar.
     */
    private static ModeFigures mesh(Environment environment, DemoTelemetry telemetry, Upstream healthy, Upstream flaky)
            throws IOException {
        int healthyBefore = healthy.requests();
        int flakyBefore = flaky.requests();
        try (SidecarStandIn sidecar = SidecarStandIn.start(List.of(healthy, flaky));
                HttpClientFactory factory = meshFactory(environment, telemetry, sidecar)) {
            ClusterDnsStandIn dns = new ClusterDnsStandIn();
            int errors = callPaymentService(onThisLaptop(factory, dns), CALLS);
            String name =
                    dns.lookups().isEmpty() ? "(no lookup)" : dns.lookups().get(0);
            return new ModeFigures(
                    "the Kubernetes DNS name " + name + ":" + sidecar.port(),
                    CALLS,
                    sidecar.received(),
                    errors,
                    healthy.requests() - healthyBefore,
                    flaky.requests() - flakyBefore,
                    sidecar.retries(),
                    telemetry.metrics().counterTotal(EJECTIONS, "mesh"),
                    "",
                    healthy.lastRequestId(),
                    healthy.lastTraceparent());
        }
    }

    /**
     * One call while payment-service fails everywhere, through a sidecar that retries twice:
     * returns how many requests reached the failing instance.
     */
    private static int retryStorm(Environment environment, DemoTelemetry telemetry, DeploymentMode mode)
            throws IOException {
        try (Upstream down = Upstream.start("down", Upstream.Behaviour.DOWN);
                SidecarStandIn sidecar = SidecarStandIn.start(List.of(down))) {
            if (mode == DeploymentMode.MESH) {
                try (HttpClientFactory factory = meshFactory(environment, telemetry, sidecar)) {
                    callPaymentService(onThisLaptop(factory, new ClusterDnsStandIn()), 1);
                }
            } else {
                // Standalone behind a sidecar: the sidecar is the one endpoint Nala knows.
                try (HttpClientFactory factory = HttpClientFactory.builder()
                        .config(ConfigFactory.empty())
                        .service(SERVICE, s -> s.staticEndpoints(sidecar.address()))
                        .mode(DeploymentMode.STANDALONE)
                        .environment(environment)
                        .openTelemetry(telemetry.openTelemetry())
                        .build()) {
                    callPaymentService(factory.client(), 1);
                }
            }
            return down.requests();
        }
    }

    /** A mesh-mode factory whose payment-service Service port is the sidecar stand-in's port. */
    private static HttpClientFactory meshFactory(
            Environment environment, DemoTelemetry telemetry, SidecarStandIn sidecar) {
        return HttpClientFactory.builder()
                .config(ConfigFactory.empty())
                .service(SERVICE, s -> s.port(sidecar.port()))
                .mode(DeploymentMode.MESH)
                .environment(environment)
                .openTelemetry(telemetry.openTelemetry())
                .build();
    }

    /**
     * The factory's client, all of Nala's chain included, with the laptop's stand-in for the
     * cluster DNS. An application in a pod uses {@code factory.client()} as it is.
     */
    private static OkHttpClient onThisLaptop(HttpClientFactory factory, ClusterDnsStandIn dns) {
        return factory.client().newBuilder().dns(dns).build();
    }

    private static ConsulRegistration register(Environment environment, Upstream healthy, Upstream flaky)
            throws IOException, InterruptedException {
        NalaSettings settings = NalaSettings.load(ConfigFactory.defaultReference(), environment);
        ConsulRegistration registration = new ConsulRegistration(settings.consul());
        try {
            registration.register(SERVICE, "nala-demo-" + healthy.name(), healthy);
            registration.register(SERVICE, "nala-demo-" + flaky.name(), flaky);
        } catch (IOException | InterruptedException | RuntimeException e) {
            registration.close();
            throw e;
        }
        return registration;
    }

    /** Makes {@code calls} GETs to payment-service; returns how many failed as the caller sees it. */
    private static int callPaymentService(OkHttpClient client, int calls) {
        int errors = 0;
        for (int i = 1; i <= calls; i++) {
            Request request = new Request.Builder()
                    .url("http://" + SERVICE + "/balance/acct-" + i)
                    .build();
            try (Response response = client.newCall(request).execute()) {
                response.body().string();
                if (!response.isSuccessful()) {
                    errors++;
                }
            } catch (IOException e) {
                errors++;
            }
        }
        return errors;
    }
}
