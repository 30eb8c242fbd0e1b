package dev.nala;

import okhttp3.HttpUrl;

/**
 * The {@code url.full} span attribute: the URL as the caller wrote it, with user name and
 * password replaced by {@code REDACTED} and every query parameter's value replaced by
 * {@code REDACTED} (names are kept).
 *
 * <p>The OpenTelemetry conventions ask for a short list of signature parameters to be redacted;
 * Nala cannot tell which of an application's parameters carry tokens, so it redacts every value.
 * The fragment is dropped (OkHttp never sends it).
 */
final class RedactedUrl {
    static final String REDACTED = "REDACTED";

    private RedactedUrl() {}

    static String of(HttpUrl url) {
        if (url.querySize() == 0
                && url.encodedUsername().isEmpty()
                && url.encodedPassword().isEmpty()
                && url.encodedFragment() == null) {
            return url.toString();
        }
        HttpUrl.Builder redacted = url.newBuilder().fragment(null);
        if (!url.encodedUsername().isEmpty() || !url.encodedPassword().isEmpty()) {
            redacted.username(REDACTED).password(REDACTED);
        }
        if (url.querySize() > 0) {
            redacted.query(null);
            for (int i = 0; i < url.querySize(); i++) {
                String value = url.queryParameterValue(i);
                redacted.addEncodedQueryParameter(url.queryParameterName(i), value == null ? null : REDACTED);
            }
        }
        return redacted.build().toString();
    }
}
