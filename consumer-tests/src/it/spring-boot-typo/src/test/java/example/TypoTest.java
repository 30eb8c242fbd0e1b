package example;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.NalaConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * application.properties misspells nala.defaults.retry.max-attemps on its first line: the
 * application does not start, and the reason is Nala's. (Spring Boot prints the failure too;
 * postbuild.groovy finds Nala's message in the build log.)
 */
class TypoTest {

    @Test
    void theApplicationDoesNotStartAndNalaNamesTheKeyItMeant() {
        assertThatThrownBy(() -> ShopApplication.main(new String[] {"--server.port=0"}))
                .rootCause()
                .isInstanceOf(NalaConfigurationException.class)
                .hasMessageContaining("Unknown setting nala.defaults.retry.max-attemps (application.properties:1):"
                        + " did you mean nala.defaults.retry.max-attempts?");
    }
}
