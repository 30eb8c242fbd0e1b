package dev.nala.examples;

import dev.nala.examples.DocSnippet.Expectation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the fenced code blocks of a Markdown document ({@code ```} or {@code ~~~}, indented or
 * not) and the snippet markers in the HTML comments right above each one (only blank lines may
 * lie between a marker and its fence, or between two markers).
 */
final class MarkdownFences {
    private static final Pattern OPENING = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^\\s`]*).*$");
    private static final Pattern CONTEXT = Pattern.compile("(?s)snippet-context:(.*)");
    private static final Pattern DIRECTIVE =
            Pattern.compile("(?s)snippet:\\s*(invalid|not-checked)\\s*(?:\\((.*)\\))?\\s*");

    private MarkdownFences() {}

    /**
     * The document's fenced blocks, in order. An unterminated fence or a malformed marker is
     * added to {@code problems}.
     */
    static List<DocSnippet> read(String document, String markdown, List<SnippetProblem> problems) {
        String[] lines = markdown.split("\r?\n", -1);
        List<DocSnippet> snippets = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            Matcher opening = OPENING.matcher(lines[i]);
            if (!opening.matches()) {
                i++;
                continue;
            }
            int fence = i;
            int indent = opening.group(1).length();
            String marker = opening.group(2);
            String info = opening.group(3).toLowerCase(Locale.ROOT);
            List<String> content = new ArrayList<>();
            i++;
            while (i < lines.length && !closes(lines[i], marker)) {
                content.add(withoutIndent(lines[i], indent));
                i++;
            }
            if (i == lines.length) {
                problems.add(new SnippetProblem(document, fence + 1, "fence", "the fence is never closed"));
            }
            i++;
            snippets.add(snippet(document, lines, fence, info, String.join("\n", content), problems));
        }
        return snippets;
    }

    private static boolean closes(String line, String marker) {
        String trimmed = line.trim();
        return trimmed.length() >= marker.length() && trimmed.chars().allMatch(c -> c == marker.charAt(0));
    }

    private static String withoutIndent(String line, int indent) {
        int strip = 0;
        while (strip < indent && strip < line.length() && line.charAt(strip) == ' ') {
            strip++;
        }
        return line.substring(strip);
    }

    /** Reads the markers in the HTML comments above the fence, nearest first. */
    private static DocSnippet snippet(
            String document, String[] lines, int fence, String info, String text, List<SnippetProblem> problems) {
        Optional<String> context = Optional.empty();
        int contextLine = 0;
        Expectation expectation = Expectation.VALID;
        String reason = "";
        int end = fence - 1;
        while (true) {
            while (end >= 0 && lines[end].isBlank()) {
                end--;
            }
            if (end < 0 || !lines[end].trim().endsWith("-->")) {
                break;
            }
            int start = end;
            while (start >= 0 && !lines[start].contains("<!--")) {
                start--;
            }
            if (start < 0) {
                break;
            }
            String comment =
                    String.join("\n", List.of(lines).subList(start, end + 1)).trim();
            String body = comment.substring(comment.indexOf("<!--") + 4, comment.lastIndexOf("-->"))
                    .trim();
            Matcher contextMarker = CONTEXT.matcher(body);
            Matcher directive = DIRECTIVE.matcher(body);
            if (contextMarker.matches()) {
                context = Optional.of(contextMarker.group(1));
                contextLine = start + 1;
            } else if (directive.matches()) {
                expectation = directive.group(1).equals("invalid") ? Expectation.INVALID : Expectation.NOT_CHECKED;
                reason = directive.group(2) == null ? "" : directive.group(2).trim();
                if (expectation == Expectation.NOT_CHECKED && reason.isEmpty()) {
                    problems.add(new SnippetProblem(
                            document, start + 1, "fence", "snippet: not-checked needs a reason in parentheses"));
                }
            } else if (body.startsWith("snippet")) {
                problems.add(
                        new SnippetProblem(
                                document,
                                start + 1,
                                "fence",
                                "unknown snippet marker: " + body
                                        + " (known: snippet-context: ..., snippet: invalid (...), snippet: not-checked (...))"));
            }
            end = start - 1;
        }
        return new DocSnippet(document, fence + 1, info, text, context, contextLine, expectation, reason);
    }
}
