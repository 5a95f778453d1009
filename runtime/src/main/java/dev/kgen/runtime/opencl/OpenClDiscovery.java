package dev.kgen.runtime.opencl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jocl.CL;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Enumerates every device of every platform once per process. Never throws: a missing
 * libOpenCL, no platform or a failing query leaves an empty list and a reason.
 */
final class OpenClDiscovery {
  /** A discovered device with the handles a context needs. */
  record Found(OpenClDeviceInfo info, cl_platform_id platform, cl_device_id device) {}

  private static final String INSTALL_HINT =
      "install an OpenCL ICD loader and a driver (on Debian/Ubuntu: apt-get install ocl-icd-opencl-dev pocl-opencl-icd) "
          + "and check that /etc/OpenCL/vendors lists it";

  private final List<Found> found;
  private final String unavailableReason;

  private OpenClDiscovery(List<Found> found, String unavailableReason) {
    this.found = List.copyOf(found);
    this.unavailableReason = unavailableReason;
  }

  private static final class Holder {
    static final OpenClDiscovery INSTANCE = run();
  }

  /** The devices of this process, discovered on first use. */
  static OpenClDiscovery get() {
    return Holder.INSTANCE;
  }

  List<Found> found() {
    return found;
  }

  List<OpenClDeviceInfo> devices() {
    return found.stream().map(Found::info).toList();
  }

  /** Why there is no device; empty when there is at least one. */
  Optional<String> unavailableReason() {
    return found.isEmpty() ? Optional.of(unavailableReason) : Optional.empty();
  }

