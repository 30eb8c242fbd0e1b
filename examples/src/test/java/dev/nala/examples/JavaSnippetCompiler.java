package dev.nala.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a {@code java} snippet in memory against the test class path, which holds every Nala
 * module, Retrofit and the OpenTelemetry SDK. The convention is in {@link DocSnippetsTest}.
 */
final class JavaSnippetCompiler {
    /** What a fragment may use without importing it. */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "java.io.*",
            "java.time.*",
            "java.util.*",
            "java.util.concurrent.*",
            "com.typesafe.config.*",
            "okhttp3.*",
            "dev.nala.*",
            "io.opentelemetry.api.*",
            "io.opentelemetry.context.*");

    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "(?m)^(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|abstract|final|sealed|non-sealed|static|strictfp)\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s+(\\w+)");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(?m)^(?:@\\w+(?:\\([^)]*\\))?\\s+)*public\\s+(?:(?:abstract|final|sealed|non-sealed|static|strictfp)\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s+(\\w+)");
    private static final String FRAGMENT_CLASS = "Snippet";

    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager files =
            compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    private final String classPath;

    JavaSnippetCompiler(String classPath) {
        this.classPath = classPath;
    }

    /** Whether the snippet is a complete source file (it declares a type at the start of a line). */
    static boolean isCompilationUnit(String text) {
        return TYPE_DECLARATION.matcher(text).find();
    }

    /** The compile errors, each at its document line; empty when the snippet compiles. */
    List<SnippetProblem> compile(DocSnippet snippet) {
        boolean complete = isCompilationUnit(snippet.text());
        Source source = complete ? asIs(snippet) : wrapped(snippet);
        List<SnippetProblem> problems = new ArrayList<>();
        if (complete && snippet.context().isPresent()) {
            problems.add(snippet.problem(
                    snippet.contextLine(),
                    "a snippet that declares a type compiles as is; " + "snippet-context is only for fragments"));
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new InMemorySource(source.className(), source.text());
        List<String> options = List.of("-classpath", classPath, "-proc:none", "-implicit:none", "-nowarn");
        compiler.getTask(null, new DiscardedClasses(files), diagnostics, options, null, List.of(file))
                .call();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            int generatedLine = (int) diagnostic.getLineNumber();
            int line = generatedLine >= 1
                            && generatedLine <= source.documentLines().size()
                    ? source.documentLines().get(generatedLine - 1)
                    : snippet.fenceLine();
            String code = generatedLine >= 1
                            && generatedLine <= source.documentLines().size()
                    ? source.text().split("\n", -1)[generatedLine - 1].trim()
                    : "";
            problems.add(snippet.problem(
                    line,
                    diagnostic.getMessage(Locale.ROOT).replace('\n', ' ') + (code.isEmpty() ? "" : " in: " + code)));
        }
        return problems;
    }

    /** A complete file, compiled exactly as shown. */
    private static Source asIs(DocSnippet snippet) {
        Matcher publicType = PUBLIC_TYPE.matcher(snippet.text());
        String className = publicType.find() ? publicType.group(1) : FRAGMENT_CLASS;
        Source source = new Source(className);
        String[] lines = snippet.text().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            source.add(lines[i], snippet.firstLine() + i);
        }
        return source;
    }

    /**
     * A fragment: its leading {@code import} lines and the default imports, then a class whose
     * members are the hidden context and whose one method, declared {@code throws Exception}, has
     * the fragment as its body. A line that is only {@code ...} stands for code left out.
     */
    private static Source wrapped(DocSnippet snippet) {
        Source source = new Source(FRAGMENT_CLASS);
        String[] lines = snippet.text().split("\n", -1);
        int body = 0;
        while (body < lines.length
                && (lines[body].startsWith("import ")
                        || lines[body].isBlank()
                        || lines[body].trim().startsWith("//"))) {
            source.add(lines[body], snippet.firstLine() + body);
            body++;
        }
        String[] context = snippet.context().orElse("").split("\n", -1);
        for (int i = 0; i < context.length; i++) {
            if (context[i].trim().startsWith("import ")) {
                source.add(context[i], snippet.contextLine() + i);
            }
        }
        for (String defaultImport : DEFAULT_IMPORTS) {
            source.add("import " + defaultImport + ";", snippet.fenceLine());
        }
        source.add("class " + FRAGMENT_CLASS + " {", snippet.fenceLine());
        for (int i = 0; i < context.length; i++) {
            if (!context[i].trim().startsWith("import ")) {
                source.add(context[i], snippet.contextLine() + i);
            }
        }
        source.add("void snippet() throws Exception {", snippet.fenceLine());
        for (int i = body; i < lines.length; i++) {
            source.add(lines[i].trim().equals("...") ? "" : lines[i], snippet.firstLine() + i);
        }
        source.add("}}", snippet.fenceLine());
        return source;
    }

    /** Generated source text, with the document line each of its lines came from. */
    private static final class Source {
        private final String className;
        private final StringBuilder text = new StringBuilder();
        private final List<Integer> documentLines = new ArrayList<>();

        Source(String className) {
            this.className = className;
        }

        void add(String line, int documentLine) {
            text.append(line).append('\n');
            documentLines.add(documentLine);
        }

        String className() {
            return className;
        }

        String text() {
            return text.toString();
        }

        List<Integer> documentLines() {
            return documentLines;
        }
    }

    private static final class InMemorySource extends SimpleJavaFileObject {
        private final String text;

        InMemorySource(String className, String text) {
            super(URI.create("string:///" + className + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** Throws the class files away: only the diagnostics matter. */
    private static final class DiscardedClasses extends ForwardingJavaFileManager<JavaFileManager> {
        DiscardedClasses(JavaFileManager files) {
            super(files);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(
                Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(
                    URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return OutputStream.nullOutputStream();
                }
            };
        }

        @Override
        public void close() throws IOException {
            // The standard file manager underneath is shared between snippets.
        }
    }
}
