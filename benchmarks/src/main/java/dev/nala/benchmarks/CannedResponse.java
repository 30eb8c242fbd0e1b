package dev.nala.benchmarks;

import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Stands in for the network: the last application interceptor of a client, it answers every call
 * with a {@code 200} and an empty body without touching a socket. OkHttp's own bridge, cache and
 * connect interceptors come after application interceptors, so they never run either: what is
 * left to measure is OkHttp's call machinery plus the interceptors before this one.
 */
final class CannedResponse implements Interceptor {
    static final CannedResponse OK = new CannedResponse(200);

    private final int code;

    CannedResponse(int code) {
        this.code = code;
    }

    @Override
    public Response intercept(Chain chain) {
        return new Response.Builder()
                .request(chain.request())
                .protocol(Protocol.HTTP_1_1)
                .code(code)
                .message(code == 200 ? "OK" : "Status " + code)
                .body(ResponseBody.EMPTY)
                .build();
    }
}
