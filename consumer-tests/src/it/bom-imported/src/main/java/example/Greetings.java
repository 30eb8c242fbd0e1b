package example;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Fetches a greeting with the client it is given (in the application, Nala's). */
public final class Greetings {
    private final OkHttpClient client;

    public Greetings(OkHttpClient client) {
        this.client = client;
    }

    public String fetch(String url) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException(url + " answered " + response.code());
            }
            return response.body().string();
        }
    }
}
