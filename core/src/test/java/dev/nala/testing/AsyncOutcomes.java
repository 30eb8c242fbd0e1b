package dev.nala.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

/** The status codes of {@code enqueue()}d calls as they end (-1 for a failure), for tests. */
public final class AsyncOutcomes implements Callback {
    private final List<Integer> codes = new CopyOnWriteArrayList<>();
    private final CountDownLatch done;

    /** @param calls how many calls will report here */
    public AsyncOutcomes(int calls) {
        this.done = new CountDownLatch(calls);
    }

    @Override
    public void onResponse(Call call, Response response) {
        try (response) {
            codes.add(response.code());
        } finally {
            done.countDown();
        }
    }

    @Override
    public void onFailure(Call call, IOException e) {
        codes.add(-1);
        done.countDown();
    }

    /** Waits until every call ended, at most {@code seconds}; the codes so far. */
    public List<Integer> await(int seconds) throws InterruptedException {
        done.await(seconds, TimeUnit.SECONDS);
        return List.copyOf(codes);
    }
}
