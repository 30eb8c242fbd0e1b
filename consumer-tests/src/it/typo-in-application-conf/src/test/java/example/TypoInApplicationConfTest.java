package example;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nala.NalaConfigurationException;
import org.junit.jupiter.api.Test;

class TypoInApplicationConfTest {

    @Test
    void startingTheAppNamesTheMisspelledKeyTheKeyItMeantAndTheFile() {
        NalaConfigurationException error = assertThrows(NalaConfigurationException.class, () -> App.main(new String[0]));

        String message = error.getMessage();
        System.out.println("HttpClientFactory.create() failed with:\n" + message);
        assertContains(message, "nala.defaults.retry.max-attemps");
        assertContains(message, "max-attempts");
        assertContains(message, "application.conf");
    }

    private static void assertContains(String message, String expected) {
        assertTrue(message.contains(expected), () -> "expected \"" + expected + "\" in: " + message);
    }
}
