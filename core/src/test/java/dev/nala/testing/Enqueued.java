package dev.nala.testing;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

/** Runs a call with {@code enqueue()} and hands its outcome to the test as a future. */
public final class Enqueued {
    private Enqueued() {}

    /** The response's status code (the response is closed); completes exceptionally if the call fails. */
    public static CompletableFuture<Integer> status(Call call) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    status.complete(response.code());
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                status.completeExceptionally(e);
            }
        });
        return status;
    }

    /** The call's failure; completes exceptionally with an {@link AssertionError} if it is answered. */
    public static CompletableFuture<IOException> failure(Call call) {
        CompletableFuture<IOException> failure = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                failure.complete(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                response.close();
                failure.completeExceptionally(new AssertionError("answered " + response.code()));
            }
        });
        return failure;
    }
}
