package dev.kgen.processor;

import com.palantir.javapoet.JavaFile;
import dev.kgen.dsl.KernelDef;
import dev.kgen.launch.KernelSource;
import dev.kgen.launch.annotations.KgenKernel;
import dev.kgen.launch.annotations.KgenKernels;
import dev.kgen.launch.annotations.Specialization;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.QualifiedNameable;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The build-time half of {@link KgenKernel}: for every declaration it loads the named {@code
 * KernelDef} from the processor path, specializes it on each {@link Specialization}, writes
 * the CUDA source, the OpenCL source and a manifest per specialization as class-output
 * resources {@code META-INF/kgen/<kernel>/<hash>.{cu,cl,properties}}, and generates the
 * kernel's launcher class with JavaPoet. Declarations are handled in the order of their
 * elements' qualified names, so the output is the same from build to build. A mistake in a
 * declaration is a compile error on it.
 */
public final class KgenProcessor extends AbstractProcessor {
  private final Map<String, String> launchersWritten = new HashMap<>();
  private final Map<String, String> resourcesWritten = new HashMap<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(KgenKernel.class.getCanonicalName(), KgenKernels.class.getCanonicalName());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<Element> annotated = new LinkedHashSet<>();
    annotated.addAll(round.getElementsAnnotatedWith(KgenKernel.class));
    annotated.addAll(round.getElementsAnnotatedWith(KgenKernels.class));
    List<Element> ordered = new ArrayList<>(annotated);
    ordered.sort(Comparator.comparing(KgenProcessor::qualifiedName));
    KernelDefResolver resolver = new KernelDefResolver(KgenProcessor.class.getClassLoader());
    for (Element e : ordered) {
      for (KgenKernel k : e.getAnnotationsByType(KgenKernel.class)) {
        Declaration d = read(e, k);
        try {
          generate(resolver, d, e);
        } catch (DeclarationException ex) {
          processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, ex.getMessage(), e, mirror(e));
        } catch (RuntimeException | LinkageError ex) {
          processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, d.where() + ": kgen-processor failed with " + ex
              + "; this is a bug in kgen, please report it with the declaration", e, mirror(e));
        }
      }
    }
    return true;
  }

  private static String qualifiedName(Element e) {
    return e instanceof QualifiedNameable q ? q.getQualifiedName().toString() : e.toString();
  }

  /** The annotation to point an error at: the single @KgenKernel, or the container. */
  private static AnnotationMirror mirror(Element e) {
    for (AnnotationMirror m : e.getAnnotationMirrors()) {
      String type = m.getAnnotationType().toString();
      if (type.equals(KgenKernel.class.getCanonicalName()) || type.equals(KgenKernels.class.getCanonicalName())) {
        return m;
      }
    }
    return null;
  }

  private Declaration read(Element e, KgenKernel k) {
    PackageElement pkg = e instanceof PackageElement p ? p : processingEnv.getElementUtils().getPackageOf(e);
    List<SpecializationRequest> specs = Arrays.stream(k.specializations())
        .map(s -> new SpecializationRequest(s.name(), List.of(s.constexprs()), s.threadsPerProgram(), s.vectorWidth()))
        .toList();
    return new Declaration(k.kernel(), pkg.getQualifiedName().toString(), k.launcher(), specs, qualifiedName(e));
  }

  private void generate(KernelDefResolver resolver, Declaration d, Element origin) {
    KernelDef def = resolver.resolve(d.kernel(), d.where());
    String launcher = d.launcher().isEmpty() ? JavaNames.upperCamel(def.name()) + "Launcher" : d.launcher();
    if (!SourceVersion.isName(launcher) || launcher.contains(".")) {
      throw new DeclarationException(d.where() + ": launcher \"" + launcher + "\" is not a simple Java class name;"
          + " give a name such as RowSoftmaxLauncher (it is generated in package " + d.packageName() + ")");
    }
    String qualified = d.packageName().isEmpty() ? launcher : d.packageName() + "." + launcher;
    String earlier = launchersWritten.get(qualified);
    if (earlier != null) {
      throw new DeclarationException(d.where() + ": launcher " + qualified + " is already generated for " + earlier
          + "; set launcher = \"...\" to another name, or declare all specializations in one @KgenKernel");
    }
    List<SpecializedKernel> specs = Specializer.specialize(def, d);
    for (SpecializedKernel s : specs) {
      resource(d, origin, s, "cu", s.cuda().source());
      resource(d, origin, s, "cl", s.opencl().source());
      resource(d, origin, s, "properties", Manifest.text(s));
    }
    boolean generated = processingEnv.getElementUtils().getTypeElement("javax.annotation.processing.Generated") != null;
    JavaFile file = LauncherWriter.write(d.packageName(), launcher, d.declaredOn(), specs, generated);
    try (Writer w = processingEnv.getFiler().createSourceFile(qualified, origin).openWriter()) {
      w.write(LauncherWriter.text(file));
    } catch (IOException e) {
      throw new DeclarationException(d.where() + ": cannot write " + qualified + ": " + e.getMessage(), e);
    }
    launchersWritten.put(qualified, d.where());
  }

  private void resource(Declaration d, Element origin, SpecializedKernel s, String extension, String text) {
    String path = KernelSource.resourcePath(s.kernel().name(), s.hash(), extension);
    String before = resourcesWritten.get(path);
    if (before != null) {
      if (before.equals(text)) {
        return; // the same specialization, declared again: one copy serves both launchers
      }
      throw new DeclarationException(d.where() + ", specialization '" + s.method() + "': " + path + " was already"
          + " generated with other content: another declaration specializes " + s.kernel().name()
          + " identically but with other threadsPerProgram or vectorWidth; use the same options in both");
    }
    Filer filer = processingEnv.getFiler();
    try {
      FileObject f = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path, origin);
      try (Writer w = new OutputStreamWriter(f.openOutputStream(), StandardCharsets.UTF_8)) {
        w.write(text);
      }
    } catch (IOException e) {
      throw new DeclarationException(d.where() + ": cannot write resource " + path + ": " + e.getMessage(), e);
    }
    resourcesWritten.put(path, text);
  }
}
