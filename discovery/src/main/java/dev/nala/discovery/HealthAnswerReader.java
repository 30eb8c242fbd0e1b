package dev.nala.discovery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Consul's health answer in one streaming pass, building no tree and interning no field
 * names, so memory follows the instances kept, not the answer's size. A wrongly typed field makes
 * its entry malformed; anything but one JSON array is a {@link ConsulBadAnswer}. Of {@code
 * Service.Tags} and {@code Service.Meta} it keeps at most {@value #MAX_TAGS} tags and {@value
 * #MAX_META} pairs (Consul's own limit for Meta) of bounded length; the rest, and labels of
 * the wrong type, are ignored.
 */
final class HealthAnswerReader {
    static final int MAX_TAGS = 64;
    static final int MAX_TAG_LENGTH = 256;
    static final int MAX_META = 64;
    static final int MAX_META_KEY_LENGTH = 128;
    static final int MAX_META_VALUE_LENGTH = 512;

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    private HealthAnswerReader() {}

    static InstanceAddresses.Result read(InputStream in) throws IOException {
        InstanceAddresses instances = new InstanceAddresses();
        try (JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new ConsulBadAnswer("Consul answered with something other than a JSON array of instances");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new ConsulBadAnswer("Consul's answer ended inside its JSON array");
                }
                if (token == JsonToken.START_OBJECT) {
                    readEntry(parser, instances);
                } else {
                    instances.malformed("malformed entry: " + kind(token) + " instead of an object");
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new ConsulBadAnswer("Consul answered with more than a JSON array of instances");
            }
        }
        return instances.result();
    }

    private static final class Fields {
        boolean hasNode;
        boolean hasService;
        String nodeName;
        String nodeAddress;
        String serviceId;
        String serviceAddress;
        Integer port;
        List<String> tags = List.of();
        Map<String, String> meta = Map.of();
        String problem;

        void problem(String found) {
            if (problem == null) {
                problem = found;
            }
        }
    }

    /** From its START_OBJECT to its END_OBJECT. */
    private static void readEntry(JsonParser parser, InstanceAddresses instances) throws IOException {
        Fields fields = new Fields();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "Node" -> {
                    if (isObject(parser, "Node", fields)) {
                        fields.hasNode = true;
                        readNode(parser, fields);
                    }
                }
                case "Service" -> {
                    if (isObject(parser, "Service", fields)) {
                        fields.hasService = true;
                        readService(parser, fields);
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (fields.problem != null) {
            instances.malformed("malformed entry: instance " + SafeText.quoted(fields.serviceId) + " on node "
                    + SafeText.quoted(fields.nodeName) + ": " + fields.problem);
            return;
        }
        instances.add(new HealthEntry(
                fields.hasNode ? new HealthEntry.Node(fields.nodeName, fields.nodeAddress) : null,
                fields.hasService
                        ? new HealthEntry.Service(
                                fields.serviceId, fields.serviceAddress, fields.port, fields.tags, fields.meta)
                        : null));
    }

    private static void readNode(JsonParser parser, Fields fields) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "Node" -> fields.nodeName = string(parser, "Node.Node", fields);
                case "Address" -> fields.nodeAddress = string(parser, "Node.Address", fields);
                default -> parser.skipChildren();
            }
        }
    }

    private static void readService(JsonParser parser, Fields fields) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "ID" -> fields.serviceId = string(parser, "Service.ID", fields);
                case "Address" -> fields.serviceAddress = string(parser, "Service.Address", fields);
                case "Port" -> fields.port = port(parser, fields);
                case "Tags" -> fields.tags = tags(parser);
                case "Meta" -> fields.meta = meta(parser);
                default -> parser.skipChildren();
            }
        }
    }

    /**
     * An array of strings; tags beyond the bounds, and anything else, are left out without making
     * the entry malformed: labels only select instances, and one nobody reads cannot select one.
     */
    private static List<String> tags(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            if (element == JsonToken.VALUE_STRING
                    && tags.size() < MAX_TAGS
                    && parser.getTextLength() <= MAX_TAG_LENGTH) {
                tags.add(parser.getText());
            } else {
                parser.skipChildren();
            }
        }
        return List.copyOf(tags);
    }

    /** An object of strings; left out as {@link #tags} are. */
    private static Map<String, String> meta(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return Map.of();
        }
        Map<String, String> meta = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (parser.nextToken() == JsonToken.VALUE_STRING
                    && meta.size() < MAX_META
                    && key.length() <= MAX_META_KEY_LENGTH
                    && parser.getTextLength() <= MAX_META_VALUE_LENGTH) {
                meta.put(key, parser.getText());
            } else {
                parser.skipChildren();
            }
        }
        return Map.copyOf(meta);
    }

    /** Null counts as absent; anything else is a problem and is skipped. */
    private static boolean isObject(JsonParser parser, String field, Fields fields) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            return true;
        }
        if (token != JsonToken.VALUE_NULL) {
            fields.problem(field + " is " + kind(token) + ", not an object");
            parser.skipChildren();
        }
        return false;
    }

    private static String string(JsonParser parser, String field, Fields fields) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token != JsonToken.VALUE_NULL) {
            fields.problem(field + " is " + kind(token) + ", not a string");
            parser.skipChildren();
        }
        return null;
    }

    /** Jackson would otherwise coerce "8080", 8080.9 or truncate 2^32+1. */
    private static Integer port(JsonParser parser, Fields fields) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            if (parser.getNumberType() == JsonParser.NumberType.INT) {
                return parser.getIntValue();
            }
            fields.problem("Service.Port " + SafeText.of(parser.getText(), 24) + " is out of range");
            return null;
        }
        if (token != JsonToken.VALUE_NULL) {
            fields.problem("Service.Port is " + kind(token) + ", not a whole number");
            parser.skipChildren();
        }
        return null;
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }
}
