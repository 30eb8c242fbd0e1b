package dev.nala.e2e.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.HttpClientFactory;
import dev.nala.InboundRequest;
import dev.nala.servlet.NalaInboundFilter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The servlet application {@link ServletFilterUnderAgentTest} runs under the OpenTelemetry Java
 * agent: an embedded Tomcat with nala-servlet's filter registered in code (as docs/frameworks.md
 * tells embedded servers to), whose servlets {@code /mesh} and {@code /standalone} each make one
 * call to {@code inventory} through a factory of that mode, reporting to the agent's
 * {@code GlobalOpenTelemetry}. The upstream is a JDK {@code HttpServer} on loopback, which the agent
 * traces too.
 *
 * <p>Each servlet answers, one per line: {@code thread <name>}, {@code span <trace id> <span id>}
 * (the span current in the handler), {@code status <code>}, then the upstream's answer, one
 * {@code upstream <name>: <value>} line per forwarded header it received. The container has one
 * request thread, so every request runs on the same thread.
 *
 * <p>The filter is registered in code, not found in {@code WEB-INF/lib} by the initializer: in an
 * embedded server the filter, Nala, OkHttp and the OpenTelemetry API share the application's class
 * path, and putting nala-servlet alone in a {@code WEB-INF/lib} (the rest on the class path) would
 * be a deployment nobody has. Discovery from {@code WEB-INF/lib} is servlet/'s tests' subject; here
 * it is what the agent does to the request thread and to the calls.
 *
 * <p>Argument: a folder. The program writes Tomcat's port to {@code port.txt} there once it
 * serves, and stops when its standard input ends. Standard output is the agent exporters'.
 */
public final class AgentServletApp {
    static final String PORT_FILE = "port.txt";
    static final String NAMESPACE = "shop";

    private AgentServletApp() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (Upstream upstream = new Upstream();
                HttpClientFactory mesh = HttpClientFactory.builder()
                        .mode(DeploymentMode.MESH)
                        .environment(Environment.of(Map.of("KUBERNETES_NAMESPACE", NAMESPACE)))
                        .config(ConfigFactory.parseString(
                                "nala.kubernetes.namespace-file = \"target/no-such-namespace-file\"\n"
                                        + "nala.services.inventory.port = " + upstream.port()))
                        .build();
                HttpClientFactory standalone = HttpClientFactory.builder()
                        .mode(DeploymentMode.STANDALONE)
                        .environment(Environment.of(Map.of()))
                        .config(ConfigFactory.parseString("nala.services.inventory { discovery = static, endpoints ="
                                + " [\"127.0.0.1:" + upstream.port() + "\"] }"))
                        .build()) {
            OkHttpClient meshClient =
                    mesh.client().newBuilder().dns(AgentServletApp::clusterDns).build();
            Tomcat tomcat = tomcat(dir, meshClient, standalone.client());
            try {
                tomcat.start();
                Path port = dir.resolve(PORT_FILE);
                Files.writeString(
                        dir.resolve(PORT_FILE + ".tmp"),
                        String.valueOf(tomcat.getConnector().getLocalPort()));
                Files.move(dir.resolve(PORT_FILE + ".tmp"), port);
                // Until the test closes our standard input.
                while (System.in.read() != -1) {
                    // keep reading
                }
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        }
    }

    private static Tomcat tomcat(Path dir, OkHttpClient meshClient, OkHttpClient standaloneClient) throws IOException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createDirectories(dir.resolve("tomcat")).toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("tcpNoDelay", "true");
        // One request thread: every request is served on the same thread.
        connector.setProperty("maxThreads", "1");
        connector.setProperty("minSpareThreads", "1");
        tomcat.setConnector(connector);

        Context context = tomcat.addContext("", null);
        // Where an embedded server's servlets are set up: the registration docs/frameworks.md shows.
        context.addServletContainerInitializer(
                (classes, servletContext) -> {
                    FilterRegistration.Dynamic nala =
                            servletContext.addFilter(NalaInboundFilter.NAME, NalaInboundFilter.class);
                    nala.setAsyncSupported(true);
                    nala.addMappingForUrlPatterns(
                            EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR),
                            false,
                            "/*");
                },
                null);
        addServlet(context, "/mesh", new CallingServlet(meshClient));
        addServlet(context, "/standalone", new CallingServlet(standaloneClient));
        return tomcat;
    }

    private static void addServlet(Context context, String path, HttpServlet servlet) {
        String name = "servlet" + path.replace('/', '-');
        Tomcat.addServlet(context, name, servlet);
        context.addServletMappingDecoded(path, name);
    }

    /** The cluster's DNS on loopback: every {@code *.svc.cluster.local} name is 127.0.0.1. */
    private static List<InetAddress> clusterDns(String host) throws UnknownHostException {
        if (host.endsWith(".svc.cluster.local")) {
            return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        }
        throw new UnknownHostException(host);
    }

    /** Calls {@code inventory} once and reports what it saw. */
    private static final class CallingServlet extends HttpServlet {
        private final transient OkHttpClient client;

        CallingServlet(OkHttpClient client) {
            this.client = client;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            SpanContext span = Span.current().getSpanContext();
            StringBuilder report = new StringBuilder();
            report.append("thread ").append(Thread.currentThread().getName()).append('\n');
            report.append("span ")
                    .append(span.getTraceId())
                    .append(' ')
                    .append(span.getSpanId())
                    .append('\n');
            Request call = new Request.Builder().url("http://inventory/items").build();
            try (Response upstream = client.newCall(call).execute()) {
                report.append("status ").append(upstream.code()).append('\n');
                report.append(upstream.body().string());
            }
            response.setContentType("text/plain");
            response.setCharacterEncoding(StandardCharsets.UTF_8);
            response.getWriter().write(report.toString());
        }
    }

    /** Answers every request with the forwarded headers it received, one {@code upstream <name>: <value>} line each. */
    private static final class Upstream implements AutoCloseable {
        private final HttpServer server;

        Upstream() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/", Upstream::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private static void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                StringBuilder received = new StringBuilder();
                for (String name : InboundRequest.FORWARDED_HEADERS) {
                    List<String> values = exchange.getRequestHeaders().get(name);
                    if (values != null) {
                        for (String value : values) {
                            received.append("upstream ")
                                    .append(name)
                                    .append(": ")
                                    .append(value)
                                    .append('\n');
                        }
                    }
                }
                byte[] body = received.toString().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