  /** The handles of a device from {@link #devices()}. */
  Found handlesOf(OpenClDeviceInfo info) {
    for (Found f : found) {
      if (f.info().equals(info)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "OpenCL device \"" + info.label() + "\" (index " + info.index() + ") is not one this process discovered; "
            + "pass a device from OpenClDevices.list() or OpenClDevices.choose(selector)");
  }

  private static OpenClDiscovery run() {
    try {
      return enumerate();
    } catch (LinkageError e) {
      return new OpenClDiscovery(List.of(), "the OpenCL library could not be loaded (" + e.getMessage() + "); " + INSTALL_HINT);
    } catch (RuntimeException e) {
      return new OpenClDiscovery(List.of(), "listing OpenCL platforms failed: " + e.getMessage());
    }
  }

  private static OpenClDiscovery enumerate() {
    int[] count = new int[1];
    int code = CL.clGetPlatformIDs(0, null, count);
    if (code == CL.CL_PLATFORM_NOT_FOUND_KHR || (code == CL.CL_SUCCESS && count[0] == 0)) {
      return new OpenClDiscovery(List.of(), "no OpenCL platform is installed; " + INSTALL_HINT);
    }
    OpenClCalls.check(code, "clGetPlatformIDs", () -> "counting OpenCL platforms");
    cl_platform_id[] platforms = new cl_platform_id[count[0]];
    OpenClCalls.check(CL.clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs", () -> "listing OpenCL platforms");

    List<Found> found = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int p = 0; p < platforms.length; p++) {
      try {
        addDevices(p, platforms[p], found);
      } catch (OpenClException e) {
        problems.add("platform " + p + ": " + e.getMessage());
      }
    }
    String reason =
        problems.isEmpty()
            ? platforms.length + " OpenCL platform(s) report no device; " + INSTALL_HINT
            : String.join("; ", problems);
    return new OpenClDiscovery(found, reason);
  }

  private static void addDevices(int p, cl_platform_id platform, List<Found> found) {
    String platformName = OpenClInfoQueries.platformString(platform, CL.CL_PLATFORM_NAME, "the platform name");
    String platformVersion = OpenClInfoQueries.platformString(platform, CL.CL_PLATFORM_VERSION, "the platform version");
    int[] count = new int[1];
    int code = CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, 0, null, count);
    if (code == CL.CL_DEVICE_NOT_FOUND) {
      return;
    }
    OpenClCalls.check(code, "clGetDeviceIDs", () -> "counting the devices of " + platformName);
    cl_device_id[] devices = new cl_device_id[count[0]];
    OpenClCalls.check(
        CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, devices.length, devices, null),
        "clGetDeviceIDs",
        () -> "listing the devices of " + platformName);
    for (int d = 0; d < devices.length; d++) {
      OpenClDeviceInfo info =
          describe(devices[d])
              .index(found.size())
              .platformIndex(p)
              .platformName(platformName)
              .platformVersion(platformVersion)
              .deviceIndex(d)
              .build();
      found.add(new Found(info, platform, devices[d]));
    }
  }

  /** {@code cl_nv_device_attribute_query}'s compute capability queries. */
  private static final int CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV = 0x4000;
  private static final int CL_DEVICE_COMPUTE_CAPABILITY_MINOR_NV = 0x4001;

  private static OpenClDeviceInfo.Builder describe(cl_device_id d) {
    String extensions = OpenClInfoQueries.deviceString(d, CL.CL_DEVICE_EXTENSIONS, "the extension list");
    int sm = 0;
    if (OpenClDeviceInfo.extensionSet(extensions).contains("cl_nv_device_attribute_query")) {
      sm = (int) (10 * OpenClInfoQueries.deviceNumber(d, CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV, "the compute capability")
          + OpenClInfoQueries.deviceNumber(d, CL_DEVICE_COMPUTE_CAPABILITY_MINOR_NV, "the compute capability"));
    }
    return OpenClDeviceInfo.builder()
        .nvidiaComputeCapability(sm)
        .deviceName(OpenClInfoQueries.deviceString(d, CL.CL_DEVICE_NAME, "the device name"))
        .vendor(OpenClInfoQueries.deviceString(d, CL.CL_DEVICE_VENDOR, "the device vendor"))
        .version(OpenClInfoQueries.deviceString(d, CL.CL_DEVICE_VERSION, "the device version"))
        .openClCVersion(OpenClInfoQueries.deviceString(d, CL.CL_DEVICE_OPENCL_C_VERSION, "the OpenCL C version"))
        .driverVersion(OpenClInfoQueries.deviceString(d, CL.CL_DRIVER_VERSION, "the driver version"))
        .type(typeOf(OpenClInfoQueries.deviceNumber(d, CL.CL_DEVICE_TYPE, "the device type")))
        .computeUnits((int) OpenClInfoQueries.deviceNumber(d, CL.CL_DEVICE_MAX_COMPUTE_UNITS, "the compute unit count"))
        .globalMemBytes(OpenClInfoQueries.deviceNumber(d, CL.CL_DEVICE_GLOBAL_MEM_SIZE, "the global memory size"))
        .localMemBytes(OpenClInfoQueries.deviceNumber(d, CL.CL_DEVICE_LOCAL_MEM_SIZE, "the local memory size"))
        .maxAllocBytes(OpenClInfoQueries.deviceNumber(d, CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE, "the largest allocation"))
        .maxWorkGroupSize(OpenClInfoQueries.deviceNumber(d, CL.CL_DEVICE_MAX_WORK_GROUP_SIZE, "the largest work-group"))
        .extensions(extensions);
  }

  static OpenClDeviceInfo.Type typeOf(long bits) {
    if ((bits & CL.CL_DEVICE_TYPE_GPU) != 0) {
      return OpenClDeviceInfo.Type.GPU;
    }
    if ((bits & CL.CL_DEVICE_TYPE_CPU) != 0) {
      return OpenClDeviceInfo.Type.CPU;
    }
    if ((bits & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0) {
      return OpenClDeviceInfo.Type.ACCELERATOR;
    }
    if ((bits & CL.CL_DEVICE_TYPE_CUSTOM) != 0) {
      return OpenClDeviceInfo.Type.CUSTOM;
    }
    return OpenClDeviceInfo.Type.OTHER;
  }
}
