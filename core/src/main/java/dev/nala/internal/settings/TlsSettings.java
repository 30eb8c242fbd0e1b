package dev.nala.internal.settings;

import dev.nala.internal.Endpoint;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Client TLS for a service in standalone mode ({@code tls.*}).
 *
 * @param trustStore the CAs to trust instead of the JDK's, if set
 * @param keyStore the client certificate and key for mutual TLS, if set
 * @param serverName the name the server certificate must match, when it is not the host called
 */
public record TlsSettings(
        Optional<StoreSettings> trustStore, Optional<StoreSettings> keyStore, Optional<String> serverName) {

    /** A key or trust store file. */
    public enum StoreType {
        PKCS12,
        JKS,
        PEM
    }

    /**
     * @param path the store file (for a PEM key store: the certificate chain)
     * @param password the store password, if any
     * @param type the file format
     * @param keyPath for a PEM key store: the PKCS#8 private key file
     * @param configPath the configuration path of this store, for error messages
     * @param origin where {@code path} was set ({@code application.conf:12}), for error messages
     */
    public record StoreSettings(
            Path path,
            Optional<Secret> password,
            StoreType type,
            Optional<Path> keyPath,
            String configPath,
            String origin) {}

    /** Whether any client TLS setting is present. */
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
