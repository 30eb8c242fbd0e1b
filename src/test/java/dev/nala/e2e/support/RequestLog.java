package dev.nala.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The requests a real server wrote to its log, one line per request: {@code <method> <path>
 * <connection>}, where the connection is anything that tells the server's TCP connections apart
 * (nginx's {@code $connection} serial number, the client's port). Other lines (start-up notices,
 * warnings) are ignored. Read afresh on every question, so it sees what the server logged so far.
 */
public final class RequestLog {
    private static final Pattern REQUEST = Pattern.compile("^([A-Z]+) (/\\S*) (\\S+)$");

    private final Path file;

    public RequestLog(Path file) {
        this.file = file;
    }

    /** One request as the server logged it. */
    public record Entry(String method, String path, String connection) {}

    /** Every request logged so far, in the order the server logged them. */
    public List<Entry> entries() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request log " + file, e);
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = REQUEST.matcher(line.strip());
            if (matcher.matches()) {
                entries.add(new Entry(matcher.group(1), matcher.group(2), matcher.group(3)));
            }
        }
        return entries;
    }

    /** Requests per path, for the paths that start with {@code prefix}. */
    public Map<String, Integer> requestsByPath(String prefix) {
        return count(prefix, Entry::path);
    }

    /** Requests per connection, over the requests whose path starts with {@code prefix}. */
    public Map<String, Integer> requestsByConnection(String prefix) {
        return count(prefix, Entry::connection);
    }

    private Map<String, Integer> count(String prefix, Function<Entry, String> key) {
        return entries().stream()
                .filter(entry -> entry.path().startsWith(prefix))
                .collect(Collectors.toMap(key, entry -> 1, Integer::sum, TreeMap::new));
    }

    /** The whole log, for failure messages. */
    public String text() {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
