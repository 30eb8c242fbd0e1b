package dev.nala.internal.settings;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.NalaConfigurationException;
import org.junit.jupiter.api.Test;

/** A service key that is not a valid service name fails with a message that stays on one line. */
class ServiceKeyTest {

    @Test
    void controlCharactersInAServiceKeyAreEscapedInTheMessage() {
        assertThatThrownBy(() -> NalaSettingsTest.load("nala.services.\"pay\\r\\nment\" { port = 8080 }"))
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageStartingWith(
                        "Invalid service key nala.services.\"pay\\r\\nment\" (String: 1): Invalid service name"
                                + " \"pay\\r\\nment\": only lower-case letters, digits and '-' are allowed")
                .hasMessageContaining("found \"\\r\"")
                .hasMessageNotContaining("\r")
                .hasMessageNotContaining("\n")
                .hasNoCause();
        assertThatThrownBy(() -> NalaSettingsTest.load("nala.services.\"pay\\u001bment\" { port = 8080 }"))
                .hasMessageContaining("\"pay\\u001bment\"")
                .hasMessageNotContaining("\u001b");
    }
}
