package dev.nala.discovery;

import static dev.nala.discovery.ScriptedConsul.entry;
import static dev.nala.discovery.ScriptedConsul.held;
import static dev.nala.discovery.ScriptedConsul.instances;
import static dev.nala.discovery.ScriptedConsul.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ch.qos.logback.classic.Level;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.nala.ServiceDiscoveryException;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the watch does with every kind of broken or hostile answer: it keeps serving the last good
 * list, logs one WARN for the outage, stays alive, and sees the next good answer (a changed list)
 * within one blocking wait.
 */
class HostileAnswersTest {
    private static final ServiceName PAYMENTS = ServiceName.of(ScriptedConsul.SERVICE);
    private static final Endpoint A = Endpoint.of("10.0.0.1", 8080);
    private static final Endpoint B = Endpoint.of("10.0.0.2", 8080);
    private static final Duration WAIT = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final int HOSTILE_ANSWERS = 3;

    /** One server for the class (starting WireMock takes a while); each test starts from a blank script. */
    private static ScriptedConsul consul;

    private final LogCapture logs = new LogCapture("dev.nala");
    private ConsulDiscovery discovery;

    @BeforeAll
    static void startConsul() {
        consul = new ScriptedConsul();
    }

    @AfterAll
    static void stopConsul() {
        consul.close();
    }

    @BeforeEach
    void blankScript() {
        consul.reset();
    }

    @AfterEach
    void stop() {
        if (discovery != null) {
            discovery.close();
        }
        logs.close();
    }

    private ConsulDiscovery discovery(String extra) {
        discovery = ConsulDiscovery.create(TestSettings.load("nala.consul { address = \"" + consul.address() + "\","
                        + " wait = 1s, first-answer-timeout = 10s, watch-rate-limit { per-second = 50, burst = 10 },"
                        + " error-backoff { initial = 20ms, max = 200ms } }\n" + extra)
                .consul());
        return discovery;
    }

    /** Consul answers [A] (holding blocking queries like a quiet Consul); returns the list served. */
    private List<Endpoint> watchingA(String extra) throws ServiceDiscoveryException {
        consul.answer(instances(10, A), held(300, 10, A));
        List<Endpoint> known = discovery(extra).endpoints(PAYMENTS);
        assertThat(known).containsExactly(A);
        return known;
    }

    private List<Endpoint> served() {
        try {
            return discovery.endpoints(PAYMENTS);
        } catch (ServiceDiscoveryException e) {
            throw new AssertionError(e);
        }
    }

    static Stream<Arguments> hostileAnswers() {
        String allInvalid = "["
                + String.join(
                        ",",
                        entry("crlf", "evil.example.com\\r\\n", 8080),
                        entry("zero", "10.0.0.3", 0),
                        entry("huge", "10.0.0.4", 70000),
                        entry("url", "http://10.0.0.5/", 8080),
                        "{\"Service\":{\"ID\":\"string-port\",\"Address\":\"10.0.0.6\",\"Port\":\"8080\"}}",
                        "{\"Service\":\"not an object\"}",
                        "{\"Node\":{\"Address\":7},\"Service\":{\"Port\":8080}}",
                        "{}",
                        "42",
                        "null")
                + "]";
        String large = "["
                + IntStream.range(0, 400)
                        .mapToObj(i -> entry("big-" + i, "10.1.0." + (i % 250 + 1), 8080 + i))
                        .collect(Collectors.joining(","))
                + "]";
        return Stream.of(
                arguments(
                        "entries that are all invalid",
                        "",
                        json(11, allInvalid),
                        "Consul listed 10 instance(s) and none is usable"),
                arguments("an object instead of an array", "", json(11, "{}"), "something other than a JSON array"),
                arguments("an empty body", "", json(11, ""), "something other than a JSON array"),
                arguments("HTML instead of JSON", "", json(11, "<html>502 Bad Gateway</html>"), "JsonParseException"),
                arguments(
                        "JSON cut short",
                        "",
                        json(11, "[" + entry("cut", "10.0.0.2", 8080).substring(0, 120)),
                        "Unexpected end-of-input"),
                arguments("two arrays", "", json(11, "[][]"), "more than a JSON array"),
                arguments("arrays nested 100,000 deep", "", json(11, "[".repeat(100_000)), "nesting depth"),
                arguments(
                        "an answer over max-answer-size, streamed",
                        "nala.consul.max-answer-size = 64KiB",
                        json(11, large),
                        "goes on past the limit: larger than nala.consul.max-answer-size = 64KiB"),
                arguments(
                        "an answer over max-answer-size, announced",
                        "nala.consul.max-answer-size = 64KiB",
                        json(11, large).withHeader("Content-Length", Integer.toString(large.length())),
                        "announces " + large.length() + " bytes"),
                arguments(
                        "a small gzip body that inflates past max-answer-size",
                        "nala.consul.max-answer-size = 64KiB",
                        gzipped(11, "[" + "{},".repeat(500_000) + "{}]"),
                        "goes on past the limit: larger than nala.consul.max-answer-size = 64KiB"),
                arguments("a connection reset", "", fault(Fault.CONNECTION_RESET_BY_PEER), "Exception"),
                arguments("an empty response", "", fault(Fault.EMPTY_RESPONSE), "Exception"),
                arguments("a malformed chunk", "", fault(Fault.MALFORMED_RESPONSE_CHUNK), "Exception"),
                arguments("garbage, then close", "", fault(Fault.RANDOM_DATA_THEN_CLOSE), "Exception"));
    }

