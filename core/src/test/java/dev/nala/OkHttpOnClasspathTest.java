package dev.nala;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second OkHttp on the classpath fails the factory's build, naming the jars and the fix. The
 * consumer builds under consumer-tests/ check the same with Retrofit's real OkHttp 3 and OkHttp 4.
 */
class OkHttpOnClasspathTest {

    @Test
    void theTestClasspathHasOneOkHttp5() {
        assertThat(OkHttpOnClasspath.jarsHolding(getClass().getClassLoader(), "okhttp3/OkHttpClient.class"))
                .singleElement()
                .asString()
                .startsWith("okhttp-jvm-5.");
        assertThat(OkHttpOnClasspath.loadedVersion(
                        getClass().getClassLoader(),
                        OkHttpOnClasspath.jarsHolding(getClass().getClassLoader(), "okhttp3/OkHttpClient.class")))
                .startsWith("5.");
        assertThatCode(() -> OkHttpOnClasspath.check(getClass().getClassLoader()))
                .doesNotThrowAnyException();
    }

    @Test
    void aSecondJarHoldingOkHttpFailsNamingBothAndTheFix(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("okhttp-3.14.9.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("okhttp3/OkHttpClient.class"));
            out.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            out.closeEntry();
        }
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> OkHttpOnClasspath.check(loader))
                    .isInstanceOf(NalaConfigurationException.class)
                    .hasMessageStartingWith("OkHttp clash: Nala needs OkHttp 5 (com.squareup.okhttp3:okhttp-jvm 5.x)")
                    .hasMessageContaining("okhttp3.OkHttpClient is on the classpath 2 times: okhttp-jvm-5.")
                    .hasMessageContaining(", okhttp-3.14.9.jar")
                    .hasMessageContaining("import dev.nala:nala-bom")
                    .hasMessageContaining("<exclusion> of com.squareup.okhttp3:okhttp");
        }
    }

    @Test
    void anOkHttpWithoutItsOwnVersionClassIsReportedAs3(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("okhttp-3.14.9.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("okhttp3/OkHttpClient.class"));
            out.write(0);
            out.closeEntry();
        }
        ClassLoader real = getClass().getClassLoader();
        // Child first, as when the older OkHttp is declared first: its OkHttpClient is the loaded one.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                List<URL> all = Collections.list(findResources(name));
                all.addAll(Collections.list(real.getResources(name)));
                return Collections.enumeration(all);
            }

            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                return real.loadClass(name);
            }
        }) {
            List<String> clientJars = OkHttpOnClasspath.jarsHolding(loader, "okhttp3/OkHttpClient.class");
            assertThat(clientJars.get(0)).isEqualTo("okhttp-3.14.9.jar");
            assertThat(OkHttpOnClasspath.loadedVersion(loader, clientJars)).isEqualTo("3.x");
            assertThatThrownBy(() -> OkHttpOnClasspath.check(loader))
                    .hasMessageContaining("the OkHttp loaded is version 3.x from okhttp-3.14.9.jar")
                    .hasMessageContaining("platform(\"dev.nala:nala-bom:<version>\")");
        }
    }

    @Test
    void theJarIsNamedWhereverItLies() {
        assertThat(OkHttpOnClasspath.containerName(
                        "jar:file:/root/.m2/repository/com/squareup/okhttp3/okhttp/3.14.9/okhttp-3.14.9.jar!/okhttp3/OkHttpClient.class",
                        "okhttp3/OkHttpClient.class"))
                .isEqualTo("okhttp-3.14.9.jar");
        assertThat(OkHttpOnClasspath.containerName(
                        "jar:nested:/app/app.jar/!BOOT-INF/lib/okhttp-4.12.0.jar!/okhttp3/OkHttpClient.class",
                        "okhttp3/OkHttpClient.class"))
                .isEqualTo("okhttp-4.12.0.jar");
        assertThat(OkHttpOnClasspath.containerName(
                        "file:/work/okhttp/build/classes/okhttp3/OkHttpClient.class", "okhttp3/OkHttpClient.class"))
                .isEqualTo("file:/work/okhttp/build/classes");
    }

    @Test
    void aFolderOfClassesStandsForAJarToo(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/okhttp3"));
        try (OutputStream out = Files.newOutputStream(classes.resolve("OkHttpClient.class"))) {
            out.write(0);
        }
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {dir.resolve("classes").toUri().toURL()}, getClass().getClassLoader())) {
            assertThat(OkHttpOnClasspath.jarsHolding(loader, "okhttp3/OkHttpClient.class"))
                    .hasSize(2)
                    .last()
                    .asString()
                    .endsWith("/classes");
        }
    }
}
