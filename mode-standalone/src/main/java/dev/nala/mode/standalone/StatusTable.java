package dev.nala.mode.standalone;

import java.util.Collection;
import java.util.function.IntFunction;

/**
 * A value per HTTP status code for a few codes, found in constant time: an array that spans only
 * the lowest to the highest code given. One exists per service and per kind of value, so an
 * array over every code (600 slots) would cost kilobytes per service for a handful of entries.
 *
 * @param <T> the value kept for each code
 */
final class StatusTable<T> {
    private final int lowest;
    private final Object[] values;

    private StatusTable(int lowest, Object[] values) {
        this.lowest = lowest;
        this.values = values;
    }

    /** A table holding {@code value.apply(code)} for each of {@code codes}. */
    static <T> StatusTable<T> of(Collection<Integer> codes, IntFunction<T> value) {
        if (codes.isEmpty()) {
            return new StatusTable<>(0, new Object[0]);
        }
        int lowest = codes.stream().mapToInt(Integer::intValue).min().orElseThrow();
        int highest = codes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        Object[] values = new Object[highest - lowest + 1];
        for (int code : codes) {
            values[code - lowest] = value.apply(code);
        }
        return new StatusTable<>(lowest, values);
    }

    /** The value for {@code code}, or null if the code was not given. */
    @SuppressWarnings("unchecked")
    T get(int code) {
        int index = code - lowest;
        return index >= 0 && index < values.length ? (T) values[index] : null;
    }
}
