package dev.nala.mode.standalone.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.internal.SubsetRoute;
import dev.nala.mode.standalone.fixtures.TestContexts;
import java.util.HashMap;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** The choice of a subset: rules in order, cookies, the sticky hash and what a weight change moves. */
class SubsetRouterTest {
    private static SubsetRouter router(String routing) {
        return new SubsetRouter(
                "orders",
                TestContexts.settings("nala.services.orders { discovery = static,"
                                + " endpoints = [\"10.0.0.1:80\", \"10.0.0.2:80\", \"10.0.0.3:80\"],"
                                + " subsets { v1 { endpoints = [\"10.0.0.1:80\"] }, v2 { endpoints = [\"10.0.0.2:80\"] },"
                                + " v3 { endpoints = [\"10.0.0.3:80\"] } }, routing { " + routing + " } }")
                        .configuredServices()
                        .values()
                        .iterator()
                        .next()
                        .routing());
    }

    private static Request request(String... headers) {
        Request.Builder request = new Request.Builder().url("http://orders/");
        for (int i = 0; i < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    private static String subset(SubsetRouter router, Request request) {
        SubsetRoute route = router.choose(request);
        return route == null ? null : route.name();
    }

    @Test
    void theFirstMatchingRuleWins() {
        SubsetRouter router = router("rules = [{ header = \"x-canary\", regex = \"v[23]\", subset = v3 },"
                + " { header = \"x-canary\", exact = \"v2\", subset = v2 },"
                + " { cookie = \"track\", exact = \"beta\", subset = v2 }]");
        assertThat(subset(router, request("x-canary", "v2"))).isEqualTo("v3");
        assertThat(subset(router, request("x-canary", "v22"))).isNull(); // the regex matches whole values
        assertThat(subset(router, request("cookie", "a=1; track=beta"))).isEqualTo("v2");
        assertThat(subset(router, request("cookie", "a=1", "cookie", "track=\"beta\"")))
                .isEqualTo("v2");
        assertThat(subset(router, request("cookie", "xtrack=beta; track=alpha")))
                .isNull();
        assertThat(subset(router, request()))
                .as("no rule, no split: any instance")
                .isNull();
    }

    @Test
    void theSameKeyAlwaysGetsTheSameSubset() {
        SubsetRouter router = router("split { v1 = 50, v2 = 30, v3 = 20 }, sticky-header = \"x-user\"");
        Map<String, Integer> counts = new HashMap<>();
        for (int key = 0; key < 30_000; key++) {
            String first = subset(router, request("x-user", "user-" + key));
            assertThat(subset(router, request("x-user", "user-" + key))).isEqualTo(first);
            counts.merge(first, 1, Integer::sum);
        }
        System.out.println("sticky 50/30/20 over 30,000 keys: " + counts);
        assertThat(counts.get("v1")).isBetween(14_600, 15_400);
        assertThat(counts.get("v2")).isBetween(8_650, 9_350);
        assertThat(counts.get("v3")).isBetween(5_700, 6_300);
    }

    @Test
    void shiftingTenPointsMovesAboutTenPercentOfTheKeysAndOnlyTowardTheCanary() {
        SubsetRouter before = router("split { v1 = 90, v2 = 10 }, sticky-header = \"x-user\"");
        SubsetRouter after = router("split { v1 = 80, v2 = 20 }, sticky-header = \"x-user\"");
        int moved = 0;
        for (int key = 0; key < 10_000; key++) {
            Request request = request("x-user", "user-" + key);
            String was = subset(before, request);
            String is = subset(after, request);
            if (!was.equals(is)) {
                assertThat(was + "->" + is).isEqualTo("v1->v2");
                moved++;
            }
        }
        System.out.println("90/10 -> 80/20: " + moved + " of 10,000 keys moved");
        assertThat(moved).isBetween(900, 1_100);
    }
}
