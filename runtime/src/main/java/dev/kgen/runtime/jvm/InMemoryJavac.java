package dev.kgen.runtime.jvm;

import dev.kgen.codegen.jvm.JavaSource;
import dev.kgen.codegen.jvm.JvmIntrinsics;
import dev.kgen.errors.KgenInternalError;
import dev.kgen.errors.KgenUserException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
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

/** Compiles one generated source with javax.tools, in memory: no files are read or written. */
final class InMemoryJavac {
  private InMemoryJavac() {}

  /** The system compiler, or an error that says there is none and that nothing replaces it. */
  static JavaCompiler systemCompiler(String kernelName) {
    JavaCompiler c = ToolProvider.getSystemJavaCompiler();
    if (c == null) {
      throw new JvmCompilerUnavailableException("JVM backend: kernel " + kernelName + " must be compiled, but the Java "
          + "runtime at " + System.getProperty("java.home") + " has no Java compiler (javax.tools.ToolProvider found none:"
          + " it is a JRE, or a jlink image without the jdk.compiler module). There is no fallback: run on a JDK, add"
          + " jdk.compiler to the image, or fill the kgen JVM cache from a JDK run first (cached kernels load without"
          + " a compiler)");
    }
    return c;
  }

  static ClassBundle compile(JavaSource source, JavaCompiler compiler) {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null);
    Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
    JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
          FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
          @Override
          public OutputStream openOutputStream() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            outputs.put(className, out);
            return out;
          }
        };
      }
    };
    JavaFileObject unit = new SimpleJavaFileObject(
        URI.create("string:///" + source.qualifiedName().replace('.', '/') + JavaFileObject.Kind.SOURCE.extension),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source.text();
      }
    };
    List<String> options = List.of("-classpath", classPath(), "--release", "17", "-g", "-proc:none", "-nowarn",
        "-encoding", "UTF-8");
    boolean ok = compiler.getTask(null, files, diagnostics, options, null, List.of(unit)).call();
    if (!ok) {
      throw new KgenInternalError("JVM backend: the Java generated for kernel " + source.kernelName() + " ("
          + source.qualifiedName() + ") does not compile; this is a kgen bug:\n" + describe(diagnostics, source));
    }
    Map<String, byte[]> classes = new TreeMap<>();
    outputs.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
    if (!classes.containsKey(source.qualifiedName())) {
      throw new KgenInternalError("JVM backend: compiling " + source.qualifiedName() + " produced only " + classes.keySet());
    }
    return new ClassBundle(classes);
  }

  /** The application class path plus wherever kgen's own classes come from (for JvmIntrinsics). */
  private static String classPath() {
    Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path", "").split(File.pathSeparator)));
    for (Class<?> c : List.of(JvmIntrinsics.class, KgenUserException.class)) {
      CodeSource cs = c.getProtectionDomain().getCodeSource();
      if (cs != null && cs.getLocation() != null) {
        try {
          entries.add(Path.of(cs.getLocation().toURI()).toString());
        } catch (Exception e) {
          // a location that is no file (e.g. inside a custom image) cannot help javac
        }
      }
    }
    entries.remove("");
    return String.join(File.pathSeparator, entries);
  }

  private static String describe(DiagnosticCollector<JavaFileObject> diagnostics, JavaSource source) {
    String[] lines = source.text().split("\n", -1);
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> {
          long n = d.getLineNumber();
          String line = n >= 1 && n <= lines.length ? "\n    " + lines[(int) n - 1].strip() : "";
          return "  line " + n + ": " + d.getMessage(Locale.ROOT) + line;
        })
        .collect(Collectors.joining("\n"));
  }
}
