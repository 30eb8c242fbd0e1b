package dev.nala.examples;

import java.util.Optional;

/**
 * One fenced code block of a Markdown document, with the snippet markers written right above it.
 *
 * @param document the document's path from the repository root
 * @param fenceLine the 1-based line of the opening fence
 * @param info the fence's info string (its first word, lower case), empty when the fence has none
 * @param text the block's content, the fence's indentation removed
 * @param context Java class members from a {@code <!-- snippet-context: ... -->} comment, if any
 * @param contextLine the 1-based line where that comment starts (0 without one)
 * @param expectation what the check of this block must find
 * @param reason why the block is not checked or is invalid, as written in its marker
 */
record DocSnippet(
        String document,
        int fenceLine,
        String info,
        String text,
        Optional<String> context,
        int contextLine,
        Expectation expectation,
        String reason) {

    /** What a marker asks of the check. */
    enum Expectation {
        /** No marker: the snippet must pass its check. */
        VALID,
        /** {@code <!-- snippet: invalid (reason) -->}: the snippet shows an error and must fail its check. */
        INVALID,
        /** {@code <!-- snippet: not-checked (reason) -->}: the snippet is left alone. */
        NOT_CHECKED
    }

    /** The document line of the snippet's first content line. */
    int firstLine() {
        return fenceLine + 1;
    }

    SnippetProblem problem(int line, String message) {
        return new SnippetProblem(document, line, info.isEmpty() ? "fence" : info, message);
    }

    SnippetProblem problem(String message) {
        return problem(fenceLine, message);
    }
}
