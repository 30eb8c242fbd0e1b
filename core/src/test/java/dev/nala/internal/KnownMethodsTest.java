package dev.nala.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnownMethodsTest {

    @Test
    void knownMethodsFollowTheConventionsAndTheirOverrideVariable() {
        KnownMethods defaults = KnownMethods.from(Environment.of(Map.of()));
        assertThat(defaults.reported("PATCH")).isEqualTo("PATCH");
        assertThat(defaults.reported("get")).isEqualTo("_OTHER");
        assertThat(defaults.reported("PROPFIND")).isEqualTo("_OTHER");
        KnownMethods custom = KnownMethods.from(Environment.of(Map.of(KnownMethods.VARIABLE, "GET, PROPFIND")));
        assertThat(custom.reported("PROPFIND")).isEqualTo("PROPFIND");
        assertThat(custom.reported("POST")).isEqualTo("_OTHER");
    }
}
