package io.jrtc.dtls;

import java.util.Arrays;
import java.util.Random;

/** Byte-level mutations for fuzzing (test helper). */
final class Mutations {
    private Mutations() {
    }

    static byte[] mutate(byte[] in, Random rnd) {
        byte[] d = in.clone();
        switch (rnd.nextInt(7)) {
            case 0 -> {
                for (int i = 0, n = 1 + rnd.nextInt(4); i < n && d.length > 0; i++) d[rnd.nextInt(d.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            case 1 -> d = Arrays.copyOf(d, d.length == 0 ? 0 : rnd.nextInt(d.length));
            case 2 -> {
                d = new byte[rnd.nextInt(1500)];
                rnd.nextBytes(d);
            }
            case 3 -> {
                if (d.length > 0) d[rnd.nextInt(d.length)] = (byte) rnd.nextInt(256);
            }
            case 4 -> {
                byte[] tail = new byte[rnd.nextInt(200)];
                rnd.nextBytes(tail);
                byte[] out = Arrays.copyOf(d, d.length + tail.length);
                System.arraycopy(tail, 0, out, d.length, tail.length);
                d = out;
            }
            case 5 -> {
                // lengths near the front (record length at 11..12, fragment lengths at 14..24) set to extremes
                int at = Math.min(d.length - 1, 11 + rnd.nextInt(14));
                if (at >= 0) d[at] = (byte) (rnd.nextBoolean() ? 0xff : 0);
            }
            default -> {
                byte[] out = new byte[d.length * 2];
                System.arraycopy(d, 0, out, 0, d.length);
                System.arraycopy(d, 0, out, d.length, d.length);
                d = out;
            }
        }
        return d;
    }
}
