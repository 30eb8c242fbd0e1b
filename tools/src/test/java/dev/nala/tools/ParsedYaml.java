package dev.nala.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.nala.tools.generate.GeneratedFile;
import dev.nala.tools.generate.ResourceYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Generated YAML read back into fabric8's typed model, refusing any field the model does not know. */
final class ParsedYaml {
    private static final YAMLMapper MAPPER = new YAMLMapper();

    private ParsedYaml() {}

    /** The one resource of {@code type} in {@code file}. */
    static <T> T only(GeneratedFile file, Class<T> type) {
        List<T> parsed = read(ResourceYaml.write(file), type);
        assertThat(parsed).hasSize(1);
        return parsed.get(0);
    }

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
