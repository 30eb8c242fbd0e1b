package dev.nala.servlet;

import static dev.nala.servlet.WebAppOnTomcat.addServlet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.InboundRequest;
import dev.nala.servlet.WebAppOnTomcat.Deployment;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.catalina.Context;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the filter gets into an application: Tomcat finds the initializer in the WAR's
 * {@code WEB-INF/lib} and registers the filter ahead of the application's own; an application
 * that declares the filter itself in web.xml keeps its declaration and gets no second one.
 */
class RegistrationTest {
    private static final String WEB_APP_START = """
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
            """;

    @TempDir
    Path folder;

    private final OkHttpClient browser = new OkHttpClient();
    private WebAppOnTomcat webApp;

    @AfterEach
    void stop() throws Exception {
        if (webApp != null) {
            webApp.close();
        }
        browser.dispatcher().executorService().shutdown();
        browser.connectionPool().evictAll();
    }

    /** Answers with the request id of the inbound request current in the servlet, or "none". */
    private static void requestIdServlet(Context context, String path) {
        addServlet(
                context,
                path,
                new HandlerServlet((request, response) -> response.getWriter()
                        .write(InboundRequest.current()
                                .flatMap(inbound -> inbound.header("x-request-id"))
                                .orElse("none"))));
    }

    private String get(String path, String requestId) throws Exception {
        Request request = new Request.Builder()
                .url(webApp.url(path))
                .header("X-Request-Id", requestId)
                .build();
        try (Response response = browser.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            return response.header("app-filter-saw", "") + "|" + response.body().string();
        }
    }

    /** The names NalaInboundFilter is registered under. */
    private List<String> nalaFilters() {
        return webApp.context().getServletContext().getFilterRegistrations().values().stream()
                .filter(registration -> NalaInboundFilter.class.getName().equals(registration.getClassName()))
                .map(FilterRegistration::getName)
                .toList();
    }

    private FilterMap[] filterMaps() {
        return webApp.context().findFilterMaps();
    }

    @Test
    void theInitializerRegistersTheFilterForEveryPathFirstInTheChain() throws Exception {
        webApp = WebAppOnTomcat.start(folder, Deployment.of(context -> {
            requestIdServlet(context, "/orders");
            // The application's own filter, declared as web.xml would: it runs after Nala's.
            FilterDef appFilter = new FilterDef();
            appFilter.setFilterName("app-filter");
            appFilter.setFilter((Filter) (request, response, chain) -> {
                ((jakarta.servlet.http.HttpServletResponse) response)
                        .setHeader(
                                "app-filter-saw",
                                InboundRequest.current()
                                        .flatMap(inbound -> inbound.header("x-request-id"))
                                        .orElse("none"));
                chain.doFilter(request, response);
            });
            context.addFilterDef(appFilter);
            FilterMap appMapping = new FilterMap();
            appMapping.setFilterName("app-filter");
            appMapping.addURLPatternDecoded("/*");
            context.addFilterMap(appMapping);
        }));

        assertThat(nalaFilters()).containsExactly(NalaInboundFilter.NAME);
        FilterMap nala = filterMaps()[0];
        assertThat(nala.getFilterName()).isEqualTo(NalaInboundFilter.NAME);
        assertThat(nala.getURLPatterns()).containsExactly("/*");
        assertThat(nala.getDispatcherNames()).containsExactlyInAnyOrder("REQUEST", "ASYNC", "ERROR");
        assertThat(webApp.context().findFilterDef(NalaInboundFilter.NAME).getAsyncSupported())
                .isEqualTo("true");

        assertThat(get("/orders", "id-1")).isEqualTo("id-1|id-1");
    }

    @Test
    void anApplicationThatDeclaresItInWebXmlUnderItsNameKeepsItsOwnMapping() throws Exception {
        webApp = WebAppOnTomcat.start(
                folder,
                Deployment.of(context -> {
                            requestIdServlet(context, "/api/orders");
                            requestIdServlet(context, "/health");
                        })
                        .webXml(WEB_APP_START + """
                                  <filter>
                                    <filter-name>nala-inbound-request</filter-name>
                                    <filter-class>dev.nala.servlet.NalaInboundFilter</filter-class>
                                    <async-supported>true</async-supported>
                                  </filter>
                                  <filter-mapping>
                                    <filter-name>nala-inbound-request</filter-name>
                                    <url-pattern>/api/*</url-pattern>
                                  </filter-mapping>
                                </web-app>
                                """));

        assertThat(nalaFilters()).containsExactly(NalaInboundFilter.NAME);
        assertThat(Arrays.stream(filterMaps()).map(FilterMap::getFilterName)).containsExactly(NalaInboundFilter.NAME);
        assertThat(filterMaps()[0].getURLPatterns()).containsExactly("/api/*");
        assertThat(get("/api/orders", "id-2")).isEqualTo("|id-2");
        assertThat(get("/health", "id-3")).isEqualTo("|none");
    }

    @Test
    void anApplicationThatDeclaresItUnderANameOfItsOwnGetsNoSecondOne() throws Exception {
        webApp = WebAppOnTomcat.start(
                folder,
                Deployment.of(context -> requestIdServlet(context, "/orders")).webXml(WEB_APP_START + """
                                  <filter>
                                    <filter-name>tracing</filter-name>
                                    <filter-class>dev.nala.servlet.NalaInboundFilter</filter-class>
                                  </filter>
                                  <filter-mapping>
                                    <filter-name>tracing</filter-name>
                                    <url-pattern>/*</url-pattern>
                                  </filter-mapping>
                                </web-app>
                                """));

        assertThat(nalaFilters()).containsExactly("tracing");
        assertThat(get("/orders", "id-4")).isEqualTo("|id-4");
    }

    /** The harness hides the test class path's copy: without the jar in WEB-INF/lib there is no filter. */
    @Test
    void withoutTheJarInWebInfLibNothingIsRegistered() throws Exception {
        webApp = WebAppOnTomcat.start(
                folder,
                Deployment.of(context -> requestIdServlet(context, "/orders")).withoutNalaJar());

        assertThat(nalaFilters()).isEmpty();
        assertThat(get("/orders", "id-5")).isEqualTo("|none");
    }
}
