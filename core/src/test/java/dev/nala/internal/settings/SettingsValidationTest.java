package dev.nala.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.nala.Environment;
import dev.nala.NalaConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Unknown keys, unit-less durations and contradictions are errors, and all of them are reported at once. */
class SettingsValidationTest {

    private static NalaSettings load(Config config) {
        return NalaSettings.load(
                config.withFallback(ConfigFactory.defaultReference()).resolve(), Environment.of(Map.of()));
    }

    private static NalaConfigurationException failure(String hocon) {
        return catchThrowableOfType(NalaConfigurationException.class, () -> load(ConfigFactory.parseString(hocon)));
    }

    /** Every key Nala ships, under nala and again inside a service's block. */
    static Stream<String> everyShippedKey() {
        ConfigObject nala = ConfigFactory.defaultReference().getObject("nala");
        List<String> paths = new ArrayList<>();
        collect(nala, "nala", paths);
        collect((ConfigObject) nala.get("defaults"), "nala.services.\"payment-service\"", paths);
        return paths.stream();
    }

    private static void collect(ConfigObject object, String path, List<String> paths) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            String keyPath = path + "." + ConfigUtil.joinPath(entry.getKey());
            if (keyPath.equals("nala.services")) {
                continue;
            }
            paths.add(keyPath);
            if (entry.getValue().valueType() == ConfigValueType.OBJECT) {
                collect((ConfigObject) entry.getValue(), keyPath, paths);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("everyShippedKey")
    void aTypoInAnyKeyIsNamedWithTheKeyMeant(String path) {
        List<String> segments = ConfigUtil.splitPath(path);
        String last = segments.get(segments.size() - 1);
        String typo = last.substring(0, 2) + last.charAt(1) + last.substring(2);
        String typoPath = path.substring(0, path.length() - last.length()) + typo;

        NalaConfigurationException error = failure(typoPath + " = 1");

        assertThat(error).isNotNull();
        assertThat(error.problems()).hasSize(1);
        assertThat(error.getMessage())
                .startsWith("Unknown setting " + typoPath + " (String: 1)")
                .endsWith("did you mean " + path + "?");
    }

    @Test
    void theTyposNewUsersMadeAreCaught() {
        assertThat(failure("nala.defaults.retry.max-attemps = 5").getMessage())
                .isEqualTo("Unknown setting nala.defaults.retry.max-attemps (String: 1):"
                        + " did you mean nala.defaults.retry.max-attempts?");
        assertThat(failure("nala.defaults.call-timout = 2s").getMessage())
                .contains("did you mean nala.defaults.call-timeout?");
        assertThat(failure("nala.defaults.retry.backof.initial = 10ms").getMessage())
                .contains("Unknown setting nala.defaults.retry.backof ")
                .contains("did you mean nala.defaults.retry.backoff?");
        assertThat(failure("nala.defualts { port = 8080 }").getMessage()).contains("did you mean nala.defaults?");
        assertThat(failure("nala.services.\"payment-service\" { retry { max-attemps = 2 } }")
                        .getMessage())
                .contains("Unknown setting nala.services.\"payment-service\".retry.max-attemps")
                .contains("did you mean nala.services.\"payment-service\".retry.max-attempts?");
    }

    @Test
    void aKeyAtTheWrongDepthIsPointedToWhereItBelongs() {
        assertThat(failure("nala.defaults.max-attempts = 2").getMessage())
                .contains("did you mean nala.defaults.retry.max-attempts?");
        assertThat(failure("nala.services.\"payment-service\".ejection-time = 5s")
                        .getMessage())
                .contains("did you mean nala.services.\"payment-service\".outlier-detection.ejection-time?");
    }

    @Test
    void aKeyLikeNoOtherListsTheKeysThatExist() {
        assertThat(failure("nala.defaults.retry.colour = blue").getMessage())
                .contains("Unknown setting nala.defaults.retry.colour (String: 1): not a Nala setting;"
                        + " the keys of nala.defaults.retry are")
                .contains("max-attempts");
    }

    @Test
    void keysOutsideNalaAreNotNalasBusiness() {
        assertThat(load(ConfigFactory.parseString("akka.loglevel = DEBUG\nmy-app.max-attemps = 3"))
                        .defaults())
                .isNotNull();
    }

    @Test
    void everyProblemIsReportedAtOnceWithTheFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("application.conf");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "nala {",
                        "  defaults {",
                        "    retry.max-attemps = 5",
                        "    call-timeout = 5",
                        "    retry.on-status = [500, 700]",
                        "  }",
                        "  consul.wait = forever",
                        "}"));

        NalaConfigurationException error = catchThrowableOfType(
                NalaConfigurationException.class, () -> load(ConfigFactory.parseFile(file.toFile())));

        String where = "(" + file + ":";
        assertThat(error.problems())
                .containsExactlyInAnyOrder(
                        "Unknown setting nala.defaults.retry.max-attemps " + where + "3):"
                                + " did you mean nala.defaults.retry.max-attempts?",
                        "Invalid setting nala.defaults.call-timeout = 5 " + where + "4): a duration needs a unit:"
                                + " a bare 5 would be read as 5 milliseconds; write 5ms, or 5s if seconds were meant",
                        "Invalid setting nala.defaults.retry.on-status = [500,700] " + where + "5):"
                                + " every entry must be between 100 and 599, found 700",
                        "Invalid setting nala.consul.wait = \"forever\" " + where + "7):"
                                + " expected a duration such as 250ms, 2s or 1m");
        assertThat(error.getMessage()).startsWith("4 problems in Nala's settings:\n  ");
        assertThat(error.getMessage().lines()).hasSize(5);
    }

    @Test
    void aDurationWithoutUnitIsRefusedEvenQuoted() {
        assertThat(failure("nala.defaults.per-try-timeout = \"250\"").getMessage())
                .contains("a bare 250 would be read as 250 milliseconds; write 250ms, or 250s if seconds were meant");
        assertThat(failure("nala.consul.error-backoff.initial = 1.5").getMessage())
                .contains("nala.consul.error-backoff.initial")
                .contains("needs a unit");
        assertThat(load(ConfigFactory.parseString("nala.defaults.call-timeout = 5 s"))
                        .defaults()
                        .callTimeout())
                .hasSeconds(5);
    }

    @Test
    void endpointsWhileDiscoveryIsConsulIsAnErrorNamingBothKeys() {
        String message = failure("nala.services.inventory.endpoints = [\"127.0.0.1:8080\"]")
                .getMessage();
        assertThat(message)
                .startsWith("Invalid setting nala.services.\"inventory\".endpoints = [\"127.0.0.1:8080\"] (String: 1)")
                .contains("nala.services.\"inventory\".discovery is consul (reference.conf:")
                .contains("add discovery = static");
        assertThat(load(ConfigFactory.parseString(
                                "nala.services.inventory { discovery = static, endpoints = [\"127.0.0.1:8080\"] }"))
                        .configuredServices())
                .hasSize(1);
    }

    @Test
    void staticDefaultsLetEachServiceListItsOwnEndpoints() {
        NalaSettings settings = load(ConfigFactory.parseString(
                "nala.defaults.discovery = static\n" + "nala.services.orders.endpoints = [\"127.0.0.1:8080\"]"));
        assertThat(settings.configuredServices()).hasSize(1);
        assertThat(failure("nala.defaults.discovery = static\nnala.services.orders.port = 8080")
                        .getMessage())
                .startsWith("Invalid setting nala.services.\"orders\".discovery = \"static\" (String: 1):"
                        + " nala.services.\"orders\".endpoints is empty");
    }

    @Test
    void aBlockOfTheWrongTypeDoesNotHideTheOtherProblems() {
        NalaConfigurationException error = failure("nala.defaults.retry = 3\nnala.consul.wait = 5");
        assertThat(error.problems()).hasSize(2);
        assertThat(error.problems().get(0)).contains("retry");
        assertThat(error.problems().get(1)).contains("nala.consul.wait").contains("needs a unit");
    }

    @Test
    void aCheckAcrossKeysIsNotMadeWithAValueAlreadyFoundBad() {
        NalaConfigurationException error = failure("nala.defaults.retry.backoff { initial = 1s, max = 5 }");
        assertThat(error.problems())
                .singleElement()
                .asString()
                .contains("backoff.max")
                .contains("needs a unit");
        assertThatThrownBy(() ->
                        load(ConfigFactory.parseString("nala.defaults.retry.backoff { initial = 1s, max = 500ms }")))
                .hasMessageContaining("must not be shorter than nala.defaults.retry.backoff.initial (1s)");
    }

    @Test
    void anEmptyEnvironmentVariableCountsAsUnset() {
        NalaSettings settings = NalaSettings.load(
                ConfigFactory.parseString("nala.consul.address = \"http://consul.local:8500\"")
                        .withFallback(ConfigFactory.defaultReference())
                        .resolve(),
                Environment.of(Map.of("CONSUL_HTTP_ADDR", "", "CONSUL_HTTP_TOKEN", "  ", "NALA_REDIS_URI", "")));
        assertThat(settings.consul().address().host()).isEqualTo("consul.local");
        assertThat(settings.consul().addressSource()).startsWith("config key nala.consul.address (String: 1)");
        assertThat(settings.consul().token()).isEmpty();
        assertThat(settings.redis().uri().reveal()).isEqualTo("redis://127.0.0.1:6379");
    }
}
