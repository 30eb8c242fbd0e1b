package dev.nala.benchmarks;

import static dev.nala.benchmarks.Contender.FAILSAFE;
import static dev.nala.benchmarks.Contender.NALA_MESH;
import static dev.nala.benchmarks.Contender.RAW_OKHTTP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoopbackLoadTest {

    @Test
    void eachCycleStartsOnePlaceLaterSoEveryClientTakesEveryPlace() {
        List<Contender> clients = List.of(RAW_OKHTTP, NALA_MESH, FAILSAFE);
        assertThat(LoopbackLoad.cycleOrder(clients, 0)).containsExactly(RAW_OKHTTP, NALA_MESH, FAILSAFE);
        assertThat(LoopbackLoad.cycleOrder(clients, 1)).containsExactly(NALA_MESH, FAILSAFE, RAW_OKHTTP);
        assertThat(LoopbackLoad.cycleOrder(clients, 2)).containsExactly(FAILSAFE, RAW_OKHTTP, NALA_MESH);
        assertThat(LoopbackLoad.cycleOrder(clients, 3)).containsExactly(RAW_OKHTTP, NALA_MESH, FAILSAFE);
        assertThat(clients).containsExactly(RAW_OKHTTP, NALA_MESH, FAILSAFE);
    }

    @Test
    void noClientsNoOrder() {
        assertThat(LoopbackLoad.cycleOrder(List.<Contender>of(), 5)).isEmpty();
    }
}
