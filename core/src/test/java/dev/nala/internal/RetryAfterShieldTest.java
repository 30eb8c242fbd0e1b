package dev.nala.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which {@code Retry-After} values of a 503 are hidden from OkHttp's follow-up logic: those it
 * would act on (zero, repeating the request) or fail to parse (digits past
 * {@code Integer.MAX_VALUE}, an unchecked {@code NumberFormatException}).
 */
class RetryAfterShieldTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "000", "2147483648", "99999999999999999999", "000002147483648"})
    void hidesWhatOkHttpWouldRepeatOnOrFailToParse(String value) {
        assertThat(RetryAfterShield.isMisreadByOkHttp(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"1", "120", "2147483647", "0002147483647", "", " 0", "-1", "1.5", "Wed, 21 Oct 2015 07:28:00 GMT"
            })
    void leavesWhatOkHttpReadsSafely(String value) {
        assertThat(RetryAfterShield.isMisreadByOkHttp(value)).isFalse();
    }
}
