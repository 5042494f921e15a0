package io.jrtc.testkit;

/**
 * Seeds for simulated runs. A test names its default seed; {@code -Djrtc.seed=N} or the environment
 * variable {@code JRTC_SEED=N} replaces it, so a failing run can be replayed exactly.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long seed(long defaultSeed) {
        String s = System.getProperty("jrtc.seed");
        if (s == null || s.isBlank()) {
            s = System.getenv("JRTC_SEED");
        }
        return s == null || s.isBlank() ? defaultSeed : Long.parseLong(s.trim());
    }
}
