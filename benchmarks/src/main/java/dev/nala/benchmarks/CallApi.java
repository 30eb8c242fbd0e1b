package dev.nala.benchmarks;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a load run's clients make their calls: OkHttp's {@code execute()} or its {@code enqueue()}. */
enum CallApi {
    /** Callers in a loop, each blocked in {@code execute()} until its call completes. */
    EXECUTE("execute"),
    /** Calls kept in flight with {@code enqueue()}, each completion starting the next ({@link EnqueuedCalls}). */
    ENQUEUE("enqueue");

    private final String option;

    CallApi(String option) {
        this.option = option;
    }

    /** The value of the {@code --api} option that chooses it. */
    String option() {
        return option;
    }

    static CallApi fromOption(String value) {
        for (CallApi api : values()) {
            if (api.option.equals(value)) {
                return api;
            }
        }
        throw new IllegalArgumentException("Unknown --api \"" + value + "\"; expected one of "
                + Arrays.stream(values()).map(CallApi::option).collect(Collectors.joining(", ")));
    }
}
