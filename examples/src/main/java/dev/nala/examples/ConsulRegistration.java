package dev.nala.examples;

import dev.nala.internal.settings.ConsulSettings;
import dev.nala.internal.settings.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the demo's local instances with a Consul agent through its HTTP API
 * ({@code PUT /v1/agent/service/register}) and removes them again when closed
 * ({@code PUT /v1/agent/service/deregister/<id>}). In production the instances register
 * themselves, or a Consul agent's service definitions do; Nala only reads the catalog.
 */
final class ConsulRegistration implements AutoCloseable {
    private final ConsulSettings consul;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> registered = new ArrayList<>();

    ConsulRegistration(ConsulSettings consul) {
        this.consul = consul;
    }

    /** Registers an instance of {@code service} at 127.0.0.1 and the upstream's port, with no health check. */
    void register(String service, String id, Upstream instance) throws IOException, InterruptedException {
        String json = "{\"ID\":\"" + id + "\",\"Name\":\"" + service + "\",\"Address\":\"127.0.0.1\",\"Port\":"
                + instance.port() + "}";
        send("/v1/agent/service/register", HttpRequest.BodyPublishers.ofString(json));
        registered.add(id);
    }

    /** Where the instances are registered. */
    String address() {
        return consul.address().toString();
    }

    /** Deregisters every instance registered here; a failure is reported, not thrown. */
    @Override
    public void close() {
        for (String id : registered) {
            try {
                send("/v1/agent/service/deregister/" + id, HttpRequest.BodyPublishers.noBody());
            } catch (IOException e) {
                System.err.println(
                        "Could not deregister " + id + " from Consul at " + address() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        registered.clear();
    }

    private void send(String path, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        String base = consul.address().toString().replaceAll("/+$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .PUT(body);
        consul.token().map(Secret::reveal).ifPresent(token -> request.header("X-Consul-Token", token));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException(
                    "Cannot reach Consul at " + base + " (" + consul.addressSource() + ") for PUT " + path + ": " + e
                            + "; start a Consul agent there or unset CONSUL_HTTP_ADDR to use the static list",
                    e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("Consul at " + base + " answered " + response.statusCode() + " to PUT " + path + ": "
                    + response.body().strip());
        }
    }
}
