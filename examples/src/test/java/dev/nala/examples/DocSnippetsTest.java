package dev.nala.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every fenced code block in {@code README.md} and {@code docs/**}{@code /*.md} compiles or parses
 * as shown, so the documentation cannot drift from the code. Each fence must carry an info string;
 * a fence without one, or with one the check does not know, fails the test.
 *
 * <h2>What is checked, by info string</h2>
 *
 * <ul>
 *   <li>{@code java}: compiled in memory against this module's test class path (every Nala
 *       module, Retrofit, the OpenTelemetry SDK and exporters, the discovery test-jar).
 *       <ul>
 *         <li>A snippet with a type declaration at the start of a line ({@code class},
 *             {@code interface}, {@code enum}, {@code record}, modifiers and annotations allowed)
 *             is a complete file and compiles exactly as shown, its own imports and nothing else.
 *         <li>Any other snippet is a fragment: its leading {@code import} lines stay imports, and
 *             the rest becomes the body of a method declared {@code throws Exception}, in a class
 *             with these imports: {@link JavaSnippetCompiler#DEFAULT_IMPORTS} ({@code java.io.*},
 *             {@code java.time.*}, {@code java.util.*}, {@code java.util.concurrent.*},
 *             {@code com.typesafe.config.*}, {@code okhttp3.*}, {@code dev.nala.*},
 *             {@code io.opentelemetry.api.*}, {@code io.opentelemetry.context.*}). Anything else
 *             the fragment uses, it imports. A line that is only {@code ...} stands for code left
 *             out.
 *         <li>A fragment that uses names the document introduced earlier (a {@code client}, a
 *             port) gets them from a hidden context, an HTML comment right above the fence whose
 *             Java text becomes members of the wrapping class (fields, methods, nested types;
 *             {@code import} lines in it become imports):
 *             {@code <!-- snippet-context: OkHttpClient client; int upstreamPort; -->}.
 *       </ul>
 *   <li>{@code hocon}, {@code conf}: parsed with Typesafe Config, resolved over Nala's
 *       {@code reference.conf} without any environment variable (so a required {@code ${VAR}}
 *       fails as it would for a user who has not set it; {@code ${?VAR}} is dropped), and, when
 *       it has a {@code nala} block, validated by {@code NalaSettings.load} and
 *       {@code DeploymentMode.parse}, as building a factory would. See {@link HoconSnippetCheck}.
 *   <li>{@code xml}: well-formed (a fragment is read inside a root element), and every
 *       {@code <dependency>} has a {@code <version>}, unless an {@code xml} snippet of the same
 *       document imports a BOM of that {@code groupId} ({@code <type>pom</type>},
 *       {@code <scope>import</scope>}). See {@link XmlSnippetCheck}.
 *   <li>Not checked, shown as they are: {@code sh}, {@code bash}, {@code shell}, {@code console}
 *       (commands), {@code text} (output, log lines, messages), {@code yaml} (manifests),
 *       {@code http} (requests on the wire), {@code mermaid} (diagrams, drawn by GitHub and GitLab).
 * </ul>
 *
 * <h2>Markers</h2>
 *
 * HTML comments right above a fence (only blank lines between), invisible on the rendered page:
 *
 * <ul>
 *   <li>{@code <!-- snippet-context: JAVA MEMBERS -->}: the hidden context of a java fragment, above.
 *   <li>{@code <!-- snippet: invalid (reason) -->}: the snippet shows a mistake on purpose (a typo,
 *       a bad value) and must FAIL its check.
 *   <li>{@code <!-- snippet: not-checked (reason) -->}: the snippet is left alone; the reason is
 *       required. Keep these rare.
 * </ul>
 *
 * <p>The failure message lists every broken snippet at once, as {@code file:line [kind] error}.
 */
class DocSnippetsTest {

    @Test
    void everySnippetInTheReadmeAndTheDocsCompilesOrParsesAsShown() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("README.md"))
                .as("the repository root, beside the examples module")
                .exists();
        DocumentCheck check = new DocumentCheck(new JavaSnippetCompiler(testClassPath()));
        List<SnippetProblem> problems = new ArrayList<>();
        List<DocSnippet> checked = new ArrayList<>();
        for (Path document : documents(root)) {
            String name = root.relativize(document).toString().replace('\\', '/');
            problems.addAll(check.check(name, Files.readString(document), checked));
        }

        if (!problems.isEmpty()) {
            StringBuilder report = new StringBuilder(problems.size() + " broken snippet(s) in README.md and docs/:\n");
            problems.forEach(problem -> report.append("  ").append(problem).append('\n'));
            fail(report.toString());
        }
        assertThat(checked)
                .extracting(DocSnippet::info)
                .as("the snippets checked")
                .contains("java", "hocon", "xml");
    }

    /** README.md and every Markdown file under docs/, in a stable order. */
    private static List<Path> documents(Path root) throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** The class path of this test run; Surefire's manifest-only jar hides it from java.class.path otherwise. */
    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
