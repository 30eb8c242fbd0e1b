package example;

import dev.nala.HttpClientFactory;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.logging.HttpLoggingInterceptor;

/** The application's own OkHttp set-up: Nala's shared client plus OkHttp's logging interceptor. */
public final class LoggedClient {
    private LoggedClient() {}

    /** A client that calls through Nala and logs each request and response line into {@code lines}. */
    public static OkHttpClient of(HttpClientFactory factory, List<String> lines) {
        HttpLoggingInterceptor logging = new HttpLoggingInterceptor(lines::add);
        logging.setLevel(HttpLoggingInterceptor.Level.BASIC);
        return factory.client().newBuilder().addInterceptor(logging).build();
    }
}
