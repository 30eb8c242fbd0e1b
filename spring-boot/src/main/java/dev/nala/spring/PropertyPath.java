package dev.nala.spring;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Spring property name into keys the way Spring's own names read: {@code a.b[0].c} is
 * {@code a}, {@code b}, index 0, {@code c}; {@code a[x.y].c} keeps {@code x.y} as one key.
 */
final class PropertyPath {
    private PropertyPath() {}

    /** The keys (strings) and list indexes (integers) of the name, in order. */
    static List<Object> split(String name) {
        List<Object> keys = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '.') {
                flush(keys, key);
                i++;
            } else if (c == '[') {
                flush(keys, key);
                int end = name.indexOf(']', i);
                if (end < 0) {
                    key.append(name, i, name.length());
                    break;
                }
                String inside = name.substring(i + 1, end);
                keys.add(
                        inside.chars().allMatch(Character::isDigit) && !inside.isEmpty()
                                ? (Object) Integer.valueOf(inside)
                                : inside);
                i = end + 1;
            } else {
                key.append(c);
                i++;
            }
        }
        flush(keys, key);
        return keys;
    }

    /** The keys written back as a name: {@code a.b[0].c}; a key with a dot in brackets. */
    static String join(List<Object> keys) {
        StringBuilder name = new StringBuilder();
        for (Object key : keys) {
            if (key instanceof Integer || key.toString().contains(".")) {
                name.append('[').append(key).append(']');
            } else {
                name.append(name.isEmpty() ? "" : ".").append(key);
            }
        }
        return name.toString();
    }

    private static void flush(List<Object> keys, StringBuilder key) {
        if (key.length() > 0) {
            keys.add(key.toString());
            key.setLength(0);
        }
    }
}
