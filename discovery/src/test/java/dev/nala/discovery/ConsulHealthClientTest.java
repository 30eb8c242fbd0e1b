package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ConsulSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class ConsulHealthClientTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final String TOKEN = "9f3c1a2e-token-value";

    private static ConsulSettings settings(String hocon) {
        return TestSettings.load(hocon, Map.of("CONSUL_HTTP_TOKEN", TOKEN)).consul();
    }

    @Test
    void aFirstQueryAsksForPassingInstancesWithoutBlocking() {
        try (ConsulHealthClient client =
                new ConsulHealthClient(settings("nala.consul.address = \"http://consul.internal:8500\""))) {
            HttpUrl url = client.urlFor(PAYMENTS, 0);
            assertThat(url.toString())
                    .isEqualTo("http://consul.internal:8500/v1/health/service/payments?passing&stale");
            assertThat(client.address()).isEqualTo("http://consul.internal:8500");
        }
    }

    @Test
    void aBlockingQueryCarriesIndexWaitDatacenterTagAndConsistency() {
        try (ConsulHealthClient client = new ConsulHealthClient(settings(
                "nala.consul { address = \"https://consul.internal:8501\", datacenter = eu-west, tag = primary,"
                        + " consistency = consistent, wait = 1500ms }"))) {
            HttpUrl url = client.urlFor(PAYMENTS, 4711);
            assertThat(url.encodedPath()).isEqualTo("/v1/health/service/payments");
            assertThat(url.queryParameterNames())
                    .containsExactly("passing", "dc", "tag", "consistent", "index", "wait");
            assertThat(url.queryParameter("dc")).isEqualTo("eu-west");
            assertThat(url.queryParameter("tag")).isEqualTo("primary");
            assertThat(url.queryParameter("index")).isEqualTo("4711");
            assertThat(url.queryParameter("wait")).isEqualTo("1500ms");
        }
        try (ConsulHealthClient client = new ConsulHealthClient(settings("nala.consul.consistency = default"))) {
            assertThat(client.urlFor(PAYMENTS, 1).queryParameterNames()).containsExactly("passing", "index", "wait");
        }
    }

    @Test
    void aTagIsEncodedAsAQueryValue() {
        try (ConsulHealthClient client = new ConsulHealthClient(settings("nala.consul.tag = \"v1&token=x\""))) {
            HttpUrl url = client.urlFor(PAYMENTS, 0);
            assertThat(url.queryParameter("tag")).isEqualTo("v1&token=x");
            assertThat(url.queryParameter("token")).isNull();
        }
    }

    @Test
    void theTokenGoesInTheHeaderAndNeverInTheUrl() {
        try (ConsulHealthClient client = new ConsulHealthClient(settings(""))) {
            okhttp3.Request request = client.newCall(PAYMENTS, 12).request();
            assertThat(request.header("X-Consul-Token")).isEqualTo(TOKEN);
            assertThat(request.url().toString()).doesNotContain(TOKEN).doesNotContain("token");
        }
    }

    @Test
    void withoutATokenNoHeaderIsSent() {
        try (ConsulHealthClient client =
                new ConsulHealthClient(TestSettings.load("").consul())) {
            assertThat(client.newCall(PAYMENTS, 0).request().header("X-Consul-Token"))
                    .isNull();
        }
    }

    @Test
    void theReadTimeoutOutlastsTheLongestBlockingAnswer() {
        for (Duration wait : new Duration[] {Duration.ofSeconds(1), Duration.ofSeconds(55), Duration.ofMinutes(10)}) {
            Duration longestAnswer = wait.multipliedBy(17).dividedBy(16);
            assertThat(ConsulHealthClient.readTimeoutFor(wait)).isGreaterThan(longestAnswer);
        }
    }

    @Test
    void eachQueryHasADeadlineForTheWholeExchange() {
        for (Duration wait : new Duration[] {Duration.ofSeconds(1), Duration.ofSeconds(55), Duration.ofMinutes(10)}) {
            Duration longestHold = wait.plus(wait.dividedBy(16));
            Duration blocking = ConsulHealthClient.deadlineFor(wait, 42);
            assertThat(blocking).isGreaterThan(longestHold).isLessThanOrEqualTo(longestHold.plusSeconds(5));
            assertThat(ConsulHealthClient.deadlineFor(wait, 0)).isEqualTo(Duration.ofSeconds(10));
        }
        try (ConsulHealthClient client = new ConsulHealthClient(settings("nala.consul.wait = 32s"))) {
            assertThat(client.newCall(PAYMENTS, 7).timeout().timeoutNanos())
                    .isEqualTo(Duration.ofSeconds(32 + 2 + 5).toNanos());
            assertThat(client.newCall(PAYMENTS, 0).timeout().timeoutNanos())
                    .isEqualTo(Duration.ofSeconds(10).toNanos());
        }
    }

    @Test
    void sizesAreWrittenAsInHocon() {
        assertThat(ConsulHealthClient.writtenSize(16L << 20)).isEqualTo("16MiB");
        assertThat(ConsulHealthClient.writtenSize(64L << 10)).isEqualTo("64KiB");
        assertThat(ConsulHealthClient.writtenSize(1L << 30)).isEqualTo("1GiB");
        assertThat(ConsulHealthClient.writtenSize(100_000)).isEqualTo("100000B");
    }

    @Test
    void waitIsWrittenAsAGoDuration() {
        assertThat(ConsulHealthClient.goDuration(Duration.ofSeconds(55))).isEqualTo("55s");
        assertThat(ConsulHealthClient.goDuration(Duration.ofMinutes(2))).isEqualTo("120s");
        assertThat(ConsulHealthClient.goDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void failuresAreDescribedOnOneLineWithoutTheToken() {
        try (ConsulHealthClient client = new ConsulHealthClient(settings(""))) {
            String described = client.describe(new IOException("proxy said: bad token " + TOKEN + "\nsecond line"));
            assertThat(described).isEqualTo("IOException: proxy said: bad token <redacted>?second line");
            assertThat(client.describe(new ConnectException("Failed to connect to /127.0.0.1:1")))
                    .isEqualTo("ConnectException: Failed to connect to /127.0.0.1:1");
            assertThat(client.describe(new ConsulErrorAnswer(500, "Consul answered HTTP 500: No cluster leader")))
                    .isEqualTo("Consul answered HTTP 500: No cluster leader");
            assertThat(client.describe(new ConsulBadAnswer("Consul answered with something other than a JSON array")))
                    .isEqualTo("Consul answered with something other than a JSON array");
            assertThat(client.describe(new OutOfMemoryError("Java heap space")))
                    .isEqualTo("OutOfMemoryError: Java heap space");
        }
    }
}
