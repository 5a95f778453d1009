package dev.kgen.runtime.jvm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The class files one generated source compiles to (the kernel class and its nested classes),
 * by binary name, and their on-disk form: a magic string, a count, then name, length and bytes
 * of each class, in name order so equal bundles serialize to equal bytes.
 */
record ClassBundle(Map<String, byte[]> classes) {
  private static final String MAGIC = "kgen-jvm-classes-1";

  ClassBundle {
    classes = java.util.Collections.unmodifiableMap(new TreeMap<>(classes));
  }

  byte[] serialize() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(MAGIC);
      out.writeInt(classes.size());
      for (Map.Entry<String, byte[]> e : classes.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The bundle in {@code bytes}, or empty if they are not one (a foreign or damaged entry). */
  static Optional<ClassBundle> parse(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (!MAGIC.equals(in.readUTF())) {
        return Optional.empty();
      }
      int n = in.readInt();
      Map<String, byte[]> classes = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        classes.put(name, b);
      }
      return in.read() == -1 ? Optional.of(new ClassBundle(classes)) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
