package dev.kgen.ir;

/** One method per op record; backends and passes implement it. */
public interface OpVisitor<R> {
  R visitProgramId(Op.ProgramId op);

  R visitNumPrograms(Op.NumPrograms op);

  R visitFull(Op.Full op);

  R visitArange(Op.Arange op);

  R visitUnary(Op.Unary op);

  R visitBinary(Op.Binary op);

  R visitSelect(Op.Select op);

  R visitCast(Op.Cast op);

  R visitExpandDims(Op.ExpandDims op);

  R visitTrans(Op.Trans op);

  R visitBroadcast(Op.Broadcast op);

  R visitReduce(Op.Reduce op);

  R visitDot(Op.Dot op);

  R visitAddPtr(Op.AddPtr op);

  R visitLoad(Op.Load op);

  R visitStore(Op.Store op);

  R visitAtomicAdd(Op.AtomicAdd op);

  R visitFor(Op.For op);

  R visitIf(Op.If op);

  R visitYield(Op.Yield op);

  R visitReturn(Op.Return op);
}
