package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nala.HttpClientFactory;
import dev.nala.NalaConfigurationException;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrofitFirstWithoutBomTest {

    @Test
    void withoutTheBomOkHttp3AndOkHttp5AreBothOnTheClassPath() throws IOException {
        List<URL> copies = Collections.list(getClass().getClassLoader().getResources("okhttp3/OkHttpClient.class"));

        assertEquals(2, copies.size(), () -> "okhttp3.OkHttpClient is in " + copies);
    }

    @Test
    void buildingTheFactoryFailsNamingTheConflictingJarAndTheFix() {
        // No call is made: the error comes from build() itself.
        NalaConfigurationException error =
                assertThrows(NalaConfigurationException.class, () -> HttpClientFactory.builder().build());

        String message = error.getMessage();
        System.out.println("HttpClientFactory.builder().build() failed with:\n" + message);
        assertContains(message, "com.squareup.okhttp3:okhttp");
        assertContains(message, "okhttp-3.14.9.jar");
        assertContains(message, "dev.nala:nala-bom");
    }

    private static void assertContains(String message, String expected) {
        assertTrue(message.contains(expected), () -> "expected \"" + expected + "\" in: " + message);
    }
}
