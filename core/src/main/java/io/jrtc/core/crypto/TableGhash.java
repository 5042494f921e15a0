package io.jrtc.core.crypto;

/**
 * {@link Ghash} in pure Java with tables precomputed once per hash key H, so that a
 * packet costs table look-ups and XORs and allocates nothing.
 *
 * <p>A 128-bit block is held as two big-endian longs {@code (hi, lo)}; GCM's bit 0 is the most
 * significant bit of {@code hi}, and multiplying by {@code x} is a right shift with the reduction
 * constant {@code 0xE1 || 0^120} folded in when a bit falls off {@code lo}. Two table layouts:
 * <ul>
 *   <li><b>wide</b> (Shoup's 8-bit method, one table per byte position): {@code T[i][b] = (b at byte
 *       i) · H} for the 16 positions and 256 byte values, 16 × 256 × 2 longs = 64 KiB. A block costs
 *       16 look-ups and XORs, no shifts.</li>
 *   <li><b>compact</b> (Shoup's 8-bit method, one table): {@code M[b] = (b at byte 0) · H}, 256 × 2
 *       longs = 4 KiB, plus a 256-entry reduction table (512 B). A block is evaluated by Horner's
 *       rule from its last byte: {@code Z = Z · x^8 ^ M[X_i]}, 16 look-ups and 15 shifts with
 *       reductions.</li>
 * </ul>
 * The look-ups are indexed by data (ciphertext and AAD, which an attacker sees anyway) and by H's
 * table contents; as with every table-driven GHASH, this is not cache-timing hardened.
 */
final class TableGhash extends Ghash {
    /** R[b]: the top 16 bits to XOR into hi when the 8 low bits b of lo are shifted out (x^8). */
    private static final char[] REDUCE = new char[256];

    static {
        for (int b = 0; b < 256; b++) {
            long hi = 0;
            long lo = b;
            for (int k = 0; k < 8; k++) {
                boolean carry = (lo & 1) != 0;
                lo = (lo >>> 1) | (hi << 63);
                hi >>>= 1;
                if (carry) {
                    hi ^= 0xE100000000000000L;
                }
            }
            REDUCE[b] = (char) (hi >>> 48);
        }
    }

    private final boolean wide;
    private final long[] table;
    /** The running hash Y. */
    private long yHi;
    private long yLo;
    TableGhash(byte[] h, boolean wide) {
        this.wide = wide;
        long hHi = (long) LONG_BE.get(h, 0);
        long hLo = (long) LONG_BE.get(h, 8);
        // P[n] = H · x^n for n = 0..127
        long[] pHi = new long[128];
        long[] pLo = new long[128];
        for (int n = 0; n < 128; n++) {
            pHi[n] = hHi;
            pLo[n] = hLo;
            boolean carry = (hLo & 1) != 0;
            hLo = (hLo >>> 1) | (hHi << 63);
            hHi >>>= 1;
            if (carry) {
                hHi ^= 0xE100000000000000L;
            }
        }
        int positions = wide ? 16 : 1;
        table = new long[positions * 256 * 2];
        for (int i = 0; i < positions; i++) {
            for (int b = 0; b < 256; b++) {
                long th = 0;
                long tl = 0;
                for (int k = 0; k < 8; k++) {
                    if ((b & (0x80 >>> k)) != 0) {
                        th ^= pHi[8 * i + k];
                        tl ^= pLo[8 * i + k];
                    }
                }
                table[((i << 8) | b) << 1] = th;
                table[(((i << 8) | b) << 1) + 1] = tl;
            }
        }
    }

    /** {@return bytes of precomputed tables held by this instance (the shared reduction table not counted)} */
    @Override
    int tableBytes() {
        return table.length * Long.BYTES;
    }

    static int sharedTableBytes() {
        return REDUCE.length * Character.BYTES;
    }

    @Override
    void resetState() {
        yHi = 0;
        yLo = 0;
    }

    @Override
    long hi() {
        return yHi;
    }

