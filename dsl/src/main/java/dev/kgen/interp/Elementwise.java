package dev.kgen.interp;

import dev.kgen.ir.BinaryOp;
import dev.kgen.ir.DType;
import dev.kgen.ir.UnaryOp;

/** Scalar semantics of elementwise ops, before rounding to the result dtype. */
final class Elementwise {
  private Elementwise() {}

  static double unary(UnaryOp op, DType t, double x) {
    switch (op) {
      case NEG:
        return -x;
      case NOT:
        return t.isBool() ? (x != 0 ? 0 : 1) : ~(long) x;
      case EXP:
        return Math.exp(x);
      case EXP2:
        return Math.pow(2, x);
      case LOG:
        return Math.log(x);
      case SQRT:
        return Math.sqrt(x);
      case RSQRT:
        return 1 / Math.sqrt(x);
      case ABS:
        return Math.abs(x);
      default:
        throw new IllegalStateException(op.toString());
    }
  }

  static double binary(BinaryOp op, DType t, double a, double b) {
    boolean f = t.isFloat();
    switch (op) {
      case ADD:
        return a + b;
      case SUB:
        return a - b;
      case MUL:
        return f ? a * b : (double) ((long) a * (long) b);
      case DIV:
        if (f) {
          return a / b;
        }
        return b == 0 ? 0 : (double) ((long) a / (long) b);
      case REM:
        return b == 0 ? 0 : (double) ((long) a % (long) b);
      case MAX:
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
      case MIN:
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
      case AND:
        return (long) a & (long) b;
      case OR:
        return (long) a | (long) b;
      case XOR:
        return (long) a ^ (long) b;
      case SHL:
        return (long) a << (long) b;
      case SHR:
        return (long) a >> (long) b;
      case LT:
        return a < b ? 1 : 0;
      case LE:
        return a <= b ? 1 : 0;
      case GT:
        return a > b ? 1 : 0;
      case GE:
        return a >= b ? 1 : 0;
      case EQ:
        return a == b ? 1 : 0;
      case NE:
        return a != b ? 1 : 0;
      default:
        throw new IllegalStateException(op.toString());
    }
  }
}
