package dev.nala.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PropertyPathTest {

    @Test
    void dotsSeparateKeysAndBracketsHoldIndexesOrWholeKeys() {
        assertThat(PropertyPath.split("nala.services.inventory.endpoints[0]"))
                .containsExactly("nala", "services", "inventory", "endpoints", 0);
        assertThat(PropertyPath.split("nala.services[pay.v2].port"))
                .containsExactly("nala", "services", "pay.v2", "port");
        assertThat(PropertyPath.split("a[1][2].b")).containsExactly("a", 1, 2, "b");
    }

    @Test
    void joinWritesTheKeysBackAsSpringWritesTheName() {
        for (String name :
                new String[] {"nala.services.inventory.endpoints[0]", "nala.services[pay.v2].port", "a[1][2].b"}) {
            assertThat(PropertyPath.join(PropertyPath.split(name))).isEqualTo(name);
        }
    }
}
