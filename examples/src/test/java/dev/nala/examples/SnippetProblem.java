package dev.nala.examples;

/**
 * One broken snippet in a Markdown document, as the doc-snippet check reports it.
 *
 * @param document the document's path from the repository root, e.g. {@code docs/mesh.md}
 * @param line the 1-based line in the document (the offending line when known, else the fence)
 * @param kind what was checked: {@code java}, {@code hocon}, {@code xml}, or {@code fence}
 * @param message what is wrong
 */
record SnippetProblem(String document, int line, String kind, String message) {

    @Override
    public String toString() {
        return document + ":" + line + " [" + kind + "] " + message;
    }
}
