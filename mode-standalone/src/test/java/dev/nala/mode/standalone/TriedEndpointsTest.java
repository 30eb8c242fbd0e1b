package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.internal.Endpoint;
import org.junit.jupiter.api.Test;

class TriedEndpointsTest {
    private static final Endpoint A = Endpoint.of("10.0.0.1", 8080);
    private static final Endpoint B = Endpoint.of("10.0.0.2", 8080);
    private static final Endpoint C = Endpoint.of("10.0.0.3", 8080);

    @Test
    void beforeTheFirstAttemptNothingIsTried() {
        TriedEndpoints tried = new TriedEndpoints();
        assertThat(tried.size()).isZero();
        assertThat(tried.last()).isNull();
        assertThat(tried.all()).isEmpty();
        assertThat(tried.contains(A)).isFalse();
    }

    @Test
    void oneEndpoint() {
        TriedEndpoints tried = new TriedEndpoints();
        tried.add(A);
        assertThat(tried.size()).isEqualTo(1);
        assertThat(tried.last()).isEqualTo(A);
        assertThat(tried.all()).containsExactly(A);
        assertThat(tried.contains(Endpoint.of("10.0.0.1", 8080))).isTrue();
        assertThat(tried.contains(B)).isFalse();
    }

    @Test
    void severalEndpointsKeepTheirOrderAndRepeats() {
        TriedEndpoints tried = new TriedEndpoints();
        tried.add(A);
        tried.add(B);
        tried.add(A);
        assertThat(tried.size()).isEqualTo(3);
        assertThat(tried.last()).isEqualTo(A);
        assertThat(tried.all()).containsExactly(A, B, A);
        assertThat(tried.contains(B)).isTrue();
        assertThat(tried.contains(C)).isFalse();
        tried.add(C);
        assertThat(tried.last()).isEqualTo(C);
        assertThat(tried.all()).containsExactly(A, B, A, C);
    }
}
