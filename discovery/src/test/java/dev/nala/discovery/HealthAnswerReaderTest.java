package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.internal.Endpoint;
import dev.nala.internal.InstanceLabels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthAnswerReaderTest {

    private static InstanceAddresses.Result read(String json) throws IOException {
        return HealthAnswerReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheFieldsItNeedsAndSkipsTheRest() throws IOException {
        InstanceAddresses.Result result = read("[" + ScriptedConsul.entry("payments-1", "10.0.0.1", 8080) + ","
                + "{\"Extra\":[[{\"Service\":{\"Address\":\"10.9.9.9\",\"Port\":1}}]],"
                + "\"Service\":{\"Meta\":{\"Port\":\"x\",\"Address\":[]},\"Address\":\"\",\"Port\":8081,\"ID\":\"p2\"},"
                + "\"Node\":{\"Node\":\"n2\",\"Address\":\"10.0.0.2\",\"Meta\":{\"Node\":{}}}}]");
        assertThat(result.endpoints()).containsExactly(Endpoint.of("10.0.0.1", 8080), Endpoint.of("10.0.0.2", 8081));
        assertThat(result.entries()).isEqualTo(2);
        assertThat(result.rejected()).isZero();
    }

    @Test
    void keepsTagsAndMetaWithinBoundsAndIgnoresTheRest() throws IOException {
        StringBuilder manyTags = new StringBuilder("\"v2\"");
        for (int i = 0; i < 100; i++) {
            manyTags.append(",\"t").append(i).append('"');
        }
        String longTag = "x".repeat(HealthAnswerReader.MAX_TAG_LENGTH + 1);
        InstanceAddresses.Result result = read("["
                + "{\"Service\":{\"Address\":\"10.0.0.1\",\"Port\":80,\"Tags\":[" + manyTags + "],"
                + "\"Meta\":{\"version\":\"v2\",\"n\":1,\"o\":{\"a\":\"b\"},\"" + longTag + "\":\"x\"}}},"
                + "{\"Service\":{\"Address\":\"10.0.0.2\",\"Port\":80,\"Tags\":[\"" + longTag
                + "\",7,null,[\"v1\"],\"v1\"],\"Meta\":[\"v1\"]}},"
                + "{\"Service\":{\"Address\":\"10.0.0.3\",\"Port\":80,\"Tags\":\"v1\",\"Meta\":null}}]");
        assertThat(result.endpoints()).hasSize(3);
        assertThat(result.rejected()).isZero();
        InstanceLabels first = result.labels().get(Endpoint.of("10.0.0.1", 80));
        assertThat(first.tags()).hasSize(HealthAnswerReader.MAX_TAGS).contains("v2");
        assertThat(first.meta()).isEqualTo(Map.of("version", "v2"));
        InstanceLabels second = result.labels().get(Endpoint.of("10.0.0.2", 80));
        assertThat(second.tags()).containsExactly("v1");
        assertThat(second.meta()).isEmpty();
        assertThat(result.labels()).doesNotContainKey(Endpoint.of("10.0.0.3", 80));
    }

    @Test
    void atMostSixtyFourMetaPairsAreKept() throws IOException {
        StringBuilder meta = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            meta.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        InstanceAddresses.Result result =
                read("[{\"Service\":{\"Address\":\"10.0.0.1\",\"Port\":80,\"Meta\":{" + meta + "}}}]");
        assertThat(result.labels().get(Endpoint.of("10.0.0.1", 80)).meta()).hasSize(HealthAnswerReader.MAX_META);
    }

    @Test
    void anEmptyArrayIsNoInstances() throws IOException {
        InstanceAddresses.Result result = read(" [ ] ");
        assertThat(result.endpoints()).isEmpty();
        assertThat(result.entries()).isZero();
        assertThat(result.noneUsable()).isFalse();
    }

    @Test
    void fieldsOfTheWrongJsonTypeMakeTheirEntryMalformed() throws IOException {
        InstanceAddresses.Result result = read("["
                + "{\"Service\":{\"ID\":\"string-port\",\"Address\":\"10.0.0.1\",\"Port\":\"8080\"}},"
                + "{\"Service\":{\"ID\":\"float-port\",\"Address\":\"10.0.0.1\",\"Port\":8080.0}},"
                + "{\"Service\":{\"ID\":\"long-port\",\"Address\":\"10.0.0.1\",\"Port\":4294975376}},"
                + "{\"Service\":{\"ID\":\"bool-port\",\"Address\":\"10.0.0.1\",\"Port\":true}},"
                + "{\"Service\":{\"ID\":\"number-address\",\"Address\":167772161,\"Port\":8080}},"
                + "{\"Service\":{\"ID\":\"object-id\",\"Address\":\"10.0.0.1\",\"Port\":8080,\"ID\":{}}},"
                + "{\"Service\":\"a string\"},"
                + "{\"Node\":[\"an\",\"array\"],\"Service\":{\"Address\":\"10.0.0.1\",\"Port\":8080}},"
                + "42, null]");
        assertThat(result.endpoints()).isEmpty();
        assertThat(result.noneUsable()).isTrue();
        assertThat(result.entries()).isEqualTo(InstanceAddresses.DESCRIBED_REJECTIONS);
        assertThat(result.rejected()).isEqualTo(InstanceAddresses.DESCRIBED_REJECTIONS);
        assertThat(result.described())
                .anySatisfy(d -> assertThat(d).contains("\"string-port\"").contains("Service.Port is a string"))
                .anySatisfy(d -> assertThat(d)
                        .contains("\"float-port\"")
                        .contains("Service.Port is a number, not a whole number"))
                .anySatisfy(d ->
                        assertThat(d).contains("\"long-port\"").contains("Service.Port 4294975376 is out of range"))
                .anySatisfy(d -> assertThat(d).contains("\"bool-port\"").contains("is a boolean"))
                .anySatisfy(d -> assertThat(d).contains("\"number-address\"").contains("Service.Address is a number"))
                .anySatisfy(d -> assertThat(d).contains("Service.ID is an object"))
                .anySatisfy(d -> assertThat(d).contains("Service is a string, not an object"))
                .anySatisfy(d -> assertThat(d).contains("Node is an array, not an object"))
                .anySatisfy(d -> assertThat(d).isEqualTo("malformed entry: a number instead of an object"))
                .anySatisfy(d -> assertThat(d).isEqualTo("malformed entry: null instead of an object"));
    }

    @Test
    void nullFieldsCountAsAbsent() throws IOException {
        InstanceAddresses.Result result = read("[{\"Node\":{\"Node\":null,\"Address\":\"10.0.0.5\"},"
                + "\"Service\":{\"ID\":null,\"Address\":null,\"Port\":8080,\"Tags\":null}},"
                + "{\"Node\":null,\"Service\":{\"Address\":\"10.0.0.6\",\"Port\":null}}]");
        assertThat(result.endpoints()).containsExactly(Endpoint.of("10.0.0.5", 8080));
        assertThat(result.described()).singleElement().asString().contains("no address or no port");
    }

    @Test
    void anythingButOneArrayIsABadAnswer() {
        for (String body : new String[] {"", "  ", "{}", "\"[]\"", "null", "[] []", "[]x"}) {
            assertThatThrownBy(() -> read(body)).as(body).isInstanceOf(IOException.class);
        }
        assertThatThrownBy(() -> read("{\"Node\":{}}"))
                .isInstanceOf(ConsulBadAnswer.class)
                .hasMessage("Consul answered with something other than a JSON array of instances");
        assertThatThrownBy(() -> read("[{}] [{}]"))
                .isInstanceOf(ConsulBadAnswer.class)
                .hasMessage("Consul answered with more than a JSON array of instances");
        assertThatThrownBy(() -> read("[{\"Service\":{\"Port\":80"))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(ConsulBadAnswer.class);
    }

    @Test
    void deepNestingFailsCleanlyInsteadOfOverflowingTheStack() {
        assertThatThrownBy(() -> read("[" + "{\"a\":[".repeat(200_000)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nesting depth");
    }

    /** What used to take gigabytes as a tree: here a million {} elements are only counted. */
    @Test
    void aMillionEmptyObjectsAreCountedNotKept() throws IOException {
        InstanceAddresses.Result result = HealthAnswerReader.read(repeated("{}", 1_000_000));
        assertThat(result.entries()).isEqualTo(1_000_000);
        assertThat(result.endpoints()).isEmpty();
        assertThat(result.described()).hasSize(1);
        assertThat(result.undescribed()).isEqualTo(1_000_000 - InstanceAddresses.DESCRIBED_REJECTIONS);
    }

    @Test
    void unknownFieldNamesAreNotInterned() throws IOException {
        StringBuilder names = new StringBuilder("[{");
        for (int i = 0; i < 200_000; i++) {
            names.append("\"f").append(i).append("\":0,");
        }
        names.append("\"Service\":{\"Address\":\"10.0.0.1\",\"Port\":80}}]");
        long started = System.nanoTime();
        assertThat(read(names.toString()).endpoints()).containsExactly(Endpoint.of("10.0.0.1", 80));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    /** {@code [element,element,...]} generated as it is read. */
    private static InputStream repeated(String element, int count) {
        byte[] one = (element + ",").getBytes(StandardCharsets.UTF_8);
        long total = 1 + (long) one.length * count;
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                if (position == 0) {
                    position++;
                    return '[';
                }
                if (position >= total) {
                    return -1;
                }
                int at = (int) ((position - 1) % one.length);
                position++;
                return position == total ? ']' : one[at];
            }
        };
    }
}
