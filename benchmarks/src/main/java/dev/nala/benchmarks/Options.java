package dev.nala.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} command-line options of the harness mains, each with a default. */
final class Options {
    private final Map<String, String> values = new HashMap<>();

    Options(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Expected --name value pairs, got \"" + args[i] + "\"");
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got \"" + value + "\"", e);
        }
    }

    List<Integer> integers(String name, String fallback) {
        List<Integer> list = new ArrayList<>();
        for (String part : string(name, fallback).split(",")) {
            try {
                list.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--" + name + " must be comma-separated whole numbers, got \"" + part + "\"", e);
            }
        }
        return list;
    }

    List<Contender> contenders(String name) {
        List<Contender> list = new ArrayList<>();
        String value = values.get(name);
        if (value == null) {
            return Contender.defaults();
        }
        for (String label : value.split(",")) {
            list.add(Contender.fromLabel(label.trim()));
        }
        return list;
    }
}
