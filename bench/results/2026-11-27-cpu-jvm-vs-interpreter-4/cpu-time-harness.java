// Run: javac -cp autotune/target/kgen.jar Prof.java; CPU=1 java --add-modules jdk.incubator.vector -cp autotune/target/kgen.jar:. Prof all 150
import dev.kgen.kernels.paged.*;
import dev.kgen.runtime.*;
import dev.kgen.runtime.jvm.JvmBackend;
import dev.kgen.runtime.interp.*;
import dev.kgen.runtime.paged.*;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.*;
import java.nio.file.*;

public class Prof {
  static long sum(java.lang.management.ThreadMXBean mx) { long t = 0; for (long id : mx.getAllThreadIds()) { long c = mx.getThreadCpuTime(id); if (c > 0) t += c; } return t; }
  static Runnable runTwenty(PagedAttention.Prepared call, PagedAttentionConfig config) { return () -> { for (int i = 0; i < 20; i++) call.run(config, true); }; }
  static double allCpu(java.lang.management.ThreadMXBean mx, Runnable r) { long a = sum(mx); r.run(); return sum(mx) - a; }
  public static void main(String[] a) throws Exception {
    String name = a[0];
    int iters = Integer.parseInt(a[1]);
    int scale = 16;
    List<Map<String,Object>> raw = new ObjectMapper().readValue(Files.readString(Path.of("/work/shared/anchor/cases.json")), List.class);
    for (Map<String,Object> m : raw) {
      if (!name.equals("all") && !m.get("name").equals(name)) continue;
      PagedAttentionCase c = PagedAttentionCase.fromJson(m);
      PagedAttentionCase.Builder b = c.toBuilder().numSeqs(Math.max(1, c.numSeqs() / scale));
      b = c.fixedSeqLen() ? b.seqLen(Math.max(1, c.seqLenMax() / scale)) : b.seqLenRange(Math.max(1, c.seqLenMin() / scale), Math.max(1, c.seqLenMax() / scale));
      c = b.build();
      Backend be = "interpreter".equals(System.getenv("BACKEND")) ? new dev.kgen.runtime.interp.InterpreterBackend() : JvmBackend.create();
      com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean(); boolean pcpu = System.getenv("PCPU") != null;
      boolean cpu = System.getenv("CPU") != null;
      PagedAttention entry = cpu ? new PagedAttention(be, null, new LaunchOptions(dev.kgen.codegen.CodegenOptions.defaults(), 1, 1)) : PagedAttention.untuned(be);
      java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
      PagedAttentionInputs inputs = PagedAttentionInputs.generate(c, 1234);
      PagedAttentionHarness h = new PagedAttentionHarness(be, inputs);
      PagedAttention.Prepared call = entry.prepare(h.args());
      PagedAttentionConfig config = PagedAttention.defaultConfig(be.name(), call.spec());
      if (a.length > 2) config = new PagedAttentionConfig(Integer.parseInt(a[2]), 128, 4, a.length > 3 ? Integer.parseInt(a[3]) : 1, a.length > 4 ? Integer.parseInt(a[4]) : 0);
      long t0 = System.nanoTime(); if (System.getenv("TRACE") != null) System.out.println("start " + c.name() + " at " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
      double[] ts = new double[iters];
      for (int i = 0; i < iters; i++) { long c0 = mx.getCurrentThreadCpuTime(); long p0 = os.getProcessCpuTime(); ts[i] = call.run(config, true); if (cpu) ts[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e9; if (pcpu) ts[i] = (os.getProcessCpuTime() - p0) / 1e9; }
      if (pcpu) { System.out.println(String.format("%-24s cpu-ms-per-launch=%.3f", c.name(), allCpu(mx, runTwenty(call, config)) / 20 / 1e6)); h.close(); entry.close(); continue; }
      StringBuilder sb = new StringBuilder(c.name() + " " + config + ": ");
      for (int i = 0; i < iters; i += Math.max(1, iters / 20)) sb.append(String.format("%d:%.2fms ", i, ts[i]*1e3));
      double[] tail = Arrays.copyOfRange(ts, Math.max(0, iters - 10), iters); Arrays.sort(tail);
      if (System.getenv("TRACE") != null) { StringBuilder t = new StringBuilder(); for (int i = 0; i < Math.min(iters, 100); i++) t.append(String.format("%.1f ", ts[i]*1e3)); System.out.println(t); }
      sb.setLength(0); sb.append(String.format("%-24s min=%.3fms p25=%.3fms median=%.3fms at60=%.3fms total=%.1fs", c.name(), tail[0]*1e3, tail[tail.length/4]*1e3, tail[tail.length/2]*1e3, ts[Math.min(55, iters-1)]*1e3, (System.nanoTime()-t0)/1e9));
      System.out.println(sb);
      h.close(); entry.close();
    }
  }
}
