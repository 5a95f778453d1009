package dev.kgen.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jocl.CL;
import org.junit.jupiter.api.Test;

class OpenClInfoQueriesTest {
  @Test
  void readsStringsAndNumbersOfEverySize() {
    OpenClDeviceInfo device = OpenClTestSupport.requireDevice();
    OpenClDiscovery.Found handles = OpenClDiscovery.get().handlesOf(device);
    assertEquals(device.platformName(), OpenClInfoQueries.platformString(handles.platform(), CL.CL_PLATFORM_NAME, "name"));
    assertEquals(device.deviceName(), OpenClInfoQueries.deviceString(handles.device(), CL.CL_DEVICE_NAME, "name"));
    assertEquals(device.computeUnits(), OpenClInfoQueries.deviceNumber(handles.device(), CL.CL_DEVICE_MAX_COMPUTE_UNITS, "cl_uint"));
    assertEquals(device.maxWorkGroupSize(), OpenClInfoQueries.deviceNumber(handles.device(), CL.CL_DEVICE_MAX_WORK_GROUP_SIZE, "size_t"));
    assertEquals(device.globalMemBytes(), OpenClInfoQueries.deviceNumber(handles.device(), CL.CL_DEVICE_GLOBAL_MEM_SIZE, "cl_ulong"));
  }
}
