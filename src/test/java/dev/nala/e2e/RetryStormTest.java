package dev.nala.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import dev.nala.e2e.support.Haproxy;
import dev.nala.e2e.support.MeshDns;
import dev.nala.e2e.support.ModeFactories;
import dev.nala.e2e.support.ScriptedUpstream;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 1, the retry storm mesh mode exists to prevent: the application calls through a
 * sidecar that retries twice (3 tries), to an upstream that always answers 503. Mesh mode adds
 * no tries of its own, so the upstream sees the sidecar's 3; standalone mode's 3 attempts each
 * become 3 at the sidecar, so it sees 9. The counts are logged ({@code retry storm: ...}) for
 * the table in docs/mesh.md.
 */
class RetryStormTest {
    private static final Logger log = LoggerFactory.getLogger(RetryStormTest.class);
    private static final int SIDECAR_RETRIES = 2;

    @TempDir
    Path dir;

    private int upstreamRequestsForOneCall(boolean mesh) throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start(n -> ScriptedUpstream.status(503));
                Haproxy sidecar = Haproxy.sidecar(dir, upstream.port(), SIDECAR_RETRIES)) {
            HttpClientFactory factory = mesh
                    ? ModeFactories.mesh("nala.services.\"payment-service\".port = " + sidecar.port())
                    // The sidecar is the one endpoint standalone mode knows, as with a local egress proxy.
                    : ModeFactories.standalone("nala.services.\"payment-service\" { discovery = static,"
                            + " endpoints = [\"127.0.0.1:" + sidecar.port() + "\"] }");
            try (factory) {
                OkHttpClient client = factory.client()
                        .newBuilder()
                        .dns(MeshDns.clusterLocal())
                        .build();
                try (Response response = client.newCall(new Request.Builder()
                                .url("http://payment-service/charge")
                                .build())
                        .execute()) {
                    assertThat(response.code()).as(sidecar.log()).isEqualTo(503);
                }
            }
            log.info(
                    "retry storm: {} mode behind a sidecar with retries {}: the upstream saw {} requests for one call",
                    mesh ? "mesh" : "standalone",
                    SIDECAR_RETRIES,
                    upstream.requestCount());
            return upstream.requestCount();
        }
    }

    @Test
    void meshModeBehindARetryingSidecarLetsTheUpstreamSeeOnlyTheSidecarsThreeTries() throws Exception {
        assertThat(upstreamRequestsForOneCall(true)).isEqualTo(SIDECAR_RETRIES + 1);
    }

    @Test
    void standaloneModeBehindTheSameSidecarMultipliesToNine() throws Exception {
        assertThat(upstreamRequestsForOneCall(false)).isEqualTo(3 * (SIDECAR_RETRIES + 1));
    }
}
