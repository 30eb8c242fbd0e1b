package dev.nala.breaker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.nala.breaker.redis.testing.RedisServer;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.Secret;
import dev.nala.mode.standalone.breaker.CircuitBreakerSharing;
import dev.nala.testing.LogCapture;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.params.SetParams;

/**
 * Replicas sharing breaker state through a real redis-server. Each replica is one Resilience4j
 * breaker attached to its own {@link RedisCircuitState} (its own connections), as three factories
 * in three processes would be.
 */
class SharedCircuitStateRedisTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final ServiceName ORDERS = ServiceName.of("orders");
    private static final ServiceName STOCK = ServiceName.of("stock");
    private static final String PREFIX = "shop";
    private static final Duration WAIT_IN_OPEN = Duration.ofSeconds(30);
    /** Generous bound for "within about a second", so a busy 2-core machine does not fail the test. */
    private static final Duration SHARED_WITHIN = Duration.ofSeconds(10);
    /** Short retries so recovery is quick in tests; the shipped ones are in Timings.DEFAULT. */
    private static final Timings QUICK = new Timings(
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofMillis(100),
            Duration.ofMillis(500),
            Duration.ofMillis(500));

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final LogCapture logs = LogCapture.everyLogger();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        logs.close();
    }

    private RedisServer redis(String password) throws Exception {
        RedisServer server = RedisServer.start(dir, password);
        toClose.add(server);
        return server;
    }

    private RedisCircuitState state(String uri) {
        RedisCircuitState state = RedisCircuitState.start(RedisAddress.parse(Secret.of(uri)), PREFIX, QUICK);
        toClose.add(state);
        return state;
    }

    private static CircuitBreaker breaker(String replica) {
        return CircuitBreaker.of(
                replica,
                CircuitBreakerConfig.custom()
                        .waitDurationInOpenState(WAIT_IN_OPEN)
                        .build());
    }

    /** One replica: a breaker for {@code service} attached to a fresh shared state. */
    private CircuitBreaker replica(String name, ServiceName service, String uri) {
        CircuitBreaker breaker = breaker(name);
        CircuitBreakerSharing.attach(service, breaker, state(uri));
        return breaker;
    }

    private static void awaitState(CircuitBreaker breaker, State state) {
        await(breaker.getName() + " " + state).atMost(SHARED_WITHIN).until(breaker::getState, state::equals);
    }

    @Test
    void threeReplicasShareAnOpeningAndAClosing() throws Exception {
        RedisServer redis = redis(null);
        CircuitBreaker a = replica("a", PAYMENTS, redis.uri());
        CircuitBreaker b = replica("b", PAYMENTS, redis.uri());
        CircuitBreaker c = replica("c", PAYMENTS, redis.uri());
        awaitSubscribers(redis, 3);

        a.transitionToOpenState();

        awaitState(b, State.OPEN);
        awaitState(c, State.OPEN);
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.get("shop:circuit:payments")).startsWith("nala-circuit/1|opened|shop|payments|");
            assertThat(jedis.pttl("shop:circuit:payments")).isBetween(1L, WAIT_IN_OPEN.toMillis());
        }

        a.transitionToHalfOpenState(); // a's own probe time: not shared
        a.transitionToClosedState();

        awaitState(b, State.CLOSED);
        awaitState(c, State.CLOSED);
        assertThat(a.getState()).isEqualTo(State.CLOSED);
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.exists("shop:circuit:payments")).isFalse();
        }
    }

    @Test
    void aReplicaStartedLaterPicksUpAnOpenCircuit() throws Exception {
        RedisServer redis = redis(null);
        CircuitBreaker first = replica("first", PAYMENTS, redis.uri());
        first.transitionToOpenState();
        try (Jedis jedis = redis.client()) {
            await("the opening is recorded").atMost(SHARED_WITHIN).until(() -> jedis.exists("shop:circuit:payments"));
        }

        CircuitBreaker late = replica("late", PAYMENTS, redis.uri());

        awaitState(late, State.OPEN);
        assertThatThrownBy(() -> late.executeSupplier(() -> "called")).isInstanceOf(CallNotPermittedException.class);
    }

    @Test
    void breakersWorkOnTheirOwnWhileRedisIsDownAndSharingResumesWhenItIsBack() throws Exception {
        RedisServer redis = redis(null);
        CircuitBreaker a = replica("a", PAYMENTS, redis.uri());
        CircuitBreaker b = replica("b", PAYMENTS, redis.uri());
        awaitSubscribers(redis, 2);

        redis.kill();
        await("both replicas notice the outage")
                .atMost(SHARED_WITHIN)
                .until(() -> logs.messages(Level.WARN, "is unavailable").size() == 2);

        a.transitionToOpenState(); // decided while Redis is away: no exception, the breaker is open
        assertThat(a.getState()).isEqualTo(State.OPEN);
        assertThatThrownBy(() -> a.executeSupplier(() -> "called")).isInstanceOf(CallNotPermittedException.class);
        assertThat(b.executeSupplier(() -> "called")).isEqualTo("called");
        assertThat(b.getState()).isEqualTo(State.CLOSED);

        redis.restart();

        await("both replicas say Redis is back")
                .atMost(SHARED_WITHIN)
                .until(() -> logs.messages(Level.INFO, "reachable again").size() == 2);
        awaitState(b, State.OPEN); // a's opening, decided during the outage, is written when Redis is back
        a.transitionToClosedState();
        awaitState(b, State.CLOSED);
        assertThat(logs.messages(Level.WARN, "is unavailable"))
                .as("one WARN per replica for the one outage")
                .hasSize(2);
        assertThat(logs.messages(Level.INFO, "reachable again")).hasSize(2);
    }

    @Test
    void aWrongPasswordWarnsWithoutShowingItAndBreakersWorkLocally() throws Exception {
        String right = "right-Pa55word-7";
        String wrong = "wrong-Pa55word-9";
        RedisServer redis = redis(right);
        CircuitBreaker withRight = replica("right", PAYMENTS, redis.uriWithPassword(right));
        CircuitBreaker alsoRight = replica("also-right", PAYMENTS, redis.uriWithPassword(right));
        CircuitBreaker withWrong = replica("wrong", PAYMENTS, redis.uriWithPassword(wrong));
        awaitSubscribers(redis, 2);
        await("the replica with the wrong password warns")
                .atMost(SHARED_WITHIN)
                .until(() -> logs.messages(Level.WARN, "is unavailable").size() == 1);

        withWrong.transitionToOpenState();
        assertThat(withWrong.getState()).isEqualTo(State.OPEN);
        withRight.transitionToOpenState();
        awaitState(alsoRight, State.OPEN);

        assertThat(logs.messages(Level.WARN, "is unavailable"))
                .singleElement()
                .asString()
                .contains("redis://127.0.0.1:" + redis.port());
        assertThat(logs.everything()).doesNotContain(wrong).doesNotContain(right);
        assertThat(RedisAddress.parse(Secret.of(redis.uriWithPassword(wrong))).toString())
                .doesNotContain(wrong);
    }

    @Test
    void garbageForeignRecordsAndOtherPrefixesAreIgnored() throws Exception {
        RedisServer redis = redis(null);
        try (Jedis jedis = redis.client()) {
            SetParams ttl = SetParams.setParams().px(WAIT_IN_OPEN.toMillis());
            jedis.set("shop:circuit:payments", "{\"open\":true}", ttl);
            jedis.set("shop:circuit:orders", "nala-circuit/1|opened|billing|orders|30000|other-app", ttl);
            jedis.set("billing:circuit:payments", "nala-circuit/1|opened|billing|payments|30000|other-app", ttl);
            jedis.hset("shop:circuit:stock", "open", "true");
        }
        CircuitBreaker payments = replica("payments", PAYMENTS, redis.uri());
        CircuitBreaker orders = replica("orders", ORDERS, redis.uri());
        CircuitBreaker stock = replica("stock", STOCK, redis.uri());

        await("the bad keys are reported")
                .atMost(SHARED_WITHIN)
                .until(() -> logs.messages(Level.WARN, "ignoring Redis key shop:circuit:payments: not a nala-circuit/1")
                                        .size()
                                == 1
                        && logs.messages(Level.WARN, "ignoring Redis key shop:circuit:orders: written by another")
                                        .size()
                                == 1
                        && logs.messages(Level.WARN, "ignoring Redis key shop:circuit:stock: it is not a string")
                                        .size()
                                == 1);
        assertThat(payments.getState()).isEqualTo(State.CLOSED);
        assertThat(orders.getState()).isEqualTo(State.CLOSED);
        assertThat(stock.getState()).isEqualTo(State.CLOSED);
        assertThat(logs.messages(Level.WARN, "is unavailable"))
                .as("a bad key is not an outage")
                .isEmpty();

        awaitSubscribers(redis, 3);
        try (Jedis jedis = redis.client()) {
            jedis.publish("shop:circuit:events", "nala-circuit/1|opened|shop|payments|-5|x");
            await("the bad message is reported")
                    .atMost(SHARED_WITHIN)
                    .until(() -> logs.messages(Level.WARN, "ignoring a message on Redis channel shop:circuit:events")
                                    .size()
                            >= 1);
            assertThat(payments.getState()).isEqualTo(State.CLOSED);

            jedis.publish("shop:circuit:events", "nala-circuit/1|opened|shop|payments|30000|another-replica");
        }
        awaitState(payments, State.OPEN); // the listener still works after the garbage
        assertThat(orders.getState()).isEqualTo(State.CLOSED);
    }

    @Test
    void aListeningConnectionThatStopsAnsweringIsReplaced() throws Exception {
        RedisServer redis = redis(null);
        CircuitBreaker a = replica("a", PAYMENTS, redis.uri());
        awaitSubscribers(redis, 1);
        long listenerBefore;
        try (Jedis jedis = redis.client()) {
            listenerBefore = listeningClientId(jedis);
            jedis.clientPause(5_000, ClientPauseMode.ALL); // Redis keeps the connections but answers nothing
        }

        await("the outage is noticed")
                .atMost(SHARED_WITHIN)
                .until(() -> logs.messages(Level.WARN, "is unavailable").size() == 1);
        await("a new listening connection once Redis answers again")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> {
                    try (Jedis jedis = redis.client()) {
                        long now = listeningClientId(jedis);
                        return now != -1 && now != listenerBefore;
                    }
                });
        CircuitBreaker b = replica("b", PAYMENTS, redis.uri());
        awaitSubscribers(redis, 2);
        b.transitionToOpenState();
        awaitState(a, State.OPEN);
    }

    /** The id of the one client subscribed to a channel, or -1 if none is. */
    private static long listeningClientId(Jedis jedis) {
        long found = -1;
        for (String line : jedis.clientList().split("\n")) {
            if (line.contains(" sub=1 ")) {
                assertThat(found).as("one listening client").isEqualTo(-1);
                found = Long.parseLong(line.substring(3, line.indexOf(' ')));
            }
        }
        return found;
    }

    private static void awaitSubscribers(RedisServer redis, long count) {
        try (Jedis jedis = redis.client()) {
            await(count + " replicas listening")
                    .atMost(SHARED_WITHIN)
                    .until(() -> jedis.pubsubNumSub("shop:circuit:events").get("shop:circuit:events") >= count);
        }
    }
}