    private static ResponseDefinitionBuilder gzipped(long index, String body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json(index, "").withHeader("Content-Encoding", "gzip").withBody(bytes.toByteArray());
    }

    private static ResponseDefinitionBuilder fault(Fault fault) {
        return json(11, "[]").withFault(fault);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileAnswers")
    void keepsTheLastGoodListLogsOnceAndRecovers(
            String name, String settings, ResponseDefinitionBuilder hostile, String logged) throws Exception {
        List<Endpoint> known = watchingA(settings);

        int before = consul.requestCount();
        consul.answer(hostile);
        List<List<Endpoint>> servedMeanwhile = new CopyOnWriteArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            servedMeanwhile.add(served());
            return consul.requestCount() >= before + HOSTILE_ANSWERS + 1;
        });
        assertThat(servedMeanwhile).allSatisfy(list -> assertThat(list).isSameAs(known));
        assertThat(logs.messages(Level.WARN, "failed for service payments"))
                .singleElement()
                .satisfies(warning -> assertThat(warning)
                        .contains(logged)
                        .contains("serving the last known 1 instance(s)")
                        .doesNotContain("\r")
                        .doesNotContain("\n"));
        assertThat(logs.messages(Level.DEBUG, "failed again for service payments"))
                .isNotEmpty();

