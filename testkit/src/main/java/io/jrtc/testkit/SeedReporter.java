package io.jrtc.testkit;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.ArrayList;
import java.util.List;

/**
 * A JUnit 5 extension that prints the seeds of the simulations a failed test created, so the failure
 * can be replayed with {@code -Djrtc.seed=N}. Use {@code @ExtendWith(SeedReporter.class)}.
 */
public final class SeedReporter implements BeforeEachCallback, TestWatcher {
    /** Creates one; it has no settings of its own. */
    public SeedReporter() {
    }

    private static final ThreadLocal<List<Long>> SEEDS = ThreadLocal.withInitial(ArrayList::new);

    static void register(long seed) {
        SEEDS.get().add(seed);
    }

    /** The seeds of simulations created on this thread since the current test started. */
    public static List<Long> seeds() {
        return List.copyOf(SEEDS.get());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        SEEDS.get().clear();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.err.println("[sim] " + context.getDisplayName() + " failed; simulation seeds: " + SEEDS.get()
                + " (replay with -Djrtc.seed=N)");
    }
}