    @Override
    long lo() {
        return yLo;
    }

    @Override
    void blocks(byte[] in, int off, int len) {
        int end = off + len;
        if (wide) {
            for (int p = off; p < end; p += 16) {
                mulWide(yHi ^ (long) LONG_BE.get(in, p), yLo ^ (long) LONG_BE.get(in, p + 8));
            }
        } else {
            for (int p = off; p < end; p += 16) {
                mulCompact(yHi ^ (long) LONG_BE.get(in, p), yLo ^ (long) LONG_BE.get(in, p + 8));
            }
        }
    }

    private void mulWide(long hi, long lo) {
        long[] t = table;
        int i0 = (int) (hi >>> 55) & 0x1fe;
        int i1 = 0x200 | ((int) (hi >>> 47) & 0x1fe);
        int i2 = 0x400 | ((int) (hi >>> 39) & 0x1fe);
        int i3 = 0x600 | ((int) (hi >>> 31) & 0x1fe);
        int i4 = 0x800 | ((int) (hi >>> 23) & 0x1fe);
        int i5 = 0xa00 | ((int) (hi >>> 15) & 0x1fe);
        int i6 = 0xc00 | ((int) (hi >>> 7) & 0x1fe);
        int i7 = 0xe00 | ((int) (hi << 1) & 0x1fe);
        int i8 = 0x1000 | ((int) (lo >>> 55) & 0x1fe);
        int i9 = 0x1200 | ((int) (lo >>> 47) & 0x1fe);
        int i10 = 0x1400 | ((int) (lo >>> 39) & 0x1fe);
        int i11 = 0x1600 | ((int) (lo >>> 31) & 0x1fe);
        int i12 = 0x1800 | ((int) (lo >>> 23) & 0x1fe);
        int i13 = 0x1a00 | ((int) (lo >>> 15) & 0x1fe);
        int i14 = 0x1c00 | ((int) (lo >>> 7) & 0x1fe);
        int i15 = 0x1e00 | ((int) (lo << 1) & 0x1fe);
        yHi = t[i0] ^ t[i1] ^ t[i2] ^ t[i3] ^ t[i4] ^ t[i5] ^ t[i6] ^ t[i7]
                ^ t[i8] ^ t[i9] ^ t[i10] ^ t[i11] ^ t[i12] ^ t[i13] ^ t[i14] ^ t[i15];
        yLo = t[i0 + 1] ^ t[i1 + 1] ^ t[i2 + 1] ^ t[i3 + 1] ^ t[i4 + 1] ^ t[i5 + 1] ^ t[i6 + 1] ^ t[i7 + 1]
                ^ t[i8 + 1] ^ t[i9 + 1] ^ t[i10 + 1] ^ t[i11 + 1] ^ t[i12 + 1] ^ t[i13 + 1] ^ t[i14 + 1] ^ t[i15 + 1];
    }

    private void mulCompact(long hi, long lo) {
        long[] t = table;
        char[] r = REDUCE;
        // Horner from the last byte (x^120..x^127) to the first: Z = Z · x^8 ^ M[X_i]
        int idx = ((int) lo & 0xff) << 1;
        long zh = t[idx];
        long zl = t[idx + 1];
        for (int s = 8; s < 64; s += 8) {
            int b = (int) (lo >>> s) & 0xff;
            int rem = (int) zl & 0xff;
            zl = (zl >>> 8) | (zh << 56);
            zh = (zh >>> 8) ^ ((long) r[rem] << 48);
            zh ^= t[b << 1];
            zl ^= t[(b << 1) + 1];
        }
        for (int s = 0; s < 64; s += 8) {
            int b = (int) (hi >>> s) & 0xff;
            int rem = (int) zl & 0xff;
            zl = (zl >>> 8) | (zh << 56);
            zh = (zh >>> 8) ^ ((long) r[rem] << 48);
            zh ^= t[b << 1];
            zl ^= t[(b << 1) + 1];
        }
        yHi = zh;
        yLo = zl;
    }
}
