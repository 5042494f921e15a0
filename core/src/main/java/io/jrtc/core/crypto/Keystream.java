package io.jrtc.core.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The XOR of a counter-mode keystream into data, 8 bytes at a time (SRTP's AES-CM, AES-GCM). */
public final class Keystream {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private Keystream() {
    }

    /**
     * {@code out[outOff, +n) = in[inOff, +n) XOR ks[ksOff, +n)}; in place ({@code in == out}, same offset) is fine.
     *
     * @param in the input
     * @param inOff where it starts
     * @param ks the keystream
     * @param ksOff where it starts
     * @param out the output (may be {@code in})
     * @param outOff where it starts
     * @param n how many bytes
     */
    public static void xor(byte[] in, int inOff, byte[] ks, int ksOff, byte[] out, int outOff, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long v = (long) LONG.get(in, inOff + i) ^ (long) LONG.get(ks, ksOff + i);
            LONG.set(out, outOff + i, v);
        }
        for (; i < n; i++) {
            out[outOff + i] = (byte) (in[inOff + i] ^ ks[ksOff + i]);
        }
    }
}
