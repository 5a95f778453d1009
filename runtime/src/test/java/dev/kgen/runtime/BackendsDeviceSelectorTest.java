package dev.kgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kgen.errors.KgenUserException;
import org.junit.jupiter.api.Test;

class BackendsDeviceSelectorTest {
  @Test
  void theJvmBackendIsDeviceZero() {
    try (Backend jvm = Backends.open("jvm", "0", notice -> {})) {
      assertEquals("jvm", jvm.name());
    }
  }

  @Test
  void aDeviceTheJvmBackendDoesNotHaveIsAnError() {
    KgenUserException e = assertThrows(KgenUserException.class, () -> Backends.open("jvm", "h100", notice -> {}));
    assertEquals("backend jvm has one device, 0; device 'h100' names none (leave the device out, or pick a cuda or"
        + " opencl backend)", e.getMessage());
  }

  @Test
  void soIsOneTheInterpreterDoesNotHave() {
    KgenUserException e = assertThrows(KgenUserException.class, () -> Backends.open("interpreter", "1", notice -> {}));
    assertEquals("backend interpreter has one device, 0; device '1' names none (leave the device out, or pick a"
        + " cuda or opencl backend)", e.getMessage());
  }
}
