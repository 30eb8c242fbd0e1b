package dev.nala.examples;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Checks an {@code xml} snippet: it must be well-formed (a fragment such as a lone
 * {@code <dependency>} is read inside a root element), and every Maven {@code <dependency>} must
 * carry a {@code <version>}, unless an {@code xml} snippet of the same document imports a BOM
 * ({@code <type>pom</type>} and {@code <scope>import</scope>}) of the same {@code groupId}: Maven
 * refuses a dependency whose version nothing manages.
 */
final class XmlSnippetCheck {
    private XmlSnippetCheck() {}

    /** The groupIds of the BOMs the document's {@code xml} snippets import. */
    static Set<String> importedBoms(List<DocSnippet> xmlSnippets) {
        Set<String> groups = new HashSet<>();
        for (DocSnippet snippet : xmlSnippets) {
            parse(snippet.text()).ifPresent(document -> {
                for (Element dependency : dependencies(document)) {
                    if ("pom".equals(child(dependency, "type")) && "import".equals(child(dependency, "scope"))) {
                        groups.add(child(dependency, "groupId"));
                    }
                }
            });
        }
        return groups;
    }

    /** What is wrong with the snippet; empty when it is well-formed and every version is known. */
    static List<SnippetProblem> check(DocSnippet snippet, Set<String> importedBoms) {
        Document document;
        try {
            document = read(snippet.text());
        } catch (SAXParseException e) {
            return List.of(
                    snippet.problem(snippet.firstLine() + e.getLineNumber() - 1, "not well-formed: " + e.getMessage()));
        } catch (SAXException | IOException e) {
            return List.of(snippet.problem("not well-formed: " + e.getMessage()));
        }
        List<SnippetProblem> problems = new ArrayList<>();
        for (Element dependency : dependencies(document)) {
            String groupId = child(dependency, "groupId");
            if (child(dependency, "version") == null && !importedBoms.contains(groupId)) {
                String artifactId = child(dependency, "artifactId");
                problems.add(snippet.problem(
                        lineOf(snippet, "<artifactId>" + artifactId + "</artifactId>"),
                        "<dependency> " + groupId + ":" + artifactId + " has no <version>, and no xml snippet of this "
                                + "document imports a BOM of " + groupId + " (<type>pom</type><scope>import</scope>) "
                                + "that would manage it; Maven refuses it"));
            }
        }
        return problems;
    }

    private static Optional<Document> parse(String text) {
        try {
            return Optional.of(read(text));
        } catch (SAXException | IOException e) {
            return Optional.empty();
        }
    }

    /** Reads the snippet, inside a root element unless it has an XML declaration; line numbers stay the same. */
    private static Document read(String text) throws SAXException, IOException {
        String xml = text.stripLeading().startsWith("<?xml") ? text : "<snippet>" + text + "</snippet>";
        return builder().parse(new InputSource(new StringReader(xml)));
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {}

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Element> dependencies(Document document) {
        NodeList nodes = document.getElementsByTagName("dependency");
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    /** The trimmed text of a direct child element, or null without one. */
    private static String child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().trim();
            }
        }
        return null;
    }

    private static int lineOf(DocSnippet snippet, String text) {
        String[] lines = snippet.text().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return snippet.firstLine() + i;
            }
        }
        return snippet.fenceLine();
    }
}
