package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The W3C Trace Context level 2 rules for passing an inbound tracestate on. */
class InboundTraceStateTest {

    @Test
    void validMembersArePassedOnWithoutTheWhitespaceAndEmptyMembersAround() {
        assertThat(InboundTraceState.valid("congo=t61rcWkgMzE")).contains("congo=t61rcWkgMzE");
        assertThat(InboundTraceState.valid(" foo=1 ,\t,bar=2\t, ")).contains("foo=1,bar=2");
        assertThat(InboundTraceState.valid("foo= 1"))
                .as("leading spaces belong to the value")
                .contains("foo= 1");
        assertThat(InboundTraceState.valid("foo=1,foo=2"))
                .as("duplicates may be kept as they are")
                .contains("foo=1,foo=2");
    }

    @Test
    void anEmptyHeaderIsAcceptedAndNothingIsSent() {
        assertThat(InboundTraceState.valid("")).isEmpty();
        assertThat(InboundTraceState.valid(" , ,")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "foo@=1,bar=2",
                "foo@@bar=1,bar=2",
                "foo@bar@baz=1,bar=2",
                "a*b/c_d-e=1",
                "0vendor=1",
                "foo=!\"#$%&'()*+-./:;<>?@[\\]^_`{|}~ x"
            })
    void keysAndValuesOfTheCurrentGrammarAreKept(String header) {
        assertThat(InboundTraceState.valid(header)).contains(header);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "@foo=1,bar=2",
                "Foo=1,bar=2",
                "foo.bar=1,bar=2",
                "foo bar=1",
                "=1,bar=2",
                "foo,bar=2",
                "foo=,bar=2",
                "foo=1=2,bar=2",
                "foo=\u00e9,bar=2",
                "foo=a\tb,bar=2",
                "foo=a\u007f,bar=2"
            })
    void aHeaderWithAnInvalidMemberIsDroppedWhole(String header) {
        assertThat(InboundTraceState.valid(header)).isEmpty();
    }

    @Test
    void keysAndValuesMayHave256CharactersAndNoMore() {
        String key256 = "z".repeat(256);
        assertThat(InboundTraceState.valid("foo=1," + key256 + "=1")).contains("foo=1," + key256 + "=1");
        assertThat(InboundTraceState.valid("foo=1," + "z".repeat(257) + "=1")).isEmpty();
        String tenantKey = "t".repeat(241) + "@" + "v".repeat(14);
        assertThat(InboundTraceState.valid(tenantKey + "=1")).contains(tenantKey + "=1");
        assertThat(InboundTraceState.valid("foo=" + "v".repeat(256))).isPresent();
        assertThat(InboundTraceState.valid("foo=" + "v".repeat(257))).isEmpty();
    }

    @Test
    void thirtyTwoMembersAreKeptAndThirtyThreeDropTheHeader() {
        String members32 =
                IntStream.rangeClosed(1, 32).mapToObj(i -> "bar" + i + "=" + i).collect(Collectors.joining(","));
        assertThat(InboundTraceState.valid(members32)).contains(members32);
        assertThat(InboundTraceState.valid(members32 + ",bar33=33")).isEmpty();
        assertThat(InboundTraceState.valid(members32 + ", ,"))
                .as("empty members do not count")
                .contains(members32);
    }
}
