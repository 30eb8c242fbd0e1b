package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class PerLogicalHostTest {
    private final AtomicInteger loads = new AtomicInteger();

    private static HttpUrl url(String host) {
        return HttpUrl.get("http://" + host + "/charge");
    }

    @Test
    void aHostIsWorkedOutOnceAndThenReused() throws IOException {
        PerLogicalHost<String> cache = new PerLogicalHost<>(url -> url.host() + "#" + loads.incrementAndGet());

        assertThat(cache.get(url("payment-service"))).isEqualTo("payment-service#1");
        assertThat(cache.get(url("payment-service"))).isEqualTo("payment-service#1");
        assertThat(cache.get(url("ledger"))).isEqualTo("ledger#2");
        assertThat(loads).hasValue(2);
    }

    @Test
    void aFailureIsNotKeptSoTheNextCallFailsToo() {
        PerLogicalHost<String> cache = new PerLogicalHost<>(url -> {
            loads.incrementAndGet();
            throw new IOException("bad name " + url.host());
        });

        assertThatThrownBy(() -> cache.get(url("pay_ment"))).hasMessage("bad name pay_ment");
        assertThatThrownBy(() -> cache.get(url("pay_ment"))).hasMessage("bad name pay_ment");
        assertThat(loads).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void hostsPastTheBoundAreWorkedOutOnEachCallAndNotKept() throws IOException {
        PerLogicalHost<String> cache = new PerLogicalHost<>(url -> url.host() + "#" + loads.incrementAndGet());
        for (int i = 0; i < PerLogicalHost.MAX_HOSTS + 100; i++) {
            cache.get(url("service-" + i));
        }
        assertThat(cache.size()).isEqualTo(PerLogicalHost.MAX_HOSTS);

        int before = loads.get();
        String late = "service-" + (PerLogicalHost.MAX_HOSTS + 50);
        assertThat(cache.get(url(late))).isEqualTo(late + "#" + (before + 1));
        assertThat(cache.get(url(late))).isEqualTo(late + "#" + (before + 2));
        assertThat(cache.get(url("service-0"))).isEqualTo("service-0#1");
    }
}
