package dev.nala.internal.settings;

import java.util.List;

/** The {@code NALA_*} environment variables Nala reads; any other of that prefix is not Nala's. */
public final class NalaVariables {
    public static final String DEPLOYMENT_MODE = "NALA_DEPLOYMENT_MODE";
    public static final String REDIS_URI = "NALA_REDIS_URI";
    public static final List<String> ALL = List.of(DEPLOYMENT_MODE, REDIS_URI);

    private NalaVariables() {}
}
