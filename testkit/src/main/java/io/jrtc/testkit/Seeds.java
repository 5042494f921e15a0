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

    /**
     * A {@link java.security.SecureRandom} that gives the same bytes for the same seed (SHA1PRNG seeded
     * before its first use), for engines that take a SecureRandom (DTLS randoms, certificates) in tests.
     */
    public static java.security.SecureRandom secureRandom(long seed) {
        try {
            java.security.SecureRandom r = java.security.SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA1PRNG", e);
        }
    }
}
