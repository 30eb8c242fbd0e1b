package dev.nala.mode.standalone.tls;

import dev.nala.NalaConfigurationException;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.internal.settings.TlsSettings;
import dev.nala.internal.settings.TlsSettings.StoreSettings;
import dev.nala.mode.standalone.AttemptStep;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client TLS for standalone mode: each service's trust store, client certificate and {@code
 * server-name}, checked when the factory is built so a bad store fails at start-up, not mid-call.
 * See docs/standalone-tls.md.
 */
public final class ClientTls {
    private static final Logger LOG = LoggerFactory.getLogger(ClientTls.class);

    private final Map<ServiceName, Optional<ServiceTls>> services;
    private final Optional<ServiceTls> defaults;

    private ClientTls(Map<ServiceName, Optional<ServiceTls>> services, Optional<ServiceTls> defaults) {
        this.services = Map.copyOf(services);
        this.defaults = defaults;
    }

    /**
     * @throws NalaConfigurationException naming the store file and its setting when a store is
     *     missing, unreadable, of another type than configured, locked by another password, or
     *     holds no usable certificate or key
     */
    public static ClientTls load(NalaSettings settings) {
        Builds builds = new Builds();
        Optional<ServiceTls> defaults = builds.of(settings.defaults());
        Map<ServiceName, Optional<ServiceTls>> services = new LinkedHashMap<>();
        for (Map.Entry<ServiceName, ServiceSettings> service :
                settings.configuredServices().entrySet()) {
            services.put(service.getKey(), builds.of(service.getValue()));
        }
        return new ClientTls(services, defaults);
    }

    /** {@code next} itself when neither the defaults nor any service have TLS settings. */
    public AttemptStep around(AttemptStep next) {
        boolean configured = defaults.isPresent() || services.values().stream().anyMatch(Optional::isPresent);
        return configured ? new ServiceTlsStep(services, defaults, next) : next;
    }

    /** Builds each distinct TLS setup once, so each store file is opened once per setting. */
    private static final class Builds {
        private final Map<List<Object>, ServiceTls> built = new HashMap<>();

        Optional<ServiceTls> of(ServiceSettings service) {
            TlsSettings tls = service.tls();
            if (!tls.isConfigured()) {
                return Optional.empty();
            }
            List<Object> key = Arrays.asList(
                    tls.trustStore().map(Builds::identity), tls.keyStore().map(Builds::identity), tls.serverName());
            ServiceTls existing = built.get(key);
            if (existing != null) {
                return Optional.of(existing);
            }
            Optional<ClientCertificate> clientCertificate;
            ServiceTls serviceTls;
            try {
                clientCertificate = tls.keyStore().map(ClientCertificate::load);
                serviceTls = ServiceTls.build(
                        tls.trustStore().map(TrustedCertificates::load).orElseGet(TrustedCertificates::system),
                        clientCertificate,
                        tls.serverName());
            } catch (IllegalStateException e) {
                // The JVM, not a store, is at fault (no TLS provider, TLS 1.2 and 1.3 disabled, ...).
                throw new NalaConfigurationException(
                        "Invalid setting " + service.configPath() + ".tls: " + e.getMessage(), e);
            }
            built.put(key, serviceTls);
            LOG.info("Client TLS for {}: {}", service.configPath(), serviceTls.description());
            clientCertificate.ifPresent(certificate -> warnIfOutOfDate(service, certificate, Instant.now()));
            return Optional.of(serviceTls);
        }

        /** A certificate out of its validity period still loads (clocks differ), but servers will refuse it. */
        private static void warnIfOutOfDate(ServiceSettings service, ClientCertificate client, Instant now) {
            X509Certificate certificate = client.certificate();
            if (now.isAfter(certificate.getNotAfter().toInstant())) {
                LOG.warn(
                        "Client TLS for {}: the client certificate {} expired at {}; servers will refuse it",
                        service.configPath(),
                        client.description(),
                        certificate.getNotAfter().toInstant());
            } else if (now.isBefore(certificate.getNotBefore().toInstant())) {
                LOG.warn(
                        "Client TLS for {}: the client certificate {} is not valid before {}; servers will refuse it"
                                + " until then (or this machine's clock is wrong)",
                        service.configPath(),
                        client.description(),
                        certificate.getNotBefore().toInstant());
            }
        }

        /** What makes two stores the same, the place they are configured aside. Never logged. */
        private static List<Object> identity(StoreSettings store) {
            List<Object> identity = new ArrayList<>(5);
            identity.add(store.path());
            identity.add(store.type());
            identity.add(store.keyPath());
            identity.add(store.password().map(secret -> secret.reveal()).orElse(null));
            return identity;
        }
    }
}
