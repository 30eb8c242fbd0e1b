package dev.nala.tools;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Generated YAML read back into fabric8's typed model, refusing any field the model does not know. */
final class ParsedYaml {
    private static final YAMLMapper MAPPER = new YAMLMapper();

    private ParsedYaml() {}

    static <T> List<T> read(String yaml, Class<T> type) {
        try (MappingIterator<T> documents = MAPPER.readerFor(type).readValues(yaml)) {
            List<T> parsed = documents.readAll();
            for (T document : parsed) {
                List<String> unknown = UnknownFields.in(document);
                if (!unknown.isEmpty()) {
                    throw new AssertionError("Fields " + type.getSimpleName() + " does not know: " + unknown);
                }
            }
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
