package dev.nala.spi;

import dev.nala.internal.ServiceName;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Registered for core's tests only: remembers which contexts it was started with. */
public final class RecordingSharedCircuitStateProvider implements SharedCircuitStateProvider {
    public static final List<ModeContext> STARTED = new CopyOnWriteArrayList<>();

    @Override
    public SharedCircuitState start(ModeContext context) {
        STARTED.add(context);
        return new SharedCircuitState() {
            @Override
            public void publishOpened(ServiceName service, Duration openFor) {}

            @Override
            public void publishClosed(ServiceName service) {}

            @Override
            public void subscribe(ServiceName service, Listener listener) {}

            @Override
            public void close() {}

            @Override
            public String toString() {
                return "recording";
            }
        };
    }
}
