package dev.nala.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.nala.Environment;
import dev.nala.NalaConfigurationException;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.spi.ModeContext;
import dev.nala.spi.RecordingSharedCircuitStateProvider;
import dev.nala.spi.SharedCircuitState;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SharedCircuitStatesTest {

    /** Sees every class but no ServiceLoader registrations: as if nala-breaker-redis were not added. */
    private static final ClassLoader WITHOUT_MODULES = new ClassLoader(SharedCircuitStatesTest.class.getClassLoader()) {
        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.startsWith("META-INF/services/")) {
                return Collections.emptyEnumeration();
            }
            return super.getResources(name);
        }
    };

    private static ModeContext context(String hocon) {
        NalaSettings settings = NalaSettings.load(
                ConfigFactory.parseString(hocon)
                        .withFallback(ConfigFactory.defaultReference())
                        .resolve(),
                Environment.of(Map.of()));
        return new ModeContext(settings, OpenTelemetry.noop(), Environment.of(Map.of()));
    }

    @BeforeEach
    void forgetEarlierStarts() {
        RecordingSharedCircuitStateProvider.STARTED.clear();
    }

    @Test
    void nothingIsSharedOrLookedUpWhenNoServiceAsks() {
        SharedCircuitState state = SharedCircuitStates.start(context(""), WITHOUT_MODULES);

        assertThat(state).hasToString("no shared circuit state");
        state.publishOpened(ServiceName.of("payment-service"), java.time.Duration.ofSeconds(1));
        state.close();
        assertThat(RecordingSharedCircuitStateProvider.STARTED).isEmpty();
    }

    @Test
    void missingModuleFailsNamingTheArtifactAndTheSetting() {
        ModeContext context = context("nala.services.\"payment-service\".circuit-breaker.shared-state = redis");

        assertThatThrownBy(() -> SharedCircuitStates.start(context, WITHOUT_MODULES))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessage("circuit-breaker.shared-state = redis (set in [nala.services.\"payment-service\"])"
                        + " needs the Maven artifact dev.nala:nala-breaker-redis on the classpath; add the dependency"
                        + " dev.nala:nala-breaker-redis:<nala version>, or set shared-state = none");
    }

    @Test
    void defaultsAskingForRedisStartTheRegisteredModule() {
        ModeContext context = context("nala.defaults.circuit-breaker.shared-state = redis");

        SharedCircuitState state = SharedCircuitStates.start(context, SharedCircuitStatesTest.class.getClassLoader());

        assertThat(state).hasToString("recording");
        assertThat(RecordingSharedCircuitStateProvider.STARTED).containsExactly(context);
    }

    @Test
    void aDisabledBreakerNeedsNoSharedState() {
        ModeContext context = context(
                "nala.services.\"payment-service\".circuit-breaker {" + " enabled = false, shared-state = redis }");

        assertThat(SharedCircuitStates.start(context, WITHOUT_MODULES)).hasToString("no shared circuit state");
    }
}
