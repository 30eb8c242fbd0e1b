package dev.nala.e2e.realservers;

/**
 * What the caller got from one call: {@code error} is null for a 2xx answer whose body was read
 * whole, else what went wrong as the caller saw it (an exception, or {@code HTTP <status>}).
 */
record CallOutcome(String path, String error) {
    static CallOutcome ok(String path) {
        return new CallOutcome(path, null);
    }

    static CallOutcome failed(String path, String error) {
        return new CallOutcome(path, error);
    }

    boolean succeeded() {
        return error == null;
    }
}
