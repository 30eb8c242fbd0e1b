package dev.nala.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.NalaConfigurationException;
import dev.nala.internal.settings.NalaSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;
import org.springframework.boot.configurationmetadata.ValueHint;
import org.springframework.mock.env.MockEnvironment;

/**
 * The configuration metadata IDEs read for {@code nala.*} in {@code application.yml} is generated
 * from Nala's {@code reference.conf} and names only keys Nala reads, with the types it reads them
 * as. Regenerate it with {@code mvn -B -pl spring-boot -am test -Dtest=ConfigurationMetadataTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dnala.regenerate=true}.
 */
class ConfigurationMetadataTest {
    private static final Path CHECKED_IN = Path.of("src/main/resources/META-INF/spring-configuration-metadata.json");
    private static final String REGENERATE = "mvn -B -pl spring-boot -am test -Dtest=ConfigurationMetadataTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dnala.regenerate=true";

    @Test
    void theCheckedInMetadataIsWhatReferenceConfGives() throws Exception {
        String expected = ConfigurationMetadataWriter.write();
        if (Boolean.getBoolean("nala.regenerate")) {
            Files.writeString(CHECKED_IN, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(CHECKED_IN, StandardCharsets.UTF_8))
                .as("%s differs from what reference.conf gives; regenerate with %s", CHECKED_IN, REGENERATE)
                .isEqualTo(expected);
    }

    @Test
    void springToolsReadTheMetadataFromTheJar() throws Exception {
        Map<String, ConfigurationMetadataProperty> properties = metadata().getAllProperties();

        ConfigurationMetadataProperty callTimeout = properties.get("nala.defaults.call-timeout");
        assertThat(callTimeout.getType()).isEqualTo("java.time.Duration");
        assertThat(callTimeout.getDefaultValue()).isEqualTo("10s");
        assertThat(callTimeout.getDescription()).contains("all attempts and backoffs included");
        assertThat(properties.get("nala.defaults.retry.max-attempts").getDefaultValue())
                .isEqualTo(3);
        assertThat(properties.get("nala.defaults.retry.on-status").getDefaultValue())
                .isEqualTo(new Object[] {429, 500, 502, 503, 504});
        assertThat(properties.get("nala.defaults.retry.backoff.max").getDescription())
                .as("a key without a comment of its own takes its block's")
                .contains("Full jitter");
        assertThat(properties.get("nala.services").getType()).startsWith("java.util.Map<");
        assertThat(properties.get("nala.deployment-mode").getHints().getValueHints())
                .extracting(ValueHint::getValue)
                .containsExactly("standalone", "mesh");
        assertThat(properties.get("nala.defaults.retry.backoff.multiplier").getType())
                .as("2.0 in reference.conf")
                .isEqualTo("java.lang.Double");
        assertThat(properties)
                .doesNotContainKey("nala.defaults.retry")
                .as("a service's own block is the only place for its subsets")
                .doesNotContainKey("nala.defaults.subsets");
    }

    @Test
    void everyPropertyIsAKeyNalaReadsAndKeepsItsDefault() throws Exception {
        MockEnvironment environment = new MockEnvironment();
        for (ConfigurationMetadataProperty property : properties()) {
            if (property.getDefaultValue() instanceof Object[] list) {
                for (int i = 0; i < list.length; i++) {
                    environment.setProperty(property.getId() + "[" + i + "]", String.valueOf(list[i]));
                }
            } else if (property.getDefaultValue() != null) {
                environment.setProperty(property.getId(), String.valueOf(property.getDefaultValue()));
            }
        }

        NalaSettings settings = load(environment);

        assertThat(settings.defaults())
                .as("every default written back as a Spring property gives the defaults")
                .isEqualTo(load(new MockEnvironment()).defaults());
    }

    @Test
    void everyTypedPropertyIsReadAsThatType() throws Exception {
        int checked = 0;
        for (ConfigurationMetadataProperty property : properties()) {
            List<String> wrongKinds = switch (property.getType()) {
                case "java.time.Duration" -> List.of("not-a-duration");
                case "java.lang.Integer" -> List.of("not-a-number", "1.5");
                case "java.lang.Double" -> List.of("not-a-number");
                case "java.lang.Boolean" -> List.of("not-a-boolean");
                default -> List.of();
            };
            for (String wrongKind : wrongKinds) {
                MockEnvironment environment = new MockEnvironment().withProperty(property.getId(), wrongKind);
                assertThatThrownBy(() -> load(environment))
                        .as("%s typed %s, set to %s", property.getId(), property.getType(), wrongKind)
                        .isInstanceOf(NalaConfigurationException.class)
                        .hasMessageContaining(property.getId())
                        .hasMessageContaining(wrongKind);
                checked++;
            }
        }
        assertThat(checked).as("wrong values checked").isGreaterThan(60);
    }

    @Test
    void everyHintIsAValueNalaAcceptsAndNoOtherIs() throws Exception {
        int checked = 0;
        for (ConfigurationMetadataProperty property : properties()) {
            for (ValueHint hint : property.getHints().getValueHints()) {
                MockEnvironment environment =
                        new MockEnvironment().withProperty(property.getId(), String.valueOf(hint.getValue()));
                assertThat(problemsWith(environment))
                        .as("%s = %s", property.getId(), hint.getValue())
                        .doesNotContain(property.getId());
                checked++;
            }
            if (!property.getHints().getValueHints().isEmpty()) {
                MockEnvironment environment = new MockEnvironment().withProperty(property.getId(), "no-such-choice");
                assertThat(problemsWith(environment))
                        .contains(property.getId())
                        .contains("\"no-such-choice\"")
                        .contains("valid values are");
            }
        }
        assertThat(checked).as("hints checked").isGreaterThan(15);
    }

    private static String problemsWith(MockEnvironment environment) {
        try {
            load(environment);
            return "";
        } catch (NalaConfigurationException e) {
            return e.getMessage();
        }
    }

    private static NalaSettings load(MockEnvironment environment) {
        Config springProperties = SpringNalaProperties.from(environment);
        Config config =
                springProperties.withFallback(ConfigFactory.defaultReference()).resolve();
        DeploymentMode.parse(config.getString("nala.deployment-mode"), "nala.deployment-mode");
        return NalaSettings.load(config, Environment.of(Map.of()));
    }

    private static Collection<ConfigurationMetadataProperty> properties() throws Exception {
        return List.copyOf(metadata().getAllProperties().values());
    }

    private static ConfigurationMetadataRepository metadata() throws Exception {
        try (InputStream json =
                ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(json).as("the metadata on the class path").isNotNull();
            return ConfigurationMetadataRepositoryJsonBuilder.create(json).build();
        }
    }
}
