package dev.nala.mode.standalone.balancing;

import dev.nala.internal.ServiceName;
import dev.nala.internal.SubsetRoute;
import dev.nala.internal.settings.RoutingSettings.WhenSubsetEmpty;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of a service's subsets are empty (no instance in rotation) right now, logged once when one
 * empties (WARN) and once when it has an instance again (INFO), never per call.
 */
final class SubsetFallbacks {
    private static final Logger log = LoggerFactory.getLogger(SubsetFallbacks.class);

    private final ServiceName service;
    private final WhenSubsetEmpty whenEmpty;
    private final AtomicBoolean[] empty;
    private final AtomicLong[] attemptsMeanwhile;

    SubsetFallbacks(ServiceName service, WhenSubsetEmpty whenEmpty, int subsets) {
        this.service = service;
        this.whenEmpty = whenEmpty;
        this.empty = new AtomicBoolean[subsets];
        this.attemptsMeanwhile = new AtomicLong[subsets];
        for (int i = 0; i < subsets; i++) {
            empty[i] = new AtomicBoolean();
            attemptsMeanwhile[i] = new AtomicLong();
        }
    }

    WhenSubsetEmpty whenEmpty() {
        return whenEmpty;
    }

    /** An attempt found the subset empty. */
    void foundEmpty(SubsetRoute route, String why) {
        int i = route.index();
        attemptsMeanwhile[i].incrementAndGet();
        if (!empty[i].get() && empty[i].compareAndSet(false, true)) {
            log.warn(
                    "Subset {} of service {} has no healthy instance ({}); {} until it has one"
                            + " (routing.when-subset-empty = {})",
                    route.name(),
                    service,
                    why,
                    whenEmpty == WhenSubsetEmpty.FALLBACK
                            ? "its calls go to the rest of the service"
                            : "its calls fail",
                    whenEmpty.name().toLowerCase(Locale.ROOT));
        }
    }

    /** An attempt found an instance of the subset: ends its emptiness, if it was empty. */
    void served(SubsetRoute route) {
        int i = route.index();
        if (empty[i].get() && empty[i].compareAndSet(true, false)) {
            log.info(
                    "Subset {} of service {} has a healthy instance again; its calls go to it again ({} attempt(s) {}"
                            + " meanwhile)",
                    route.name(),
                    service,
                    attemptsMeanwhile[i].getAndSet(0),
                    whenEmpty == WhenSubsetEmpty.FALLBACK ? "fell back" : "failed");
        }
    }
}
