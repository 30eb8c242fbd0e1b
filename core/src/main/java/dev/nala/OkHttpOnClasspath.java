package dev.nala;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Refuses an OkHttp 3 or 4 jar beside OkHttp 5 before any of it runs (docs/dependencies.md):
 * Maven keeps both, as the artifact names differ, and classes would come from either.
 */
final class OkHttpOnClasspath {
    private static final String CLIENT_CLASS = "okhttp3/OkHttpClient.class";
    private static final String VERSION_CLASS = "okhttp3/OkHttp.class";
    static final String REQUIRED_MAJOR = "5.";

    private OkHttpOnClasspath() {}

    /** @throws NalaConfigurationException naming the jars, the versions and the fix */
    static void check(ClassLoader loader) {
        List<String> copies = jarsHolding(loader, CLIENT_CLASS);
        String loaded = loadedVersion(loader, copies);
        if (copies.size() <= 1 && loaded.startsWith(REQUIRED_MAJOR)) {
            return;
        }
        String where = copies.isEmpty() ? "" : " from " + copies.get(0);
        String others = copies.size() > 1
                ? ", and okhttp3.OkHttpClient is on the classpath " + copies.size() + " times: "
                        + String.join(", ", copies)
                : "";
        throw new NalaConfigurationException("OkHttp clash: Nala needs OkHttp 5 (com.squareup.okhttp3:okhttp-jvm 5.x),"
                + " but the OkHttp loaded is version " + loaded + where + others
                + ". Another dependency brings com.squareup.okhttp3:okhttp 3.x or 4.x (Retrofit 2 and many SDKs do),"
                + " and it won over Nala's in dependency mediation (declared first, or nearer). Fix: import dev.nala:nala-bom (type pom, scope"
                + " import) in <dependencyManagement>, which manages com.squareup.okhttp3:okhttp to 5.x (an empty"
                + " jar under Maven), or add an <exclusion> of com.squareup.okhttp3:okhttp to the dependency that"
                + " brings it (`mvn dependency:tree -Dincludes=com.squareup.okhttp3` shows which); with Gradle,"
                + " implementation(platform(\"dev.nala:nala-bom:<version>\")). See docs/dependencies.md");
    }

    /** In classpath order: the first is loaded. */
    static List<String> jarsHolding(ClassLoader loader, String resource) {
        List<String> names = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources(resource))) {
                names.add(containerName(url.toString(), resource));
            }
        } catch (IOException e) {
            return List.of();
        }
        return names;
    }

    /** {@code okhttp-3.14.9.jar} for {@code jar:file:/m2/.../okhttp-3.14.9.jar!/okhttp3/OkHttpClient.class}. */
    static String containerName(String url, String resource) {
        String container = url.endsWith(resource) ? url.substring(0, url.length() - resource.length()) : url;
        while (container.endsWith("/") || container.endsWith("!")) {
            container = container.substring(0, container.length() - 1);
        }
        if (!container.endsWith(".jar")) {
            return container;
        }
        return container.substring(container.lastIndexOf('/') + 1);
    }

    /**
     * "5.5.1", "4.12.0", "3.x" (no version class) or "none". The version class is read only from the
     * client's own jar: another OkHttp's may come first.
     *
     * @param clientJars the jars holding {@code OkHttpClient}, the loaded one first
     */
    static String loadedVersion(ClassLoader loader, List<String> clientJars) {
        List<String> versionJars = jarsHolding(loader, VERSION_CLASS);
        if (!clientJars.isEmpty()
                && !versionJars.isEmpty()
                && !clientJars.get(0).equals(versionJars.get(0))) {
            return "3.x";
        }
        try {
            Field version = Class.forName("okhttp3.OkHttp", true, loader).getField("VERSION");
            return String.valueOf(version.get(null));
        } catch (ClassNotFoundException e) {
            return isPresent("okhttp3.OkHttpClient", loader) ? "3.x" : "none";
        } catch (ReflectiveOperationException | LinkageError e) {
            return "of an unknown version (" + e + ")";
        }
    }

    private static boolean isPresent(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
