package dev.kgen.kernels.paged;

import static dev.kgen.ir.DType.I32;
import static dev.kgen.ir.DType.I64;

import dev.kgen.dsl.KernelBuilder;
import dev.kgen.dsl.KernelDef;
import dev.kgen.dsl.Tile;

/**
 * Turns a block table of raw addresses into block indices, on the device:
 * {@code index = (address - base) / block_byte_stride} (the seed wrapper's
 * {@code is_block_table_ptr} path). One program converts {@code BLOCK} entries.
 */
public final class BlockTableFromPointersKernel {
  private BlockTableFromPointersKernel() {}

  public static final int BLOCK = 256;

  public static final KernelDef DEF = KernelDef.builder("block_table_from_pointers")
      .constexprInt("BLOCK", BLOCK)
      .body(BlockTableFromPointersKernel::body)
      .build();

  private static void body(KernelBuilder k) {
    Tile out = k.pointer("index_table_ptr", I32);
    Tile in = k.pointer("pointer_table_ptr", I64);
    Tile count = k.scalar("count", I32);
    Tile base = k.scalar("base_address", I64);
    Tile stride = k.scalar("block_byte_stride", I64);
    Tile offs = k.programId(0).mul(k.constInt("BLOCK")).add(k.arange(0, k.constInt("BLOCK"))).as("offs");
    Tile mask = offs.lt(count).as("mask");
    Tile address = k.load(in.add(offs), mask, 0.0).as("address");
    k.store(out.add(offs), address.sub(base).intDiv(stride).to(I32), mask);
  }
}
