package dev.nala.breaker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.internal.ServiceName;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitRecordTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");

    @Test
    void anOpeningSurvivesTheRoundTrip() throws Exception {
        CircuitRecord opened = CircuitRecord.opened("shop", PAYMENTS, Duration.ofMillis(29_500), "a-1");

        assertThat(opened.encode()).isEqualTo("nala-circuit/1|opened|shop|payments|29500|a-1");
        assertThat(CircuitRecord.parse(opened.encode(), "shop")).isEqualTo(opened);
    }

    @Test
    void aClosingSurvivesTheRoundTrip() throws Exception {
        CircuitRecord closed = CircuitRecord.closed("shop", PAYMENTS, "a-1");

        assertThat(CircuitRecord.parse(closed.encode(), "shop")).isEqualTo(closed);
    }

    @Test
    void garbageIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> CircuitRecord.parse("secret-looking garbage", "shop"))
                .isInstanceOf(CircuitRecord.Invalid.class)
                .hasMessage("not a nala-circuit/1 record (22 characters)");
        assertThatThrownBy(() -> CircuitRecord.parse("x".repeat(10_000), "shop"))
                .hasMessage("not a Nala circuit record (10000 characters)");
        assertThatThrownBy(() -> CircuitRecord.parse("nala-circuit/2|opened|shop|payments|1|a", "shop"))
                .hasMessageStartingWith("not a nala-circuit/1 record");
    }

    @Test
    void anotherApplicationsRecordIsRefused() {
        assertThatThrownBy(() -> CircuitRecord.parse("nala-circuit/1|opened|billing|payments|1000|a", "shop"))
                .hasMessage("written by another application (its key prefix is not 'shop')");
    }

    @Test
    void eachFieldIsChecked() {
        assertThatThrownBy(() -> CircuitRecord.parse("nala-circuit/1|ajar|shop|payments|1000|a", "shop"))
                .hasMessage("unknown kind of record");
        assertThatThrownBy(() -> CircuitRecord.parse("nala-circuit/1|opened|shop|Pay.Ments|1000|a", "shop"))
                .hasMessage("the service name is not valid");
        assertThatThrownBy(() -> CircuitRecord.parse("nala-circuit/1|opened|shop|payments|soon|a", "shop"))
                .hasMessage("the open time is not a number");
        assertThatThrownBy(() -> CircuitRecord.parse("nala-circuit/1|opened|shop|payments|0|a", "shop"))
                .hasMessageStartingWith("the open time is out of range");
        assertThatThrownBy(() -> CircuitRecord.parse("nala-circuit/1|opened|shop|payments|3600001|a", "shop"))
                .hasMessageStartingWith("the open time is out of range");
        assertThatThrownBy(() -> CircuitRecord.parse("nala-circuit/1|closed|shop|payments|5|a", "shop"))
                .hasMessageStartingWith("the open time is out of range");
        assertThatThrownBy(() -> CircuitRecord.parse("nala-circuit/1|opened|shop|payments|1000|a b", "shop"))
                .hasMessage("the origin is not valid");
    }
}
