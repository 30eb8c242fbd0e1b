package dev.nala.examples;

import dev.nala.examples.DocSnippet.Expectation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks every fenced block of one Markdown document by its info string, as described in
 * {@link DocSnippetsTest}, and collects every problem rather than stopping at the first.
 */
final class DocumentCheck {
    static final Set<String> JAVA = Set.of("java");
    static final Set<String> HOCON = Set.of("hocon", "conf");
    static final Set<String> XML = Set.of("xml");
    /** Shown as they are: commands, output, logs, manifests, HTTP exchanges, diagrams. */
    static final Set<String> NOT_CHECKED =
            Set.of("sh", "bash", "shell", "console", "text", "yaml", "properties", "json", "http", "mermaid");

    private final JavaSnippetCompiler javaCompiler;

    DocumentCheck(JavaSnippetCompiler javaCompiler) {
        this.javaCompiler = javaCompiler;
    }

    /**
     * The problems of the document's snippets.
     *
     * @param document the document's path from the repository root, for messages
     * @param markdown its text
     * @param checked where each snippet that was checked is added
     */
    List<SnippetProblem> check(String document, String markdown, List<DocSnippet> checked) {
        List<SnippetProblem> problems = new ArrayList<>();
        List<DocSnippet> snippets = MarkdownFences.read(document, markdown, problems);
        Set<String> importedBoms = XmlSnippetCheck.importedBoms(snippets.stream()
                .filter(snippet -> XML.contains(snippet.info()))
                .toList());
        for (DocSnippet snippet : snippets) {
            if (snippet.info().isEmpty()) {
                problems.add(snippet.problem("a fence without an info string; label it (java, hocon, conf, xml, "
                        + String.join(", ", NOT_CHECKED.stream().sorted().toList()) + ")"));
                continue;
            }
            boolean checkable =
                    JAVA.contains(snippet.info()) || HOCON.contains(snippet.info()) || XML.contains(snippet.info());
            if (!checkable && !NOT_CHECKED.contains(snippet.info())) {
                problems.add(snippet.problem("unknown info string \"" + snippet.info() + "\"; the check knows java, "
                        + "hocon, conf, xml and leaves "
                        + NOT_CHECKED.stream().sorted().toList() + " alone"));
                continue;
            }
            if (snippet.context().isPresent() && !JAVA.contains(snippet.info())) {
                problems.add(snippet.problem(snippet.contextLine(), "snippet-context is only for java fragments"));
            }
            if (!checkable) {
                if (snippet.expectation() != Expectation.VALID) {
                    problems.add(snippet.problem(
                            "a \"" + snippet.info() + "\" block is never checked; its marker " + "has no effect"));
                }
                continue;
            }
            if (snippet.expectation() == Expectation.NOT_CHECKED) {
                continue;
            }
            List<SnippetProblem> found = check(snippet, importedBoms);
            checked.add(snippet);
            if (snippet.expectation() == Expectation.VALID) {
                problems.addAll(found);
            } else if (found.isEmpty()) {
                problems.add(snippet.problem("marked \"snippet: invalid\", but it passes its check"));
            }
        }
        return problems;
    }

    private List<SnippetProblem> check(DocSnippet snippet, Set<String> importedBoms) {
        if (JAVA.contains(snippet.info())) {
            return javaCompiler.compile(snippet);
        }
        if (HOCON.contains(snippet.info())) {
            return HoconSnippetCheck.check(snippet);
        }
        return XmlSnippetCheck.check(snippet, importedBoms);
    }
}
