package dev.nala.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.tls.HeldCertificate;

/** A throwaway CA and a server certificate it signed, written where HAProxy can read them. */
public final class TestCertificates {
    private final HeldCertificate ca;
    private final HeldCertificate server;

    private TestCertificates(HeldCertificate ca, HeldCertificate server) {
        this.ca = ca;
        this.server = server;
    }

    /** A CA and a server certificate valid for the given DNS names and 127.0.0.1. */
    public static TestCertificates forNames(String... dnsNames) {
        HeldCertificate ca = new HeldCertificate.Builder()
                .certificateAuthority(0)
                .commonName("nala test CA")
                .build();
        HeldCertificate.Builder server = new HeldCertificate.Builder()
                .signedBy(ca)
                .commonName(dnsNames[0])
                .addSubjectAlternativeName("127.0.0.1");
        for (String name : dnsNames) {
            server.addSubjectAlternativeName(name);
        }
        return new TestCertificates(ca, server.build());
    }

    public HeldCertificate ca() {
        return ca;
    }

    public HeldCertificate server() {
        return server;
    }

    /** The server's certificate chain then its private key, in one PEM file, as HAProxy wants. */
    public Path writeServerPem(Path dir) throws IOException {
        Path pem = dir.resolve("server.pem");
        Files.writeString(pem, server.certificatePem() + ca.certificatePem() + server.privateKeyPkcs8Pem());
        return pem;
    }

    /** The CA certificate as a PEM file, for a PEM trust store. */
    public Path writeCaPem(Path dir) throws IOException {
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, ca.certificatePem());
        return pem;
    }
}
