package dev.nala.servlet;

import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * An embedded Tomcat on 127.0.0.1 (port 0) deploying a web application as Tomcat deploys a WAR: an
 * exploded folder whose {@code WEB-INF/lib} holds nala-servlet as a jar, an optional
 * {@code WEB-INF/web.xml}, and Tomcat's own start-up ({@code ContextConfig}: web.xml, fragments,
 * ServletContainerInitializers). The copy of nala-servlet on the test class path is hidden from
 * that discovery, so the initializer can only be found the way a WAR's is: in {@code WEB-INF/lib}.
 */
final class WebAppOnTomcat implements AutoCloseable {
    private static final String SERVICES_FILE = "META-INF/services/jakarta.servlet.ServletContainerInitializer";

    private final Tomcat tomcat;
    private final StandardContext context;
    private final ThreadContextProbe probe;

    private WebAppOnTomcat(Tomcat tomcat, StandardContext context, ThreadContextProbe probe) {
        this.tomcat = tomcat;
        this.context = context;
        this.probe = probe;
    }

    /** What a test deploys: the container's thread count, an optional web.xml, and servlets added in code. */
    record Deployment(int threads, String webXml, boolean nalaJarInWebInfLib, Consumer<Context> servlets) {
        static Deployment of(Consumer<Context> servlets) {
            return new Deployment(4, null, true, servlets);
        }

        Deployment threads(int count) {
            return new Deployment(count, webXml, nalaJarInWebInfLib, servlets);
        }

        Deployment webXml(String xml) {
            return new Deployment(threads, xml, nalaJarInWebInfLib, servlets);
        }

        Deployment withoutNalaJar() {
            return new Deployment(threads, webXml, false, servlets);
        }
    }

    static WebAppOnTomcat start(Path folder, Deployment deployment) throws IOException, LifecycleException {
        Path docBase = Files.createDirectories(folder.resolve("webapp"));
        Path webInf = Files.createDirectories(docBase.resolve("WEB-INF/lib")).getParent();
        if (deployment.nalaJarInWebInfLib()) {
            writeNalaServletJar(webInf.resolve("lib/nala-servlet.jar"));
        }
        if (deployment.webXml() != null) {
            Files.writeString(webInf.resolve("web.xml"), deployment.webXml(), StandardCharsets.UTF_8);
        }

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createDirectories(folder.resolve("tomcat")).toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("tcpNoDelay", "true");
        connector.setProperty("maxThreads", String.valueOf(deployment.threads()));
        connector.setProperty("minSpareThreads", String.valueOf(deployment.threads()));
        tomcat.setConnector(connector);

        // No container-wide default web.xml (its JSP servlet is not on the class path); the
        // application's own web.xml is still read.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        StandardContext context = (StandardContext) tomcat.addWebapp(tomcat.getHost(), "", docBase.toString(), config);
        // In a WAR nala-servlet is not on the container's class path, only in WEB-INF/lib.
        context.setContainerSciFilter("^dev\\.nala\\.servlet\\.");
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        context.setJarScanner(scanner);
        ThreadContextProbe probe = new ThreadContextProbe();
        context.getPipeline().addValve(probe);
        deployment.servlets().accept(context);

        tomcat.start();
        return new WebAppOnTomcat(tomcat, context, probe);
    }

    /** Adds {@code servlet} at {@code path}, async supported. */
    static void addServlet(Context context, String path, HttpServlet servlet) {
        String name = "servlet" + path.replace('/', '-');
        Tomcat.addServlet(context, name, servlet).setAsyncSupported(true);
        context.addServletMappingDecoded(path, name);
    }

    String url(String path) {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path;
    }

    StandardContext context() {
        return context;
    }

    /** Each time a container thread entered or left the application with a context still current. */
    List<String> contextsLeftBehind() {
        return probe.leftBehind();
    }

    /** nala-servlet's classes and service file, as its jar. */
    private static void writeNalaServletJar(Path jar) throws IOException {
        Path classes;
        try {
            classes = Path.of(NalaServletInitializer.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out)) {
            for (Path file : files) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (name.startsWith("dev/nala/servlet/") || name.equals(SERVICES_FILE)) {
                    jarOut.putNextEntry(new JarEntry(name));
                    Files.copy(file, jarOut);
                    jarOut.closeEntry();
                }
            }
        }
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
