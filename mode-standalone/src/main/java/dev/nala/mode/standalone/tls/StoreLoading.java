package dev.nala.mode.standalone.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Opens PKCS12 and JKS stores and decodes PEM certificates, failing with the store's setting named. */
final class StoreLoading {
    private StoreLoading() {}

    /** Loads a PKCS12 or JKS file. */
    static KeyStore binaryStore(StoreFile store) {
        byte[] bytes = store.readStore();
        KeyStore keyStore;
        try {
            keyStore = KeyStore.getInstance(store.settings().type().name());
        } catch (GeneralSecurityException e) {
            throw store.invalidStore("this JVM cannot read " + store.settings().type() + " stores: " + e, e);
        }
        try {
            keyStore.load(new ByteArrayInputStream(bytes), store.hasPassword() ? store.password() : null);
            return keyStore;
        } catch (IOException | GeneralSecurityException e) {
            if (causedBy(e, UnrecoverableKeyException.class)) {
                throw store.wrongPassword("path", store.settings().path(), "the store cannot be opened", e);
            }
            throw store.invalidStore(
                    "not a readable " + store.settings().type() + " store (" + e.getMessage() + ")"
                            + store.typeHint(bytes),
                    e);
        }
    }

    /**
     * Decodes the certificates of the store file's CERTIFICATE blocks, in file order. Blocks are
     * split here, not by {@link CertificateFactory#generateCertificates}, which refuses a file that
     * also holds a key and says neither which block is bad nor where.
     */
    static List<X509Certificate> pemCertificates(StoreFile store) {
        byte[] bytes = store.readStore();
        List<PemBlocks.Block> blocks = pemBlocks(store, bytes, false);
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("This JVM cannot decode X.509 certificates", e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        int index = 0;
        for (PemBlocks.Block block : blocks) {
            if (!block.label().equals("CERTIFICATE")) {
                continue;
            }
            index++;
            try {
                Certificate certificate = factory.generateCertificate(new ByteArrayInputStream(block.der()));
                certificates.add((X509Certificate) certificate);
            } catch (CertificateException | ClassCastException e) {
                throw store.invalidStore(
                        "certificate #" + index + " in the file cannot be decoded (" + e.getMessage() + ")", e);
            }
        }
        if (certificates.isEmpty()) {
            throw store.invalidStore(
                    "the file has no \"-----BEGIN CERTIFICATE-----\" block"
                            + (blocks.isEmpty() && !isText(bytes)
                                    ? "; it looks binary, so if it is a PKCS12 or JKS store set "
                                            + store.setting("type") + " = PKCS12 or JKS"
                                    : ""),
                    null);
        }
        return certificates;
    }

    static List<PemBlocks.Block> pemBlocks(StoreFile store, byte[] bytes, boolean keyFile) {
        try {
            return PemBlocks.parse(bytes);
        } catch (PemBlocks.MalformedPemException e) {
            String problem = "not a readable PEM file: " + e.getMessage();
            throw keyFile ? store.invalidKey(problem, e) : store.invalidStore(problem, e);
        }
    }

    static boolean isText(byte[] bytes) {
        int checked = Math.min(bytes.length, 512);
        for (int i = 0; i < checked; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x09 || (b > 0x0d && b < 0x20) || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
