package io.jrtc.bench;

import java.util.SplittableRandom;

/** Deterministic payloads for benchmarks, so every run measures the same bytes. */
public final class Payloads {
    private Payloads() {
    }

    /** {@code length} pseudo-random bytes from {@code seed}. */
    public static byte[] random(long seed, int length) {
        byte[] out = new byte[length];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            out[i] = (byte) r.nextInt(256);
        }
        return out;
    }
}
