package dev.nala.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The doc-snippet check catches what it promises to, at the right document line. */
class DocumentCheckTest {
    private static final DocumentCheck CHECK =
            new DocumentCheck(new JavaSnippetCompiler(DocSnippetsTest.testClassPath()));

    private static List<String> problems(String markdown) {
        return CHECK.check("doc.md", markdown, new ArrayList<>()).stream()
                .map(SnippetProblem::toString)
                .toList();
    }

    @Test
    void aFenceWithoutAnInfoStringOrWithAnUnknownOneFails() {
        assertThat(problems("text\n\n```\nsome output\n```\n\n```rust\nfn main() {}\n```\n"))
                .hasSize(2)
                .anySatisfy(
                        problem -> assertThat(problem).startsWith("doc.md:3 [fence] a fence without an info string"))
                .anySatisfy(problem -> assertThat(problem).startsWith("doc.md:7 [rust] unknown info string \"rust\""));
    }

    @Test
    void aJavaFragmentCompilesWithTheDefaultImportsAndItsHiddenContext() {
        String markdown = """
                <!-- snippet-context: int upstreamPort; -->
                ```java
                import java.net.URI;

                try (HttpClientFactory factory = HttpClientFactory.create(ConfigFactory.empty())) {
                    OkHttpClient client = factory.client();
                    URI uri = URI.create("http://127.0.0.1:" + upstreamPort);
                    ...
                }
                ```
                """;
        assertThat(problems(markdown)).isEmpty();
    }

    @Test
    void aCompileErrorIsReportedAtItsDocumentLine() {
        String markdown = "# Title\n\n```java\nOkHttpClient client = factory.client();\n```\n";
        assertThat(problems(markdown))
                .singleElement()
                .asString()
                .startsWith("doc.md:4 [java] cannot find symbol")
                .contains("factory");
    }

    @Test
    void aSnippetThatDeclaresATypeCompilesAsIsWithoutDefaultImports() {
        String markdown = "```java\npublic class Calls {\n    OkHttpClient client;\n}\n```\n";
        assertThat(problems(markdown)).singleElement().asString().startsWith("doc.md:3 [java] cannot find symbol");
    }

    @Test
    void aRequiredSubstitutionFailsInAnEmptyEnvironmentAndAnOptionalOneDoesNot() {
        String required = "```hocon\nnala.services.\"payments\".tls.trust-store {\n  path = \"/x.p12\"\n"
                + "  password = ${PAYMENTS_TRUSTSTORE_PASSWORD}\n}\n```\n";
        assertThat(problems(required))
                .singleElement()
                .asString()
                .startsWith("doc.md:4 [hocon] UnresolvedSubstitution")
                .contains("PAYMENTS_TRUSTSTORE_PASSWORD");
        assertThat(problems(required.replace("${", "${?"))).isEmpty();
    }

    @Test
    void aNalaBlockGoesThroughNalasValidation() {
        assertThat(problems("```hocon\nnala.defaults.retry.max-attempts = -1\n```\n"))
                .singleElement()
                .asString()
                .startsWith("doc.md:1 [hocon]")
                .contains("nala.defaults.retry.max-attempts");
        assertThat(problems("```conf\nnala.deployment-mode = meshh\n```\n"))
                .singleElement()
                .asString()
                .contains("Invalid deployment mode \"meshh\"");
        assertThat(problems("```hocon\nnala.defaults.retyr.max-attempts = 2\n```\n"))
                .singleElement()
                .asString()
                .contains("nala.defaults.retyr");
    }

    @Test
    void aSnippetMarkedInvalidMustFail() {
        assertThat(
                        problems(
                                "<!-- snippet: invalid (a bad value) -->\n```hocon\nnala.defaults.retry.max-attempts = -1\n```\n"))
                .isEmpty();
        assertThat(
                        problems(
                                "<!-- snippet: invalid (a bad value) -->\n```hocon\nnala.defaults.retry.max-attempts = 2\n```\n"))
                .singleElement()
                .asString()
                .contains("marked \"snippet: invalid\", but it passes");
    }

    @Test
    void notCheckedNeedsAReasonAndAnUnknownMarkerIsReported() {
        assertThat(problems("<!-- snippet: not-checked (needs jakarta.servlet) -->\n```java\nnot java at all\n```\n"))
                .isEmpty();
        assertThat(problems("<!-- snippet: not-checked -->\n```java\nnot java at all\n```\n"))
                .singleElement()
                .asString()
                .contains("needs a reason");
        assertThat(problems("<!-- snippet: skip -->\n```hocon\na = 1\n```\n"))
                .singleElement()
                .asString()
                .contains("unknown snippet marker");
    }

    @Test
    void aDependencyWithoutVersionNeedsABomOfItsGroupInTheSameDocument() {
        String dependency =
                "```xml\n<dependency>\n  <groupId>dev.nala</groupId>\n  <artifactId>nala-discovery</artifactId>\n"
                        + "  <type>test-jar</type>\n</dependency>\n```\n";
        assertThat(problems(dependency))
                .singleElement()
                .asString()
                .startsWith("doc.md:4 [xml] <dependency> dev.nala:nala-discovery has no <version>");
        String bom = "```xml\n<dependencyManagement><dependencies><dependency>\n  <groupId>dev.nala</groupId>"
                + "<artifactId>nala-bom</artifactId><version>1.0</version><type>pom</type><scope>import</scope>\n"
                + "</dependency></dependencies></dependencyManagement>\n```\n\n";
        assertThat(problems(bom + dependency)).isEmpty();
        assertThat(problems("```xml\n<dependency><groupId>x</groupId>\n</dependency\n```\n"))
                .singleElement()
                .asString()
                .startsWith("doc.md:3 [xml] not well-formed");
    }
}
