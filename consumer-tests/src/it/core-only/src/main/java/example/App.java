package example;

import dev.nala.HttpClientFactory;

/** The application: builds its one factory from application.conf and the environment. */
public final class App {
    private App() {}

    public static void main(String[] args) {
        try (HttpClientFactory factory = HttpClientFactory.create()) {
            System.out.println("Nala is ready in " + factory.mode() + " mode");
        }
    }
}
