package dev.nala.mode.standalone;

import dev.nala.DeploymentMode;
import dev.nala.internal.ConnectionResend;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/** The attempt's last step: onto the network, sent once more if it met a pooled connection the peer had closed ({@link ConnectionResend}). */
final class StaleConnectionResend implements AttemptStep {
    private static final Attributes NO_SERVICE =
            Attributes.of(RetryTelemetry.DEPLOYMENT_MODE, DeploymentMode.STANDALONE.configValue());

    private final ConnectionResend resend;

    StaleConnectionResend(ConnectionResend resend) {
        this.resend = resend;
    }

    @Override
    public Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        LogicalCall call = LogicalCall.of(chain.call());
        return resend.proceed(chain, request, call == null ? NO_SERVICE : call.telemetry());
    }
}
