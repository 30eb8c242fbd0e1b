package dev.nala;

import okhttp3.HttpUrl;

/**
 * The {@code url.full} span attribute, with user info and every query value redacted: Nala cannot
 * tell which parameters carry tokens (docs/observability.md).
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
