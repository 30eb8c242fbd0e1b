package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A 50 MB answer from Consul, in a JVM of its own with {@code -Xmx512m}: no OutOfMemoryError
 * (the JVM is told to exit on one), the watch keeps the last good list and recovers, and the
 * answer costs the watch a bounded amount of memory. Reading such an answer into a tree took
 * 1.1 GB (valid entries) to 5 GB ({@code {}} elements) of heap.
 */
class SmallHeapTest {
    private static final long FIFTY_MB = 50L << 20;
    private static final Pattern RESULT = Pattern.compile(
            "RESULT recovered=(\\w+) onlyGoodLists=(\\w+) hugeSentMiB=(\\d+) allocatedMiB=(\\d+) heapUsedAfterGcMiB=(\\d+)");

    @TempDir
    Path output;

    /**
     * @param limit {@code max-answer-size}: the default (the answer is cut at 16MiB), or one the
     *     answer fits in (all of it is parsed, as a stream)
     * @param maxAllocatedMiB what the watch thread may allocate for it (garbage included): a
     *     streaming parse allocates a small multiple of what it reads
     */
    @ParameterizedTest(name = "{0} under max-answer-size = {1}")
    @CsvSource({"instances, 16MiB, 512", "empty-objects, 64MiB, 512"})
    void aFiftyMegabyteAnswerNeitherExhaustsTheHeapNorFreezesTheList(String kind, String limit, long maxAllocatedMiB)
            throws Exception {
        Path log = output.resolve("watch.log");
        Process watch = new ProcessBuilder(List.of(
                        Paths.get(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-Xmx512m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        System.getProperty("java.class.path"),
                        HugeAnswerWatch.class.getName(),
                        kind,
                        limit,
                        Long.toString(FIFTY_MB)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!watch.waitFor(60, TimeUnit.SECONDS)) {
            watch.destroyForcibly();
            throw new AssertionError("The watch JVM did not end within 60s:\n" + tail(log));
        }
        String printed = tail(log);
        assertThat(watch.exitValue()).as("exit code; output:\n%s", printed).isZero();
        assertThat(printed).doesNotContain("OutOfMemoryError");
        Matcher result = RESULT.matcher(printed);
        assertThat(result.find()).as(printed).isTrue();
        System.out.println(kind + " under " + limit + ": " + result.group());
        assertThat(result.group(1)).as("recovered").isEqualTo("true");
        assertThat(result.group(2))
                .as("served only the last good list, then the new one")
                .isEqualTo("true");
        assertThat(Long.parseLong(result.group(4)))
                .as("MiB the watch allocated")
                .isLessThan(maxAllocatedMiB);
        assertThat(Long.parseLong(result.group(5)))
                .as("MiB of heap in use afterwards")
                .isLessThan(64);
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
    }
}
