package dev.nala.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import dev.nala.breaker.redis.RedisCircuitStateProvider;
import dev.nala.discovery.ConsulDiscovery;
import dev.nala.mode.mesh.MeshModeProvider;
import dev.nala.mode.standalone.StandaloneModeProvider;
import dev.nala.servlet.NalaInboundFilter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public top-level type of the published modules, per package, against the list in
 * {@code public-types.txt}: a type that becomes public by accident fails here. Only {@code dev.nala}
 * is the supported API (docs/api.md); a type added there, or anywhere, is a decision to write down.
 */
class PublicTypesTest {
    private static final List<Class<?>> ONE_CLASS_PER_MODULE = List.of(
            HttpClientFactory.class,
            ConsulDiscovery.class,
            StandaloneModeProvider.class,
            MeshModeProvider.class,
            RedisCircuitStateProvider.class,
            NalaInboundFilter.class);

    @Test
    void thePublicTypesAreTheListedOnes() throws Exception {
        Map<String, TreeSet<String>> byPackage = new TreeMap<>();
        for (Class<?> anchor : ONE_CLASS_PER_MODULE) {
            for (String className : classNames(anchor)) {
                Class<?> type = Class.forName(className, false, getClass().getClassLoader());
                if (Modifier.isPublic(type.getModifiers()) && type.getEnclosingClass() == null) {
                    byPackage
                            .computeIfAbsent(type.getPackageName(), p -> new TreeSet<>())
                            .add(type.getSimpleName());
                }
            }
        }
        String actual = byPackage.entrySet().stream()
                .map(e -> e.getKey() + ": " + String.join(" ", e.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
        assertThat(actual)
                .as(
                        "public types per package; if a change is meant, update src/test/resources/public-types.txt "
                                + "(and docs/api.md for dev.nala) to:%n%s",
                        actual)
                .isEqualTo(expected());
    }

    private static String expected() throws IOException {
        try (InputStream in = PublicTypesTest.class.getResourceAsStream("/public-types.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .collect(Collectors.joining("\n", "", "\n"));
        }
    }

    /** The classes of the jar or folder {@code anchor} was loaded from. */
    private static List<String> classNames(Class<?> anchor) throws IOException, URISyntaxException {
        Path location = Path.of(
                anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.map(location::relativize).map(Path::toString).forEach(name -> addClass(names, name));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().map(JarEntry::getName).forEach(name -> addClass(names, name));
            }
        }
        return names;
    }

    private static void addClass(List<String> names, String path) {
        if (path.endsWith(".class") && !path.contains("$") && !path.endsWith("module-info.class")) {
            names.add(path.substring(0, path.length() - ".class".length())
                    .replace('/', '.')
                    .replace('\\', '.'));
        }
    }
}
