package dev.kgen.codegen.c;

import java.util.Set;

/**
 * Identifiers a generated variable must not take: keywords of C, C++, CUDA and OpenCL C, vector
 * and builtin type names, and the few plain names the emitters use themselves ({@code tid},
 * {@code i}, {@code e}, {@code k}, {@code k0}). Function names come from the dialect's
 * intrinsic table.
 */
final class ReservedWords {
  private ReservedWords() {}

  static final Set<String> WORDS = Set.of(
      // C and C++
      "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
      "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
      "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "bool",
      "true", "false", "asm", "catch", "class", "const_cast", "delete", "dynamic_cast", "explicit", "export",
      "friend", "mutable", "namespace", "new", "operator", "private", "protected", "public", "reinterpret_cast",
      "static_cast", "template", "this", "throw", "try", "typeid", "typename", "using", "virtual", "wchar_t",
      "and", "or", "not", "xor", "bitand", "bitor", "compl", "and_eq", "or_eq", "xor_eq", "not_eq", "alignas",
      "alignof", "constexpr", "decltype", "noexcept", "nullptr", "static_assert", "thread_local", "char16_t",
      "char32_t", "concept", "requires", "NULL", "main",
      // OpenCL C
      "kernel", "global", "local", "constant", "read_only", "write_only", "read_write", "half", "uchar", "ushort",
      "uint", "ulong", "size_t", "ptrdiff_t", "intptr_t", "uintptr_t", "image2d_t", "image3d_t", "sampler_t",
      "event_t", "complex", "imaginary", "quad", "vec_step", "INFINITY", "NAN", "HUGE_VALF", "MAXFLOAT",
      // CUDA
      "threadIdx", "blockIdx", "blockDim", "gridDim", "warpSize", "dim3",
      // names the emitters use in generated code
      "tid", "i", "e", "k", "k0");
}
