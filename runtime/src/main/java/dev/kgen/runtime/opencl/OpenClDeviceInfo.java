package dev.kgen.runtime.opencl;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one OpenCL device reports about itself, read once at discovery. {@code index} is the
 * device's position in {@link OpenClDevices#list()}, the number a selector may name.
 *
 * @param index position in {@link OpenClDevices#list()}
 * @param platformIndex position of the platform in {@code clGetPlatformIDs}
 * @param platformName {@code CL_PLATFORM_NAME}
 * @param platformVersion {@code CL_PLATFORM_VERSION}
 * @param deviceIndex position of the device within its platform
 * @param deviceName {@code CL_DEVICE_NAME}
 * @param vendor {@code CL_DEVICE_VENDOR}
 * @param version {@code CL_DEVICE_VERSION}, e.g. "OpenCL 3.0 CUDA"
 * @param openClCVersion {@code CL_DEVICE_OPENCL_C_VERSION}, e.g. "OpenCL C 1.2"
 * @param driverVersion {@code CL_DRIVER_VERSION}
 * @param type the device type
 * @param computeUnits {@code CL_DEVICE_MAX_COMPUTE_UNITS}
 * @param globalMemBytes {@code CL_DEVICE_GLOBAL_MEM_SIZE}
 * @param localMemBytes {@code CL_DEVICE_LOCAL_MEM_SIZE}
 * @param maxAllocBytes {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}, the largest single buffer
 * @param maxWorkGroupSize {@code CL_DEVICE_MAX_WORK_GROUP_SIZE}
 * @param extensions {@code CL_DEVICE_EXTENSIONS}, space separated
 * @param nvidiaComputeCapability {@code CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV * 10 + _MINOR_NV} (90 for
 *     sm_90) where the device has {@code cl_nv_device_attribute_query}, else 0
 */
public record OpenClDeviceInfo(
    int index,
    int platformIndex,
    String platformName,
    String platformVersion,
    int deviceIndex,
    String deviceName,
    String vendor,
    String version,
    String openClCVersion,
    String driverVersion,
    Type type,
    int computeUnits,
    long globalMemBytes,
    long localMemBytes,
    long maxAllocBytes,
    long maxWorkGroupSize,
    String extensions,
    int nvidiaComputeCapability) {

  /** {@code CL_DEVICE_TYPE}; a device reporting several bits is classified by the first of GPU, CPU, ACCELERATOR, CUSTOM. */
  public enum Type {
    GPU,
    CPU,
    ACCELERATOR,
    CUSTOM,
    OTHER
  }

  public OpenClDeviceInfo {
    requireNonNegative("index", index);
    requireNonNegative("platformIndex", platformIndex);
    requireNonNegative("deviceIndex", deviceIndex);
    Objects.requireNonNull(platformName, "platformName");
    Objects.requireNonNull(platformVersion, "platformVersion");
    Objects.requireNonNull(deviceName, "deviceName");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(openClCVersion, "openClCVersion");
    Objects.requireNonNull(driverVersion, "driverVersion");
    Objects.requireNonNull(type, "type");
    requireNonNegative("computeUnits", computeUnits);
    requireNonNegative("globalMemBytes", globalMemBytes);
    requireNonNegative("localMemBytes", localMemBytes);
    requireNonNegative("maxAllocBytes", maxAllocBytes);
    requireNonNegative("maxWorkGroupSize", maxWorkGroupSize);
    requireNonNegative("nvidiaComputeCapability", nvidiaComputeCapability);
    Objects.requireNonNull(extensions, "extensions");
  }

  private static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " is " + value + "; it must be zero or positive");
    }
  }

  /** "platform name / device name", the text a name selector is matched against. */
  public String label() {
    return platformName + " / " + deviceName;
  }

  /** One line for listings: "0: PoCL / cpu (CPU, OpenCL 3.0 PoCL, driver 3.1, 16 CUs, 61.4 GiB)". */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%d: %s (%s, %s, driver %s, %d CUs, %.1f GiB%s)",
        index,
        label(),
        type,
        version,
        driverVersion,
        computeUnits,
        globalMemBytes / (double) (1L << 30),
        nvidiaComputeCapability > 0 ? ", sm_" + nvidiaComputeCapability : "");
  }

  /** The extension names, e.g. {@code cl_khr_fp64}. */
  public Set<String> extensionSet() {
    return extensionSet(extensions);
  }

  /** The names in a {@code CL_DEVICE_EXTENSIONS} string, which separates them by whitespace. */
  static Set<String> extensionSet(String extensions) {
    return Arrays.stream(extensions.trim().split("\\s+"))
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether the device lists the extension by its exact name. */
  public boolean hasExtension(String name) {
    return extensionSet().contains(name);
  }

  /** {@code cl_khr_fp16}: half arithmetic. {@code vload_half}/{@code vstore_half} need no extension. */
  public boolean hasFp16() {
    return hasExtension("cl_khr_fp16");
  }

  /** {@code cl_khr_subgroups} or {@code cl_intel_subgroups}. */
  public boolean hasSubgroups() {
    return hasExtension("cl_khr_subgroups") || hasExtension("cl_intel_subgroups");
  }

  /** The "major.minor" of {@link #version()} as major*10+minor, e.g. 30 for "OpenCL 3.0 ..."; 10 when unparsable. */
  public int versionNumber() {
    String[] words = version.split("\\s+");
    if (words.length >= 2 && words[1].matches("\\d+\\.\\d+.*")) {
      String[] mm = words[1].split("\\.");
      return Integer.parseInt(mm[0]) * 10 + Integer.parseInt(mm[1].replaceAll("\\D.*", ""));
    }
    return 10;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a device description; tests use it for devices that are not installed. */
  public static final class Builder {
    private int index;
    private int platformIndex;
    private String platformName = "";
    private String platformVersion = "";
    private int deviceIndex;
    private String deviceName = "";
    private String vendor = "";
    private String version = "";
    private String openClCVersion = "";
    private String driverVersion = "";
    private Type type = Type.OTHER;
    private int computeUnits;
    private long globalMemBytes;
    private long localMemBytes;
    private long maxAllocBytes;
    private long maxWorkGroupSize;
    private String extensions = "";
    private int nvidiaComputeCapability;

    private Builder() {}

    private Builder(OpenClDeviceInfo d) {
      index = d.index;
      platformIndex = d.platformIndex;
      platformName = d.platformName;
      platformVersion = d.platformVersion;
      deviceIndex = d.deviceIndex;
      deviceName = d.deviceName;
      vendor = d.vendor;
      version = d.version;
      openClCVersion = d.openClCVersion;
      driverVersion = d.driverVersion;
      type = d.type;
      computeUnits = d.computeUnits;
      globalMemBytes = d.globalMemBytes;
      localMemBytes = d.localMemBytes;
      maxAllocBytes = d.maxAllocBytes;
      maxWorkGroupSize = d.maxWorkGroupSize;
      extensions = d.extensions;
      nvidiaComputeCapability = d.nvidiaComputeCapability;
    }

    public Builder index(int v) { index = v; return this; }
    public Builder platformIndex(int v) { platformIndex = v; return this; }
    public Builder platformName(String v) { platformName = v; return this; }
    public Builder platformVersion(String v) { platformVersion = v; return this; }
    public Builder deviceIndex(int v) { deviceIndex = v; return this; }
    public Builder deviceName(String v) { deviceName = v; return this; }
    public Builder vendor(String v) { vendor = v; return this; }
    public Builder version(String v) { version = v; return this; }
    public Builder openClCVersion(String v) { openClCVersion = v; return this; }
    public Builder driverVersion(String v) { driverVersion = v; return this; }
    public Builder type(Type v) { type = v; return this; }
    public Builder computeUnits(int v) { computeUnits = v; return this; }
    public Builder globalMemBytes(long v) { globalMemBytes = v; return this; }
    public Builder localMemBytes(long v) { localMemBytes = v; return this; }
    public Builder maxAllocBytes(long v) { maxAllocBytes = v; return this; }
    public Builder maxWorkGroupSize(long v) { maxWorkGroupSize = v; return this; }
    public Builder extensions(String v) { extensions = v; return this; }
    public Builder nvidiaComputeCapability(int v) { nvidiaComputeCapability = v; return this; }

    public OpenClDeviceInfo build() {
      return new OpenClDeviceInfo(
          index, platformIndex, platformName, platformVersion, deviceIndex, deviceName, vendor,
          version, openClCVersion, driverVersion, type, computeUnits, globalMemBytes,
          localMemBytes, maxAllocBytes, maxWorkGroupSize, extensions, nvidiaComputeCapability);
    }
  }
}
