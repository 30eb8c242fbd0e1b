package dev.nala.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.FactoryClosedException;
import dev.nala.HttpClientFactory;
import io.opentelemetry.api.OpenTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import retrofit2.Retrofit;

/** Runs the Retrofit example, so it cannot rot, and checks that Retrofit really calls through Nala. */
class RetrofitExampleTest {

    @Test
    void theExampleCallsItsServiceThroughRetrofit() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RetrofitExample.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
        String output = printed.toString(StandardCharsets.UTF_8);

        assertThat(output).contains("Retrofit over Nala (");
        // The answers depend on the path parameter, the method and the request body Retrofit sent.
        assertThat(output).contains("GET  balance/acct-7 -> 200 balance of acct-7: 42.00 EUR");
        assertThat(output).contains("POST charge/acct-7 -> 201 charged 5.00 to acct-7");
    }

    @Test
    void retrofitUsesTheFactorysClientSoItsCallsGoThroughNalasChain() throws Exception {
        HttpClientFactory factory = HttpClientFactory.builder()
                .config(ConfigFactory.empty())
                .mode(DeploymentMode.STANDALONE)
                .openTelemetry(OpenTelemetry.noop())
                .build();
        Retrofit retrofit = RetrofitExample.retrofit(factory, "http://127.0.0.1:9/");
        assertThat(retrofit.callFactory()).isSameAs(factory.client());

        // Nala's own interceptor answers once the factory is closed: proof the call ran through Nala.
        factory.close();
        RetrofitExample.PaymentApi payments = retrofit.create(RetrofitExample.PaymentApi.class);
        assertThatThrownBy(() -> payments.balance("acct-7").execute()).isInstanceOf(FactoryClosedException.class);
    }
}
