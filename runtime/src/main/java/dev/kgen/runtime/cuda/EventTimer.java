package dev.kgen.runtime.cuda;

import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.JCudaDriver;

/** A start/stop pair of CUDA events on the default stream, reused for every measurement. */
final class EventTimer implements AutoCloseable {
  private final CUevent start = new CUevent();
  private final CUevent stop = new CUevent();
  private boolean created;

  /** Milliseconds between enqueuing work's start and its end on the device. */
  double time(String what, Runnable work) {
    create();
    DriverCall.run("cuEventRecord", () -> "recording the start event of " + what,
        () -> JCudaDriver.cuEventRecord(start, null));
    work.run();
    DriverCall.run("cuEventRecord", () -> "recording the stop event of " + what,
        () -> JCudaDriver.cuEventRecord(stop, null));
    DriverCall.run("cuEventSynchronize", () -> "waiting for " + what,
        () -> JCudaDriver.cuEventSynchronize(stop));
    float[] ms = new float[1];
    DriverCall.run("cuEventElapsedTime", () -> "reading the time of " + what,
        () -> JCudaDriver.cuEventElapsedTime(ms, start, stop));
    return ms[0];
  }

  private void create() {
    if (!created) {
      DriverCall.run("cuEventCreate", () -> "creating a timing event",
          () -> JCudaDriver.cuEventCreate(start, CUevent_flags.CU_EVENT_DEFAULT));
      DriverCall.run("cuEventCreate", () -> "creating a timing event",
          () -> JCudaDriver.cuEventCreate(stop, CUevent_flags.CU_EVENT_DEFAULT));
      created = true;
    }
  }

  @Override
  public void close() {
    if (created) {
      created = false;
      DriverCall.run("cuEventDestroy", () -> "destroying a timing event",
          () -> JCudaDriver.cuEventDestroy(start));
      DriverCall.run("cuEventDestroy", () -> "destroying a timing event",
          () -> JCudaDriver.cuEventDestroy(stop));
    }
  }
}
