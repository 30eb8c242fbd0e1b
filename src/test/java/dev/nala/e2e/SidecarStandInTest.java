package dev.nala.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.e2e.support.Haproxy;
import dev.nala.e2e.support.ScriptedUpstream;
import dev.nala.e2e.support.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar stand-in behaves like a sidecar, checked with plain OkHttp: the other end-to-end
 * tests' counts mean something only if this holds.
 */
class SidecarStandInTest {
    @TempDir
    Path dir;

    private final OkHttpClient plain =
            new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

    @Test
    void retriesA503TwiceSoTheUpstreamSeesThreeTriesForGetAndPost() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start(n -> ScriptedUpstream.status(503));
                Haproxy sidecar = Haproxy.sidecar(dir, upstream.port(), 2)) {
            String url = "http://127.0.0.1:" + sidecar.port() + "/charge";
            try (Response response =
                    plain.newCall(new Request.Builder().url(url).build()).execute()) {
                assertThat(response.code()).isEqualTo(503);
            }
            assertThat(upstream.requestCount()).as(sidecar.log()).isEqualTo(3);
            try (Response response = plain.newCall(new Request.Builder()
                            .url(url)
                            .post(RequestBody.create("{}".getBytes(StandardCharsets.UTF_8), null))
                            .build())
                    .execute()) {
                assertThat(response.code()).isEqualTo(503);
            }
            assertThat(upstream.requestCount()).isEqualTo(6);
        }
    }

    @Test
    void passesASuccessThroughOnce() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start(n -> ScriptedUpstream.ok("paid"));
                Haproxy sidecar = Haproxy.sidecar(dir, upstream.port(), 2)) {
            try (Response response = plain.newCall(new Request.Builder()
                            .url("http://127.0.0.1:" + sidecar.port() + "/charge")
                            .build())
                    .execute()) {
                assertThat(response.body().string()).isEqualTo("paid");
            }
            assertThat(upstream.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void terminatesTlsWithTheTestCertificate() throws Exception {
        TestCertificates certificates = TestCertificates.forNames("payment-service.default.svc.cluster.local");
        try (ScriptedUpstream upstream = ScriptedUpstream.start(n -> ScriptedUpstream.ok("secure"));
                Haproxy sidecar = Haproxy.tlsTerminating(dir, certificates.writeServerPem(dir), upstream.port())) {
            HandshakeCertificates trust = new HandshakeCertificates.Builder()
                    .addTrustedCertificate(certificates.ca().certificate())
                    .build();
            OkHttpClient trusting = plain.newBuilder()
                    .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
                    .build();
            try (Response response = trusting.newCall(new Request.Builder()
                            .url("https://127.0.0.1:" + sidecar.port() + "/")
                            .build())
                    .execute()) {
                assertThat(response.body().string()).isEqualTo("secure");
            }
        }
    }
}
