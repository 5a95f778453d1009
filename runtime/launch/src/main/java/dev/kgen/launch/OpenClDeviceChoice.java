package dev.kgen.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jocl.CL;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * The OpenCL devices of every installed platform, and the choice of one: by default the first
 * GPU, else the first device; a selector picks by index in {@link #list()} order or by a
 * case-insensitive part of {@code "<platform>: <device>"}.
 */
record OpenClDeviceChoice(cl_platform_id platform, cl_device_id device, String platformName, String deviceName,
    String version, String driverVersion, boolean gpu, long maxWorkGroupSize) {

  String label() {
    return platformName + ": " + deviceName;
  }

  static List<OpenClDeviceChoice> list() {
    int[] count = new int[1];
    int code;
    try {
      code = CL.clGetPlatformIDs(0, null, count);
    } catch (UnsatisfiedLinkError e) {
      throw new LaunchException("JOCL could not load the OpenCL library (" + e.getMessage()
          + "); install an OpenCL ICD loader and driver, e.g. ocl-icd-libopencl1 and pocl-opencl-icd", e);
    }
    if (code == CL.CL_PLATFORM_NOT_FOUND_KHR || (code == CL.CL_SUCCESS && count[0] == 0)) {
      return List.of();
    }
    OpenClCalls.check(code, "clGetPlatformIDs", () -> "counting OpenCL platforms");
    cl_platform_id[] platforms = new cl_platform_id[count[0]];
    OpenClCalls.check(CL.clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs", () -> "listing OpenCL platforms");
    List<OpenClDeviceChoice> out = new ArrayList<>();
    for (cl_platform_id p : platforms) {
      String platformName = OpenClCalls.platformString(p, CL.CL_PLATFORM_NAME, "the platform name");
      int[] n = new int[1];
      int c = CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, 0, null, n);
      if (c == CL.CL_DEVICE_NOT_FOUND || n[0] == 0) {
        continue;
      }
      OpenClCalls.check(c, "clGetDeviceIDs", () -> "counting the devices of " + platformName);
      cl_device_id[] devices = new cl_device_id[n[0]];
      OpenClCalls.check(CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, devices.length, devices, null), "clGetDeviceIDs",
          () -> "listing the devices of " + platformName);
      for (cl_device_id d : devices) {
        long type = OpenClCalls.deviceNumber(d, CL.CL_DEVICE_TYPE, "the device type");
        out.add(new OpenClDeviceChoice(p, d, platformName,
            OpenClCalls.deviceString(d, CL.CL_DEVICE_NAME, "the device name"),
            OpenClCalls.deviceString(d, CL.CL_DEVICE_VERSION, "the device version"),
            OpenClCalls.deviceString(d, CL.CL_DRIVER_VERSION, "the driver version"),
            (type & CL.CL_DEVICE_TYPE_GPU) != 0,
            OpenClCalls.deviceNumber(d, CL.CL_DEVICE_MAX_WORK_GROUP_SIZE, "the largest work-group")));
      }
    }
    return out;
  }

  static OpenClDeviceChoice choose(String selector) {
    List<OpenClDeviceChoice> all = list();
    if (all.isEmpty()) {
      throw new LaunchException("no OpenCL device: no installed platform lists one; install a driver such as"
          + " pocl-opencl-icd (CPU) or the GPU vendor's");
    }
    if (selector == null || selector.isBlank()) {
      return all.stream().filter(OpenClDeviceChoice::gpu).findFirst().orElse(all.get(0));
    }
    if (selector.matches("\\d+")) {
      int i = Integer.parseInt(selector);
      if (i < all.size()) {
        return all.get(i);
      }
    }
    String wanted = selector.toLowerCase(Locale.ROOT);
    return all.stream().filter(c -> c.label().toLowerCase(Locale.ROOT).contains(wanted)).findFirst()
        .orElseThrow(() -> new LaunchException("no OpenCL device matches '" + selector + "'; expected an index or part of one of: "
            + String.join("; ", all.stream().map(OpenClDeviceChoice::label).toList())));
  }
}
