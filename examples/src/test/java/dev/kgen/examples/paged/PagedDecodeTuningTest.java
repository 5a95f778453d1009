package dev.kgen.examples.paged;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kgen.examples.tuning.CachedTuning.Choice;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PagedDecodeTuningTest {
  @TempDir
  Path cache;

  @Test
  void tunesOnceThenReusesTheCachedResult() {
    List<Choice> first = PagedDecodeTuning.run("jvm", cache, System.out);
    assertEquals(false, first.get(0).fromCache());
    assertEquals(true, first.get(1).fromCache());
    assertEquals(first.get(0).configuration(), first.get(1).configuration());
    List<Choice> again = PagedDecodeTuning.run("jvm", cache, System.out);
    assertEquals(true, again.get(0).fromCache(), "a second process finds the record");
    assertEquals(first.get(0).configuration(), again.get(0).configuration());
  }

  @Test
  void mainRuns() {
    PagedDecodeTuning.main(new String[] {"jvm", cache.toString()});
  }
}
