package dev.nala.examples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.sun.net.httpserver.HttpServer;
import dev.nala.DeploymentMode;
import dev.nala.HttpClientFactory;
import dev.nala.discovery.KubernetesServiceNames;
import dev.nala.discovery.StaticDiscovery;
import dev.nala.Environment;
import dev.nala.settings.NalaSettings;
import dev.nala.spi.ServiceName;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The README's main job: starts a local upstream service and shows how each deployment mode
 * sees it. It grows as the chains land.
 */
public final class Demo {
    private static final ServiceName PAYMENT = ServiceName.of("payment-service");

    private Demo() {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    static void run(PrintStream out) throws IOException {
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        try {
            String address = "127.0.0.1:" + upstream.getAddress().getPort();
            out.println("Nala demo: a local payment-service on " + address);
            Config config = ConfigFactory.parseString(
                    "nala.services.\"payment-service\" { discovery = static, endpoints = [\"" + address + "\"] }");

            try (HttpClientFactory factory = HttpClientFactory.builder()
                    .config(config).mode(DeploymentMode.STANDALONE).build()) {
                NalaSettings settings = NalaSettings.load(config.withFallback(ConfigFactory.load()), Environment.system());
                out.println("standalone: factory mode " + factory.mode() + "; payment-service resolves through static"
                        + " discovery to " + StaticDiscovery.from(settings).endpoints(PAYMENT));
            }
            try (HttpClientFactory factory = HttpClientFactory.builder()
                    .config(config).mode(DeploymentMode.MESH).build()) {
                NalaSettings settings = NalaSettings.load(config.withFallback(ConfigFactory.load()), Environment.system());
                KubernetesServiceNames names = KubernetesServiceNames.create(settings.kubernetes(), Environment.system());
                out.println("mesh:       factory mode " + factory.mode() + "; payment-service becomes "
                        + names.hostFor(PAYMENT) + ":" + settings.service(PAYMENT).port());
            }
        } finally {
            upstream.stop(0);
        }
    }
}
