package dev.nala.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nala.DeploymentReport.Severity;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ConsulSettings;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.internal.settings.ServiceSettings.DiscoverySource;
import dev.nala.spi.Diagnosis;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * How each service resolves in standalone mode right now, for a deployment report: its static
 * endpoints, or its instances in Consul with their health (one query each, no watch); and
 * whether Consul answers at all, when any service uses it.
 */
public final class StandaloneResolution {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PART = "consul";

    private final NalaSettings settings;
    private final Diagnosis diagnosis;
    private final ConsulSettings consul;
    private final OkHttpClient http;

    private StandaloneResolution(NalaSettings settings, Diagnosis diagnosis) {
        this.settings = settings;
        this.diagnosis = diagnosis;
        this.consul = settings.consul();
        this.http = new OkHttpClient.Builder()
                .callTimeout(diagnosis.probeTimeout())
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    public static void diagnose(NalaSettings settings, Diagnosis diagnosis) {
        StandaloneResolution resolution = new StandaloneResolution(settings, diagnosis);
        try {
            resolution.run();
        } finally {
            resolution.http.dispatcher().executorService().shutdown();
            resolution.http.connectionPool().evictAll();
        }
    }

    private void run() {
        Map<String, ServiceName> byName = new TreeMap<>();
        settings.configuredServices().keySet().forEach(name -> byName.put(name.value(), name));
        // The defaults count only without configured services: then every call goes through them.
        boolean usesConsul = byName.isEmpty()
                ? usesConsul(settings.defaults())
                : byName.values().stream().anyMatch(name -> usesConsul(settings.service(name)));
        boolean consulAnswers = usesConsul && consulAnswers();
        for (ServiceName name : byName.values()) {
            ServiceSettings service = settings.service(name);
            if (!usesConsul(service)) {
                diagnosis.note(name, "resolves to static endpoints: " + joined(service.endpoints()));
            } else if (consulAnswers) {
                instances(name);
            } else {
                diagnosis.note(name, "resolves through Consul: not queried, Consul does not answer");
            }
        }
    }

    private static boolean usesConsul(ServiceSettings service) {
        return service.discovery() == DiscoverySource.CONSUL;
    }

    /** Consul registers itself as the service {@code consul}: asking for it needs no other service. */
    private boolean consulAnswers() {
        String address = ConsulHealthClient.describeAddress(consul.address());
        String where = address + " (from " + consul.addressSource() + ")";
        try (Response response = http.newCall(healthQuery("consul")).execute()) {
            if (response.isSuccessful()) {
                diagnosis.note(PART, where + ": answers");
                return true;
            }
            String hint = response.code() == 401 || response.code() == 403
                    ? " (check the ACL token: nala.consul.token or env CONSUL_HTTP_TOKEN; it needs service:read and node:read)"
                    : "";
            diagnosis.finding(PART, Severity.ERROR, where + " answered HTTP " + response.code() + hint);
        } catch (IOException e) {
            diagnosis.finding(PART, Severity.ERROR, where + " does not answer: " + describe(e));
        }
        return false;
    }

    private void instances(ServiceName name) {
        try (Response response = http.newCall(healthQuery(name.value())).execute()) {
            if (!response.isSuccessful()) {
                diagnosis.finding(name, Severity.ERROR, "Consul answered HTTP " + response.code() + " for it");
                return;
            }
            List<String> shown = new ArrayList<>();
            int passing = 0;
            try (InputStream in = new SizeLimitedInputStream(
                    response.body().byteStream(),
                    consul.maxAnswerSize(),
                    () -> new IOException("Consul's answer is larger than nala.consul.max-answer-size"))) {
                for (JsonNode entry : JSON.readTree(in)) {
                    String health = health(entry.path("Checks"));
                    passing += "passing".equals(health) ? 1 : 0;
                    shown.add(address(entry) + " " + health);
                }
            }
            diagnosis.note(
                    name,
                    "resolves through Consul: " + shown.size() + (shown.size() == 1 ? " instance" : " instances")
                            + (shown.isEmpty() ? "" : ": " + String.join(", ", shown)));
            if (passing == 0) {
                diagnosis.finding(
                        name,
                        Severity.ERROR,
                        "no instance passes its health checks in Consul, so every call to it fails"
                                + " (ServiceDiscoveryException)");
            }
        } catch (IOException | RuntimeException e) {
            diagnosis.finding(name, Severity.ERROR, "Consul did not list its instances: " + describe(e));
        }
    }

    /** Without {@code passing}, unlike discovery's query: the report shows failing instances too. */
    private Request healthQuery(String service) {
        HttpUrl.Builder url = consul.address()
                .newBuilder()
                .addPathSegments("v1/health/service")
                .addPathSegment(service);
        consul.datacenter().ifPresent(dc -> url.addQueryParameter("dc", dc));
        if (!"consul".equals(service)) {
            consul.tag().ifPresent(tag -> url.addQueryParameter("tag", tag));
        }
        Request.Builder request = new Request.Builder().url(url.build()).get();
        consul.token().ifPresent(token -> request.header(ConsulHealthClient.TOKEN_HEADER, token.reveal()));
        return request.build();
    }

    /** The worst status among the entry's checks, as Consul's {@code passing} filter judges. */
    private static String health(JsonNode checks) {
        String worst = "passing";
        for (JsonNode check : checks) {
            String status = check.path("Status").asText("critical");
            if ("critical".equals(status) || ("warning".equals(status) && "passing".equals(worst))) {
                worst = status;
            }
        }
        return worst;
    }

    private static String address(JsonNode entry) {
        String address = entry.path("Service").path("Address").asText("");
        if (address.isEmpty()) {
            address = entry.path("Node").path("Address").asText("?");
        }
        return SafeText.of(address + ":" + entry.path("Service").path("Port").asText("?"), 100);
    }

    private String describe(Exception e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        Optional<String> token = consul.token().map(secret -> secret.reveal());
        if (token.isPresent()) {
            text = text.replace(token.get(), "<redacted>");
        }
        return SafeText.of(text, 300);
    }

    private static String joined(List<Endpoint> endpoints) {
        List<String> shown = new ArrayList<>();
        endpoints.forEach(endpoint -> shown.add(endpoint.toString()));
        return String.join(", ", shown);
    }
}
