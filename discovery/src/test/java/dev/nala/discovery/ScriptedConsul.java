package dev.nala.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.nala.internal.Endpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * A Consul health endpoint on 127.0.0.1 scripted with WireMock, for the answers the stand-in
 * cannot give: dribbled bodies, connection resets, broken chunks, hostile JSON.
 *
 * <p>It answers queries without {@code index} (the first one, the one after a failure) and
 * blocking queries (with {@code index}) separately; each {@link #answer} replaces the script.
 * It never compresses on its own, so Content-Length is what the test set.
 */
final class ScriptedConsul implements AutoCloseable {
    static final String SERVICE = "payments";
    private static final String PATH = "/v1/health/service/" + SERVICE;

    // No gzip of its own: a test that wants a compressed answer sends one (and Content-Length stays as set).
    private final WireMockServer server =
            new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().gzipDisabled(true));

    ScriptedConsul() {
        server.start();
    }

    String address() {
        return "http://127.0.0.1:" + server.port();
    }

    /** From now on, answers every query with {@code answer}. */
    void answer(ResponseDefinitionBuilder answer) {
        answer(answer, answer);
    }

    /**
     * From now on, answers queries without index with one answer and blocking queries with the
     * other. The new stubs win over the earlier ones (WireMock prefers the newest match), so there
     * is no moment without a script.
     */
    void answer(ResponseDefinitionBuilder withoutIndex, ResponseDefinitionBuilder blocking) {
        server.stubFor(
                get(urlPathEqualTo(PATH)).withQueryParam("index", absent()).willReturn(withoutIndex));
        server.stubFor(get(urlPathEqualTo(PATH))
                .withQueryParam("index", matching("[0-9]+"))
                .willReturn(blocking));
    }

    /** Forgets every script and every request received. */
    void reset() {
        server.resetAll();
    }

    int requestCount() {
        return server.countRequestsMatching(
                        getRequestedFor(urlPathEqualTo(PATH)).build())
                .getCount();
    }

    /** Consul's 200 answer with these instances, at once. */
    static ResponseDefinitionBuilder instances(long index, Endpoint... endpoints) {
        return json(index, entries(endpoints));
    }

    /** Consul's 200 answer with these instances, after holding the query like a quiet blocking query. */
    static ResponseDefinitionBuilder held(long holdMillis, long index, Endpoint... endpoints) {
        return instances(index, endpoints).withFixedDelay((int) holdMillis);
    }

    /** A 200 answer with this body and Consul's headers. */
    static ResponseDefinitionBuilder json(long index, String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("X-Consul-Index", Long.toString(index))
                .withBody(body);
    }

    /** Entries in the shape of Consul's {@code /v1/health/service} answer (node, service, checks). */
    static String entries(Endpoint... endpoints) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < endpoints.length; i++) {
            entries.add(entry("payments-" + (i + 1), endpoints[i].host(), endpoints[i].port()));
        }
        return "[" + String.join(",", entries) + "]";
    }

    static String entry(String id, String address, int port) {
        return "{\"Node\":{\"ID\":\"40e4a748\",\"Node\":\"node-" + id
                + "\",\"Address\":\"10.9.9.9\",\"Datacenter\":\"dc1\","
                + "\"TaggedAddresses\":{\"lan\":\"10.9.9.9\"},\"Meta\":{},\"CreateIndex\":5,\"ModifyIndex\":5},"
                + "\"Service\":{\"ID\":\"" + id + "\",\"Service\":\"payments\",\"Tags\":[\"primary\"],"
                + "\"Address\":\"" + address + "\",\"Port\":" + port + ",\"Weights\":{\"Passing\":1,\"Warning\":1},"
                + "\"EnableTagOverride\":false,\"CreateIndex\":7,\"ModifyIndex\":7},"
                + "\"Checks\":[{\"Node\":\"node-" + id + "\",\"CheckID\":\"serfHealth\",\"Status\":\"passing\","
                + "\"Output\":\"Agent alive and reachable\",\"ServiceID\":\"\",\"ServiceTags\":[]}]}";
    }

    @Override
    public void close() {
        server.stop();
    }
}
