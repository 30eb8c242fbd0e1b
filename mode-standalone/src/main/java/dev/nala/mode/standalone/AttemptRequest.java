package dev.nala.mode.standalone;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Writes the attempt's request, in one copy: the address of the endpoint chosen for it (from
 * {@link LogicalCall#routedTo}) and the call's {@code x-request-id} ({@link RequestIdPropagation},
 * chosen on the first attempt). One copy per attempt rather than one per change: each copies the
 * headers.
 */
final class AttemptRequest implements AttemptStep {
    private final AttemptStep next;

    private AttemptRequest(AttemptStep next) {
        this.next = next;
    }

    static AttemptStep around(AttemptStep next) {
        return new AttemptRequest(next);
    }

    @Override
    public Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        LogicalCall call = LogicalCall.of(chain.call());
        if (call == null) {
            return next.proceed(chain, request);
        }
        if (!call.requestIdChosen()) {
            call.requestId(RequestIdPropagation.forCall(request));
        }
        HttpUrl url = call.routedUrl();
        String requestId = call.requestId();
        if (url == null && requestId == null) {
            return next.proceed(chain, request);
        }
        Request.Builder outgoing = request.newBuilder();
        if (url != null) {
            outgoing.url(url);
        }
        if (requestId != null) {
            outgoing.header(RequestIdPropagation.HEADER, requestId);
        }
        return next.proceed(chain, outgoing.build());
    }
}
