package dev.nala.examples.spring;

import dev.nala.HttpClientFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Only so that mesh mode runs on a laptop: in a pod, {@code inventory.<namespace>.svc.cluster.local}
 * resolves to the Service and the sidecar takes the connection; here a Kubernetes Service name
 * resolves to 127.0.0.1, where the stand-in listens. A real service has no such bean: Nala's
 * auto-configuration provides the {@code OkHttpClient} bean (this one is derived from it, and
 * Spring's RestClient uses whichever bean there is).
 */
@Configuration(proxyBeanMethods = false)
class LaptopClusterDns {

    @Bean
    OkHttpClient okHttpClient(HttpClientFactory factory) {
        return factory.client().newBuilder().dns(LaptopClusterDns::lookup).build();
    }

    private static List<InetAddress> lookup(String hostname) throws UnknownHostException {
        if (hostname.contains(".svc.")) {
            return List.of(InetAddress.getByAddress(hostname, new byte[] {127, 0, 0, 1}));
        }
        return Dns.SYSTEM.lookup(hostname);
    }
}
