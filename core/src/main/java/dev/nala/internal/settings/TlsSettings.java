package dev.nala.internal.settings;

import dev.nala.internal.Endpoint;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Client TLS for a service in standalone mode ({@code tls.*}).
 *
 * @param serverName when it is not the host called
 */
public record TlsSettings(
        Optional<StoreSettings> trustStore, Optional<StoreSettings> keyStore, Optional<String> serverName) {

    public enum StoreType {
        PKCS12,
        JKS,
        PEM
    }

    /**
     * @param path for a PEM key store: the certificate chain
     * @param keyPath for a PEM key store: the PKCS#8 private key file
     * @param origin where {@code path} was set ({@code application.conf:12})
     */
    public record StoreSettings(
            Path path,
            Optional<Secret> password,
            StoreType type,
            Optional<Path> keyPath,
            String configPath,
            String origin) {}

    public boolean isConfigured() {
        return trustStore.isPresent() || keyStore.isPresent() || serverName.isPresent();
    }

    static TlsSettings read(SettingsReader tls) {
        Optional<String> serverName = tls.optionalString("server-name");
        serverName.ifPresent(name -> {
            try {
                Endpoint.of(name, 443);
            } catch (IllegalArgumentException e) {
                tls.report("server-name", "expected a host name: " + e.getMessage());
            }
        });
        return new TlsSettings(store(tls.at("trust-store"), false), store(tls.at("key-store"), true), serverName);
    }

    private static Optional<StoreSettings> store(SettingsReader store, boolean mayHaveKeyPath) {
        Optional<String> path = store.optionalString("path");
        StoreType type = store.choice("type", StoreType.class);
        Optional<String> keyPath = mayHaveKeyPath ? store.optionalString("key-path") : Optional.empty();
        if (path.isEmpty()) {
            if (keyPath.isPresent()) {
                store.report("key-path", "is set but " + store.path("path") + " is not");
            }
            return Optional.empty();
        }
        if (mayHaveKeyPath && type == StoreType.PEM && keyPath.isEmpty()) {
            store.report("key-path", "a PEM key store needs key-path, the PKCS#8 private key file");
            return Optional.empty();
        }
        return Optional.of(new StoreSettings(
                Path.of(path.get()),
                store.optionalSecret("password"),
                type,
                keyPath.map(Path::of),
                store.prefix(),
                store.origin("path")));
    }
}
