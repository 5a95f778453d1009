package dev.kgen.cli;

import dev.kgen.runtime.cuda.CudaDeviceInfo;
import dev.kgen.runtime.cuda.CudaDevices;
import dev.kgen.runtime.opencl.OpenClDeviceInfo;
import dev.kgen.runtime.opencl.OpenClDevices;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kgen devices}: what each backend can run on here, or why it cannot. */
@Command(name = "devices", header = "List the devices of every backend, or say why a backend has none.")
final class DevicesCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<CudaDeviceInfo> cuda = CudaDevices.list();
    out.println("cuda");
    if (cuda.isEmpty()) {
      out.println("  none: " + CudaDevices.unavailableReason().orElse("no device found"));
    }
    for (CudaDeviceInfo d : cuda) {
      out.println("  " + d.index() + ": " + d.summary());
    }
    List<OpenClDeviceInfo> opencl = OpenClDevices.list();
    out.println("opencl");
    if (opencl.isEmpty()) {
      out.println("  none: " + OpenClDevices.unavailableReason().orElse("no platform lists a device"));
    }
    for (OpenClDeviceInfo d : opencl) {
      out.println("  " + d.summary());
    }
    Runtime rt = Runtime.getRuntime();
    out.println("jvm");
    out.println("  0: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + ", "
        + rt.availableProcessors() + " cores, " + rt.maxMemory() / (1 << 20) + " MiB heap");
    return ExitCodes.OK;
  }
}
