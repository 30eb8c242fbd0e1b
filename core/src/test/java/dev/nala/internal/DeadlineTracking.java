package dev.nala.internal;

import java.io.IOException;
import okhttp3.Call;
import okhttp3.EventListener;

/** The deadline part of the factory's event listener, for clients built in the spi tests. */
final class DeadlineTracking extends EventListener {
    static final DeadlineTracking LISTENER = new DeadlineTracking();

    private DeadlineTracking() {}

    @Override
    public void callStart(Call call) {
        DeadlineWatch.track(call);
    }

    @Override
    public void callEnd(Call call) {
        DeadlineWatch.finish(call);
    }

    @Override
    public void callFailed(Call call, IOException ioe) {
        DeadlineWatch.finish(call);
    }
}
