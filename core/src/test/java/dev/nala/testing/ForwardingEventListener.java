package dev.nala.testing;

import java.io.IOException;
import okhttp3.Call;
import okhttp3.EventListener;

/**
 * A caller's own event listener that passes the events it handles on to the one it wraps (a few
 * suffice for the tests), as metrics listeners that decorate another one do.
 */
public final class ForwardingEventListener extends EventListener {
    private final EventListener delegate;

    public ForwardingEventListener(EventListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void callStart(Call call) {
        delegate.callStart(call);
    }

    @Override
    public void callEnd(Call call) {
        delegate.callEnd(call);
    }

    @Override
    public void callFailed(Call call, IOException ioe) {
        delegate.callFailed(call, ioe);
    }
}
