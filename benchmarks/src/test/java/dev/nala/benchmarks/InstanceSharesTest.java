package dev.nala.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceSharesTest {

    @Test
    void aShareIsOfAllTheInstancesRequests() {
        assertThat(InstanceShares.share(new long[] {45, 45, 10}, 2)).isEqualTo(0.10);
        assertThat(InstanceShares.share(new long[] {0, 0, 0}, 2)).isZero();
    }

    @Test
    void recoveryIsTheFirstWindowWithTheShare() {
        List<long[]> windows = List.of(
                new long[] {50, 50, 0}, new long[] {45, 45, 10}, new long[] {37, 38, 25}, new long[] {45, 45, 10});

        assertThat(InstanceShares.firstWindowWithShare(windows, 2, 0.25)).isEqualTo(2);
        assertThat(InstanceShares.firstWindowWithShare(windows, 2, 0.30)).isEqualTo(-1);
    }
}
