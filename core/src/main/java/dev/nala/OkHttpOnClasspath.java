package dev.nala;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Makes sure the OkHttp on the classpath is the one Nala is built for, before any of it runs.
 *
 * <p>Retrofit 2 and many SDKs depend on {@code com.squareup.okhttp3:okhttp} 3.x or 4.x, while
 * Nala depends on OkHttp 5, whose classes Maven gets from {@code okhttp-jvm}. The artifact names
 * differ, so Maven keeps both jars and never reports a conflict; whichever comes first on the
 * classpath wins, and an OkHttp 3 or 4 makes the first call fail with a
 * {@code NoSuchMethodError}. Two copies are refused even when OkHttp 5 happens to come first:
 * classes missing from it would be taken from the other jar.
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

    /** The jars (or folders) holding {@code resource}, in classpath order: the first is loaded. */
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
     * The version of the OkHttp whose {@code OkHttpClient} is loaded: "5.5.1", "4.12.0", "3.x" (OkHttp
     * 3 has no {@code okhttp3.OkHttp} version class), or "none". The version class is read only
     * when it comes from the same jar as the client, since another OkHttp's may come first.
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
