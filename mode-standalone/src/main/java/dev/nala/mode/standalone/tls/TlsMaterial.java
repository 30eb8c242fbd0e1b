package dev.nala.mode.standalone.tls;

import dev.nala.DeploymentReport.Severity;
import dev.nala.NalaConfigurationException;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.internal.settings.TlsSettings;
import dev.nala.internal.settings.TlsSettings.StoreSettings;
import dev.nala.spi.Diagnosis;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The trust and key stores of each service's {@code tls} settings, for a deployment report: each
 * certificate's subject and validity; missing, unreadable or expired files are errors, and a
 * certificate expiring within {@link #EXPIRY_WARNING} a warning.
 */
public final class TlsMaterial {
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final Diagnosis diagnosis;
    private final Instant now;

    private TlsMaterial(Diagnosis diagnosis, Instant now) {
        this.diagnosis = diagnosis;
        this.now = now;
    }

    public static void diagnose(NalaSettings settings, Diagnosis diagnosis, Instant now) {
        TlsMaterial material = new TlsMaterial(diagnosis, now);
        settings.configuredServices().forEach(material::check);
    }

    private void check(ServiceName name, ServiceSettings service) {
        TlsSettings tls = service.tls();
        tls.trustStore().ifPresent(store -> {
            try {
                for (X509Certificate ca : TrustedCertificates.load(store).certificates()) {
                    report(name, "trust store", store, ca);
                }
            } catch (NalaConfigurationException e) {
                diagnosis.finding(name, Severity.ERROR, e.getMessage());
            }
        });
        tls.keyStore().ifPresent(store -> {
            try {
                report(name, "key store", store, ClientCertificate.load(store).certificate());
            } catch (NalaConfigurationException e) {
                diagnosis.finding(name, Severity.ERROR, e.getMessage());
            }
        });
    }

    private void report(ServiceName name, String kind, StoreSettings store, X509Certificate certificate) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        String what = kind + " " + store.path() + ": "
                + certificate.getSubjectX500Principal().getName();
        diagnosis.note(name, what + ", valid " + DATE.format(notBefore) + " to " + DATE.format(notAfter));
        long daysLeft = (Duration.between(now, notAfter).toMinutes() + 24 * 60 - 1) / (24 * 60);
        if (now.isAfter(notAfter)) {
            diagnosis.finding(name, Severity.ERROR, what + " expired on " + DATE.format(notAfter));
        } else if (now.isBefore(notBefore)) {
            diagnosis.finding(
                    name,
                    Severity.ERROR,
                    what + " is not valid before " + DATE.format(notBefore) + " (or this machine's clock is wrong)");
        } else if (Duration.between(now, notAfter).compareTo(EXPIRY_WARNING) < 0) {
            diagnosis.finding(
                    name,
                    Severity.WARNING,
                    what + " expires in " + daysLeft + (daysLeft == 1 ? " day" : " days") + ", on "
                            + DATE.format(notAfter));
        }
    }
}
