package dev.nala.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

class HandWrittenRoutingTest {

    @Test
    void sendsEachCallToTheNextEndpointWithItsOwnRequestId() throws IOException {
        List<Request> sent = new ArrayList<>();
        OkHttpClient client = new OkHttpClient.Builder()
                .addInterceptor(new HandWrittenRouting(List.of("10.0.0.1:8080", "10.0.0.2:9090")))
                .addInterceptor(chain -> {
                    sent.add(chain.request());
                    return new Response.Builder()
                            .request(chain.request())
                            .protocol(Protocol.HTTP_1_1)
                            .code(200)
                            .message("OK")
                            .body(ResponseBody.create("", null))
                            .build();
                })
                .build();
        Request request =
                new Request.Builder().url("http://bench-service/x?y=1").build();
        for (int i = 0; i < 3; i++) {
            client.newCall(request).execute().close();
        }

        assertThat(sent)
                .extracting(r -> r.url().toString())
                .containsExactly(
                        "http://10.0.0.1:8080/x?y=1", "http://10.0.0.2:9090/x?y=1", "http://10.0.0.1:8080/x?y=1");
        assertThat(sent)
                .extracting(r -> r.header("x-request-id"))
                .doesNotContainNull()
                .doesNotHaveDuplicates();
    }

    @Test
    void theLoadRunLeavesTheChainBenchmarksReferencesOut() {
        assertThat(Contender.defaults())
                .contains(Contender.RAW_OKHTTP, Contender.RAW_OKHTTP_AGAIN, Contender.RAW_OKHTTP_NALA_POOL)
                .doesNotContain(
                        Contender.ROUTED_BY_HAND,
                        Contender.RESILIENCE4J_ROUTED_BY_HAND,
                        Contender.FAILSAFE_ROUTED_BY_HAND,
                        Contender.RAW_OKHTTP_CALL_TIMEOUT);
    }
}
