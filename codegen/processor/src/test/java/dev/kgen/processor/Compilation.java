package dev.kgen.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a consumer's sources with javac and {@link KgenProcessor}, into a temporary folder,
 * the way a consumer's build does: the test class path (kgen-launch, the DSL, the test kernels)
 * serves as class path and processor path. Keeps the diagnostics and every generated file.
 */
final class Compilation {
  final boolean success;
  final List<String> errors;
  /** Generated files by path under the output folders ({@code sources/...}, {@code classes/...}). */
  final Map<String, String> generated;

  private Compilation(boolean success, List<String> errors, Map<String, String> generated) {
    this.success = success;
    this.errors = errors;
    this.generated = generated;
  }

  /** Compiles {@code sources}: file name (e.g. {@code demo/Kernels.java}) to text. */
  static Compilation of(Path dir, Map<String, String> sources) {
    try {
      Path src = dir.resolve("src");
      Path classes = dir.resolve("classes");
      Path gen = dir.resolve("sources");
      Files.createDirectories(classes);
      Files.createDirectories(gen);
      List<Path> files = new ArrayList<>();
      for (Map.Entry<String, String> s : sources.entrySet()) {
        Path f = src.resolve(s.getKey());
        Files.createDirectories(f.getParent());
        Files.writeString(f, s.getValue(), StandardCharsets.UTF_8);
        files.add(f);
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      boolean ok;
      try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
        List<String> options = List.of("-d", classes.toString(), "-s", gen.toString(),
            "-classpath", System.getProperty("java.class.path"), "--release", "17", "-Xlint:all,-processing", "-Werror");
        JavaCompiler.CompilationTask task =
            javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files));
        task.setProcessors(List.of(new KgenProcessor()));
        ok = task.call();
      }
      List<String> errors = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING) {
          errors.add(d.getMessage(null));
        }
      }
      Map<String, String> out = new TreeMap<>();
      collect(dir, gen, out, ".java");
      collect(dir, classes, out, ".cu", ".cl", ".properties");
      return new Compilation(ok, errors, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collect(Path root, Path dir, Map<String, String> out, String... suffixes) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        for (String s : suffixes) {
          if (f.toString().endsWith(s)) {
            out.put(root.relativize(f).toString().replace('\\', '/'), Files.readString(f, StandardCharsets.UTF_8));
          }
        }
      }
    }
  }

  String file(String path) {
    String text = generated.get(path);
    if (text == null) {
      throw new AssertionError("no generated file " + path + "; generated: " + generated.keySet());
    }
    return text;
  }
}
