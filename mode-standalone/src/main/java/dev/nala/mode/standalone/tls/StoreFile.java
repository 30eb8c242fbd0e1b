package dev.nala.mode.standalone.tls;

import dev.nala.NalaConfigurationException;
import dev.nala.internal.settings.TlsSettings.StoreSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One configured store, read from disk, with every failure a {@link NalaConfigurationException}
 * naming the file and its setting, never the password.
 */
final class StoreFile {
    private final StoreSettings settings;
    private final String role;

    /**
     * @param settings the store as configured
     * @param role what the store is for, as a user reads it ("trust store", "key store")
     */
    StoreFile(StoreSettings settings, String role) {
        this.settings = settings;
        this.role = role;
    }

    StoreSettings settings() {
        return settings;
    }

    /** The store password, or an empty one when none is set. */
    char[] password() {
        return settings.password().map(secret -> secret.reveal().toCharArray()).orElseGet(() -> new char[0]);
    }

    boolean hasPassword() {
        return settings.password().isPresent();
    }

    byte[] readStore() {
        return read(settings.path(), "path");
    }

    byte[] readKey() {
        return read(settings.keyPath().orElseThrow(), "key-path");
    }

    private byte[] read(Path file, String key) {
        try {
            if (Files.isDirectory(file)) {
                throw invalid(key, file, "is a directory, expected a file", null);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw invalid(key, file, "the file does not exist", e);
        } catch (AccessDeniedException e) {
            throw invalid(key, file, "the file cannot be read (permission denied)", e);
        } catch (IOException e) {
            throw invalid(key, file, "the file cannot be read: " + e, e);
        }
    }

    /** The full configuration path of one of this store's keys, e.g. {@code ...tls.key-store.path}. */
    String setting(String key) {
        return settings.configPath() + "." + key;
    }

    NalaConfigurationException invalidStore(String problem, Throwable cause) {
        return invalid("path", settings.path(), problem, cause);
    }

    NalaConfigurationException invalidKey(String problem, Throwable cause) {
        return invalid("key-path", settings.keyPath().orElseThrow(), problem, cause);
    }

    /** The password does not open the store or its key (or none is set and one is needed). */
    NalaConfigurationException wrongPassword(String key, Path file, String what, Throwable cause) {
        String password = hasPassword()
                ? "the password in " + setting("password") + " is wrong (the value is a secret and is not shown)"
                : setting("password") + " is not set and the file needs one";
        return invalid(key, file, what + ": " + password + ", or the file is damaged", cause);
    }

    NalaConfigurationException invalid(String key, Path file, String problem, Throwable cause) {
        return new NalaConfigurationException(
                "Invalid " + settings.type() + " " + role + " " + setting(key) + " = \"" + file + "\" ("
                        + settings.origin() + "): " + problem,
                cause);
    }

    /** A hint for a binary store type given a PEM file, which is the commonest mix-up. */
    String typeHint(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.US_ASCII);
        return head.contains("-----BEGIN ") ? "; the file is PEM text, so set " + setting("type") + " = PEM" : "";
    }
}
