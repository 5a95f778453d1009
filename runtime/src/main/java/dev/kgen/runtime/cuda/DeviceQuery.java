package dev.kgen.runtime.cuda;

import static jcuda.driver.CUdevice_attribute.*;

import java.nio.charset.StandardCharsets;
import jcuda.CudaException;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/** Reads a {@link CudaDeviceInfo} from the driver; the driver must already be initialized. */
final class DeviceQuery {
  private DeviceQuery() {}

  static int deviceCount() {
    int[] count = new int[1];
    DriverCall.run("cuDeviceGetCount", () -> "counting CUDA devices",
        () -> JCudaDriver.cuDeviceGetCount(count));
    return count[0];
  }

  static int driverVersion() {
    int[] version = new int[1];
    DriverCall.run("cuDriverGetVersion", () -> "reading the driver version",
        () -> JCudaDriver.cuDriverGetVersion(version));
    return version[0];
  }

  static CUdevice device(int index) {
    CUdevice device = new CUdevice();
    DriverCall.run("cuDeviceGet", () -> "getting device " + index,
        () -> JCudaDriver.cuDeviceGet(device, index));
    return device;
  }

  static CudaDeviceInfo query(int index, int driverVersion) {
    CUdevice device = device(index);
    byte[] nameBytes = new byte[256];
    DriverCall.run("cuDeviceGetName", () -> "reading the name of device " + index,
        () -> JCudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, device));
    long[] totalMemory = new long[1];
    DriverCall.run("cuDeviceTotalMem", () -> "reading the memory size of device " + index,
        () -> JCudaDriver.cuDeviceTotalMem(totalMemory, device));
    return new CudaDeviceInfo(
        index,
        cString(nameBytes),
        required(device, index, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
        required(device, index, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
        required(device, index, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
        totalMemory[0],
        required(device, index, CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK),
        required(device, index, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK),
        optional(device, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN),
        optional(device, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR),
        optional(device, CU_DEVICE_ATTRIBUTE_MAX_REGISTERS_PER_BLOCK),
        required(device, index, CU_DEVICE_ATTRIBUTE_WARP_SIZE),
        optional(device, CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE),
        driverVersion,
        // Deprecated in recent toolkits; a driver that refuses them reports 0 ("unknown").
        optional(device, CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE),
        optional(device, CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH));
  }

  private static int required(CUdevice device, int index, int attribute) {
    int[] value = new int[1];
    DriverCall.run("cuDeviceGetAttribute",
        () -> "reading " + stringFor(attribute) + " of device " + index,
        () -> JCudaDriver.cuDeviceGetAttribute(value, attribute, device));
    return value[0];
  }

  private static int optional(CUdevice device, int attribute) {
    int[] value = new int[1];
    try {
      int result = JCudaDriver.cuDeviceGetAttribute(value, attribute, device);
      return result == 0 ? value[0] : 0;
    } catch (CudaException e) {
      return 0;
    }
  }

  private static String cString(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8).strip();
  }
}