        seesTheNextGoodAnswer();
    }

    /**
     * Consul answers [A, B] again: seen (normally within one blocking wait; the bound allows for the
     * error backoff on a busy machine), one INFO, the watch alive.
     */
    private void seesTheNextGoodAnswer() {
        consul.answer(instances(20, A, B), held(300, 20, A, B));
        await().atMost(PATIENCE).until(() -> served().size() == 2);
        assertThat(served()).containsExactly(A, B);
        assertThat(logs.messages(Level.INFO, "answers again for service payments"))
                .hasSize(1);
        assertThat(logs.messages(Level.WARN, "failed for service payments")).hasSize(1);
        assertThat(ConsulDiscoveryTest.watchThreads())
                .singleElement()
                .satisfies(thread -> assertThat(thread.isAlive()).isTrue());
    }

    @Test
    void anEmptyArrayIsNewsNotAFailure() throws Exception {
        watchingA("");
        consul.answer(instances(11), held(300, 11));
        await().atMost(WAIT.plusSeconds(1)).until(() -> served().isEmpty());
        assertThat(logs.messages(Level.WARN)).isEmpty();
    }

    @Test
    void anAnswerWithSomeValidEntriesIsUsedAndTheOthersSkipped() throws Exception {
        watchingA("");
        String body = "[" + entry("good", "10.0.0.2", 8080) + "," + entry("crlf", "evil.example.com\\r\\n", 8080)
                + ",{\"Service\":{\"ID\":\"float\",\"Address\":\"10.0.0.7\",\"Port\":8080.5}}]";
        consul.answer(json(11, body), json(11, body).withFixedDelay(300));
        await().atMost(WAIT.plusSeconds(1)).until(() -> served().equals(List.of(B)));
        assertThat(logs.messages(Level.WARN, "Skipping a Consul entry of service payments"))
                .hasSize(2)
                .anySatisfy(w -> assertThat(w).contains("\"crlf\"").contains("evil.example.com??"))
                .anySatisfy(w ->
                        assertThat(w).contains("\"float\"").contains("Service.Port is a number, not a whole number"))
                .allSatisfy(w -> assertThat(w).doesNotContain("\r").doesNotContain("\n"));
        assertThat(logs.messages(Level.WARN, "failed for service")).isEmpty();
    }

    @Test
    void manyInvalidEntriesAreDescribedTenAtATimeAndCounted() throws Exception {
        watchingA("");
        String entries = IntStream.range(0, 500)
                .mapToObj(i -> entry("bad-" + i, "10.0.0.9", 0))
                .collect(Collectors.joining(","));
        String body = "[" + entry("good", "10.0.0.2", 8080) + "," + entries + "]";
        consul.answer(json(11, body), json(11, body).withFixedDelay(300));
        await().atMost(WAIT.plusSeconds(1)).until(() -> served().equals(List.of(B)));
        assertThat(logs.messages(Level.WARN, "Skipping a Consul entry"))
                .hasSize(InstanceAddresses.DESCRIBED_REJECTIONS);
        assertThat(logs.messages(Level.WARN, "Skipping 490 more invalid Consul entries of service payments"))
                .hasSize(1);
    }

    @Test
    void anAnswerTricklingInIsGivenUpAtTheQueryDeadline() throws Exception {
        List<Endpoint> known = watchingA("");
        Duration deadline = ConsulHealthClient.deadlineFor(WAIT, 10);
        String body = ScriptedConsul.entries(A, B);
        // The changed list, sent to the blocking query a few bytes at a time over a minute.
        consul.answer(instances(20, A, B), json(20, body).withChunkedDribbleDelay(body.length(), 60_000));
        long trickleStarts = System.nanoTime();

        List<List<Endpoint>> servedMeanwhile = new CopyOnWriteArrayList<>();
        await().atMost(deadline.plusSeconds(3)).until(() -> {
            List<Endpoint> now = served();
            servedMeanwhile.add(now);
            return now.size() == 2;
        });
        Duration seenAfter = Duration.ofNanos(System.nanoTime() - trickleStarts);
        assertThat(seenAfter).isLessThan(deadline.plusSeconds(2));
        assertThat(servedMeanwhile.subList(0, servedMeanwhile.size() - 1))
                .isNotEmpty()
                .allSatisfy(list -> assertThat(list).isSameAs(known));
        assertThat(logs.messages(Level.WARN, "failed for service payments"))
                .singleElement()
                .satisfies(warning -> assertThat(warning)
                        .contains("Consul did not finish answering within " + ConsulHealthClient.goDuration(deadline)
                                + ", the query's deadline"));
        assertThat(ConsulDiscoveryTest.watchThreads())
                .singleElement()
                .satisfies(thread -> assertThat(thread.isAlive()).isTrue());
    }

    @Test
    void aFirstAnswerWithNoUsableEntryIsNotAnEmptyList() {
        consul.answer(json(11, "[" + entry("zero", "10.0.0.3", 0) + "]"));
        ConsulDiscovery discovery = discovery("");
        assertThrows(DiscoveryPendingException.class, () -> discovery.endpoints(PAYMENTS, System.nanoTime()));
        await().atMost(PATIENCE)
                .until(() -> !logs.messages(Level.WARN, "failed for service payments")
                        .isEmpty());

        DiscoveryPendingException error =
                assertThrows(DiscoveryPendingException.class, () -> discovery.endpoints(PAYMENTS, System.nanoTime()));
        assertThat(error.pending()).contains("last error: Consul listed 1 instance(s) and none is usable");
        assertThat(logs.messages(Level.WARN, "failed for service payments"))
                .singleElement()
                .asString()
                .contains("no instances known yet");

        consul.answer(instances(20, A, B), held(300, 20, A, B));
        await().atMost(WAIT.plusSeconds(1)).ignoreExceptions().until(() -> served().size() == 2);
    }
}
