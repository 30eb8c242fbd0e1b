package dev.nala.e2e;

import static org.awaitility.Awaitility.await;

import dev.nala.HttpClientFactory;
import dev.nala.e2e.FaultMatrix.Fault;
import dev.nala.e2e.FaultMatrix.Outcome;
import dev.nala.e2e.support.CountingSocketFactory;
import dev.nala.e2e.support.LocalProcess;
import dev.nala.e2e.support.MeshDns;
import dev.nala.e2e.support.ModeFactories;
import dev.nala.e2e.support.ScriptedUpstream;
import java.io.IOException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Makes one call of {@code http://payment-service/charge} against one injected fault and reports
 * what happened: attempts on the wire and what the caller got. Every call gets its own upstream,
 * factory and connection pool, so nothing carries over between cells.
 */
final class FaultRun {
    static final String SERVICE = "payment-service";

    static final String HUGE_RETRY_AFTER = "73786976294838206464";

    /** The mode's factory for the service at {@code host:port}, with the given call timeout. */
    interface Deployment {
        HttpClientFactory factory(String host, int port, String callTimeout);
    }

    /** Mesh mode: the service's Kubernetes name, on the port configured for the service. */
    static final Deployment MESH = (host, port, callTimeout) -> ModeFactories.mesh(
            "nala.services.\"" + SERVICE + "\" { port = " + port + ", call-timeout = " + callTimeout + " }");

    /** Standalone mode: static discovery with one endpoint. */
    static final Deployment STANDALONE = (host, port, callTimeout) ->
            ModeFactories.standalone("nala.services.\"" + SERVICE + "\" { discovery = static, endpoints = [\"" + host
                    + ":" + port + "\"]," + " call-timeout = " + callTimeout + " }");

    record Observed(int attempts, Outcome outcome) {}

    private FaultRun() {}

    static Observed observe(Deployment deployment, Fault fault, String method) throws IOException {
        String unresolvable = ModeFactories.meshName(SERVICE);
        MeshDns dns = fault == Fault.DNS_FAILURE ? MeshDns.withUnknown(unresolvable) : MeshDns.clusterLocal();
        CountingSocketFactory sockets = new CountingSocketFactory();
        String callTimeout = fault == Fault.SLOW_BEYOND_DEADLINE ? "2s" : "10s";
        try (ScriptedUpstream upstream = ScriptedUpstream.start(n -> answer(fault, n))) {
            int port = fault == Fault.REFUSED ? LocalProcess.freePort() : upstream.port();
            String host = fault == Fault.DNS_FAILURE ? unresolvable : "127.0.0.1";
            try (HttpClientFactory factory = deployment.factory(host, port, callTimeout)) {
                OkHttpClient.Builder builder = factory.client().newBuilder().dns(dns);
                if (fault == Fault.REFUSED) {
                    builder.socketFactory(sockets); // to count connects; other cells keep Nala's sockets
                }
                OkHttpClient client = builder.build();
                int before = 0;
                if (fault == Fault.STALE_POOLED_CONNECTION) {
                    call(client, method); // leaves a pooled connection that the upstream then closes
                    before = upstream.requestCount();
                    idle(Duration.ofMillis(100)); // the close reaches the client before the next call
                }
                Outcome outcome = call(client, method);
                int attempts = switch (fault) {
                    case REFUSED -> sockets.connectAttempts();
                    case DNS_FAILURE ->
                        (int) dns.lookups().stream()
                                .filter(unresolvable::equals)
                                .count();
                    case SLOW_BEYOND_DEADLINE -> {
                        // The upstream counts a request when it has read it, which may trail the client's timeout.
                        try {
                            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requestCount() >= 1);
                        } catch (ConditionTimeoutException none) {
                            // Reported by the caller's assertion, with what the call got.
                        }
                        yield upstream.requestCount();
                    }
                    default -> upstream.requestCount() - before;
                };
                if (fault == Fault.DNS_FAILURE && upstream.requestCount() != 0) {
                    throw new AssertionError("a request reached the upstream although its name did not resolve");
                }
                return new Observed(attempts, outcome);
            }
        }
    }

    private static MockResponse answer(Fault fault, int request) {
        return switch (fault) {
            case STATUS_503_RETRY_AFTER_HUGE -> ScriptedUpstream.status(503, HUGE_RETRY_AFTER);
            case STALE_POOLED_CONNECTION ->
                request == 1 ? ScriptedUpstream.okThenClose("first") : ScriptedUpstream.ok("ok");
            case RESET_BEFORE_RESPONSE -> ScriptedUpstream.resetBeforeResponse();
            case RESET_MID_BODY -> ScriptedUpstream.resetMidBody();
            case SLOW_BEYOND_DEADLINE -> ScriptedUpstream.stall();
            case STATUS_500, STATUS_503 -> ScriptedUpstream.status(FaultMatrix.statusCode(fault));
            case STATUS_503_RETRY_AFTER_ZERO -> ScriptedUpstream.status(503, "0");
            case STATUS_429_RETRY_AFTER -> ScriptedUpstream.status(429, "1");
            case REFUSED, DNS_FAILURE -> ScriptedUpstream.ok("unreachable in this cell");
        };
    }

    private static Outcome call(OkHttpClient client, String method) {
        Request.Builder request = new Request.Builder().url("http://" + SERVICE + "/charge");
        if (method.equals("POST")) {
            request.post(RequestBody.create("{\"amount\":5}", MediaType.get("application/json")));
        }
        Response response;
        try {
            response = client.newCall(request.build()).execute();
        } catch (IOException e) {
            return Outcome.fails(e.getClass(), String.valueOf(e.getMessage()));
        }
        try (response) {
            response.body().bytes();
            return Outcome.response(response.code());
        } catch (IOException e) {
            return Outcome.responseThenBodyFails(response.code());
        }
    }

    /** Lets a connection sit idle in the pool, as between two calls of a real caller. */
    private static void idle(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For assertion messages. */
    static String describe(Observed observed) {
        Outcome outcome = observed.outcome();
        String got =
                outcome.failure() != null ? outcome.failure().getName() + ": " + outcome.note() : outcome.markdown();
        return observed.attempts() + " attempt(s), caller got " + got;
    }
}
