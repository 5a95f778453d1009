package dev.kgen.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FinalRoundTest {
  private static Trial measured(int number, String config, double seconds) {
    return new Trial(number, Configuration.parse(config), Outcome.measured(new Measurement(seconds, 0, 5,
        Measurement.Stop.CONVERGED)));
  }

  private static TuningResult result(Trial defaultTrial, List<Trial> trials) {
    Optional<Trial> best = trials.stream().filter(Trial::succeeded)
        .min(java.util.Comparator.comparingDouble(Trial::score));
    return new TuningResult("test", defaultTrial, best, trials, List.of(), StopReason.COMPLETED, Duration.ZERO);
  }

  private static Measurement seconds(double s) {
    return new Measurement(s, 0, 10, Measurement.Stop.CONVERGED);
  }

  @Test
  void theFinalistFastestOverTheRoundsWinsNotTheLuckiestInTheSearch() {
    Trial d = measured(0, "A=0", 10e-6);
    Trial lucky = measured(1, "A=1", 5e-6);
    Trial steady = measured(2, "A=2", 5.5e-6);
    Trial slow = measured(3, "A=3", 9e-6);
    Trial fourth = measured(4, "A=4", 9.5e-6);
    Map<String, Double> truth = Map.of("A=0", 10e-6, "A=1", 6e-6, "A=2", 5.5e-6, "A=3", 9e-6);
    List<String> order = new ArrayList<>();
    TuningResult out = FinalRound.of(3, 2).run(result(d, List.of(d, lucky, steady, slow, fourth)), c -> {
      order.add(c.toString());
      return seconds(truth.get(c.toString()));
    });
    assertEquals("A=2", out.best().orElseThrow().configuration().toString());
    assertEquals(5.5e-6, out.best().orElseThrow().score(), 1e-12);
    assertEquals(2, out.best().orElseThrow().number(), "the winner keeps its trial number");
    // the three fastest, then the default; in turn, round after round; the fourth never re-timed
    assertEquals(List.of("A=1", "A=2", "A=3", "A=0", "A=1", "A=2", "A=3", "A=0"), order);
    assertEquals(10e-6, out.defaultTrial().score(), 1e-12);
    assertEquals(20, ((Outcome.Measured) out.best().orElseThrow().outcome()).samples());
    assertEquals(List.of(10e-6, 6e-6, 5.5e-6, 9e-6, 9.5e-6), out.trials().stream().map(Trial::score).toList(),
        "the finalists' trials carry their new times, the others the search's");
    assertSame(out.defaultTrial(), out.trials().get(0));
  }

  @Test
  void theMedianOverRoundsIgnoresOneSlowRound() {
    Trial d = measured(0, "A=0", 4e-6);
    Trial b = measured(1, "A=1", 3e-6);
    int[] calls = new int[1];
    TuningResult out = FinalRound.of(1, 3).run(result(d, List.of(d, b)), c -> {
      calls[0]++;
      // A=1's second timing is preempted: 20 us instead of 3
      return seconds(c.toString().equals("A=1") && calls[0] == 2 ? 20e-6 : c.toString().equals("A=1") ? 3e-6 : 4e-6);
    });
    assertEquals("A=1", out.best().orElseThrow().configuration().toString());
    assertEquals(3e-6, out.best().orElseThrow().score(), 1e-12);
  }

  @Test
  void aFinalistThatFailsWhenRetimedDropsOut() {
    Trial d = measured(0, "A=0", 4e-6);
    Trial b = measured(1, "A=1", 3e-6);
    TuningResult out = FinalRound.of(2, 2).run(result(d, List.of(d, b)), c -> {
      if (c.toString().equals("A=1")) {
        throw new IllegalStateException("launch failed");
      }
      return seconds(4e-6);
    });
    assertEquals("A=0", out.best().orElseThrow().configuration().toString());
  }

  @Test
  void aResultWithNothingThatRanIsReturnedAsItIs() {
    Trial failed = new Trial(0, Configuration.parse("A=0"), Outcome.failed(Outcome.Stage.COMPILE, "nvcc said no"));
    TuningResult in = result(failed, List.of(failed));
    assertSame(in, FinalRound.of(3, 3).run(in, c -> {
      throw new AssertionError("nothing to re-time");
    }));
  }

  @Test
  void whenEveryFinalistFailsTheSearchResultStands() {
    Trial d = measured(0, "A=0", 4e-6);
    TuningResult in = result(d, List.of(d));
    TuningResult out = FinalRound.of(3, 3).run(in, c -> {
      throw new IllegalStateException("device lost");
    });
    assertSame(in, out);
  }

  @Test
  void aListenerHearsEachTimingIncludingADropOut() {
    Trial d = measured(0, "A=0", 4e-6);
    Trial b = measured(1, "A=1", 3e-6);
    List<String> heard = new ArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void finalRoundStarted(int finalists, int timings) {
        heard.add("start " + finalists + " " + timings);
      }

      @Override
      public void retimed(Configuration c, Measurement m) {
        heard.add(c + (m == null ? " dropped" : " timed"));
      }

      @Override
      public void finalRoundFinished(TuningResult r) {
        heard.add("best " + r.best().orElseThrow().configuration());
      }
    };
    FinalRound.of(2, 2).run(result(d, List.of(d, b)), c -> {
      if (c.toString().equals("A=1")) {
        throw new IllegalStateException("launch failed");
      }
      return seconds(4e-6);
    }, listener);
    assertEquals(List.of("start 2 4", "A=1 dropped", "A=0 timed", "A=0 timed", "best A=0"), heard);
  }

  @Test
  void refusesAnEmptyRound() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FinalRound.of(0, 3));
    assertEquals("a final round needs at least 1 finalist, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FinalRound.of(3, 0));
    assertEquals("a final round needs at least 1 round, got 0", e.getMessage());
  }
}
