package dev.nala.e2e.realservers;

import dev.nala.DeploymentMode;
import java.util.List;
import java.util.Locale;

/**
 * One way of calling a real server: a deployment mode and a method. Every scenario has its own
 * factory (so its own connection pool, breaker and metrics), and its calls have paths of their own,
 * {@code /<mode>-<method>/<n>}, so the server's log says which scenario each request came from.
 */
record Scenario(DeploymentMode mode, String method) {
    static final List<Scenario> ALL = List.of(
            new Scenario(DeploymentMode.STANDALONE, "GET"),
            new Scenario(DeploymentMode.STANDALONE, "POST"),
            new Scenario(DeploymentMode.MESH, "GET"),
            new Scenario(DeploymentMode.MESH, "POST"));

    /** The scenarios for JUnit's {@code @MethodSource}. */
    static List<Scenario> all() {
        return ALL;
    }

    /** The standalone scenarios: those with a breaker and outlier ejection. */
    static List<Scenario> standalone() {
        return ALL.stream()
                .filter(scenario -> scenario.mode() == DeploymentMode.STANDALONE)
                .toList();
    }

    /** The path prefix of this scenario's calls, e.g. {@code /mesh-post/}. */
    String pathPrefix() {
        return "/" + mode.configValue() + "-" + method.toLowerCase(Locale.ROOT) + "/";
    }

    /** The path of its n-th call. */
    String path(int n) {
        return pathPrefix() + n;
    }

    boolean isPost() {
        return method.equals("POST");
    }

    @Override
    public String toString() {
        return mode.configValue() + " " + method;
    }
}
