package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusTableTest {

    @Test
    void holdsAValueForEachGivenCodeAndNothingElse() {
        StatusTable<String> table = StatusTable.of(Set.of(429, 500, 502, 503, 504), code -> "status_" + code);

        assertThat(table.get(429)).isEqualTo("status_429");
        assertThat(table.get(503)).isEqualTo("status_503");
        assertThat(table.get(504)).isEqualTo("status_504");
        assertThat(table.get(430)).isNull();
        assertThat(table.get(501)).isNull();
        assertThat(table.get(428)).isNull();
        assertThat(table.get(505)).isNull();
        assertThat(table.get(200)).isNull();
        assertThat(table.get(0)).isNull();
        assertThat(table.get(-1)).isNull();
        assertThat(table.get(999)).isNull();
    }

    @Test
    void anEmptyTableAnswersNullForEveryCode() {
        StatusTable<String> table = StatusTable.of(List.of(), code -> "unused");

        assertThat(table.get(0)).isNull();
        assertThat(table.get(503)).isNull();
    }

    @Test
    void aSingleCodeIsItsOwnRange() {
        StatusTable<Integer> table = StatusTable.of(List.of(503), code -> code * 2);

        assertThat(table.get(503)).isEqualTo(1006);
        assertThat(table.get(502)).isNull();
        assertThat(table.get(504)).isNull();
    }
}
