package dev.nala.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.InvalidServiceNameException;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://payment-service/charge", "https://a/", "http://svc-2:8080/x?y=1"})
    void aSingleLabelHostNamesALogicalService(String url) throws Exception {
        assertThat(ServiceName.fromUrl(HttpUrl.get(url))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://payment.example.com/",
                "http://10.0.0.5:8080/",
                "http://[::1]:8080/",
                "http://localhost:8080/",
                "http://payment-service.shop.svc.cluster.local/"
            })
    void anyOtherHostIsUsedAsWritten(String url) throws Exception {
        assertThat(ServiceName.fromUrl(HttpUrl.get(url))).isEmpty();
    }

    @Test
    void theNameIsTheHost() throws Exception {
        assertThat(ServiceName.fromUrl(HttpUrl.get("http://Payment-Service/x")))
                .contains(ServiceName.of("payment-service"));
    }

    @Test
    void aSingleLabelHostThatIsNotAValidNameIsACallError() {
        assertThatThrownBy(() -> ServiceName.fromUrl(HttpUrl.get("http://pay_ment/")))
                .isInstanceOf(InvalidServiceNameException.class)
                .hasMessageContaining("\"pay_ment\"")
                .hasMessageContaining("found \"_\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "-svc",
                "svc-",
                "Svc",
                "svc.x",
                "svc/x",
                "a b",
                "a1234567890123456789012345678901234567890123456789012345678901234"
            })
    void namesAreRfc1123Labels(String bad) {
        assertThatThrownBy(() -> ServiceName.of(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid service name \"" + bad + "\"");
    }

    @Test
    void validNames() {
        assertThat(ServiceName.of("a").value()).isEqualTo("a");
        assertThat(ServiceName.of("payment-service-2").toString()).isEqualTo("payment-service-2");
        assertThat(ServiceName.of("123")).isNotNull();
    }
}
