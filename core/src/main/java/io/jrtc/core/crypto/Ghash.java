package io.jrtc.core.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * GHASH (NIST SP 800-38D §6.4): {@code Y = (Y ^ X_j) · H} over the zero-padded AAD, the zero-padded
 * ciphertext and the block {@code len(A) || len(C)} (in bits), in GF(2^128). This base class keeps
 * the bookkeeping every implementation shares (partial blocks, padding, the length block, the tag);
 * a subclass multiplies whole blocks:
 * <ul>
 *   <li>{@link TableGhash}: pure Java, tables precomputed from H (64 KiB or 4 KiB per key);</li>
 *   <li>{@link JdkGhash}: the JDK's own GHASH, whose block loop HotSpot replaces with carry-less
 *       multiply instructions (PCLMULQDQ), reached through a method handle when the application
 *       opens {@code java.base/com.sun.crypto.provider} to jrtc.</li>
 * </ul>
 * Neither allocates per packet.
 */
abstract class Ghash {
    static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** A partial block of input waiting for its other bytes (AAD given in two ranges). */
    private final byte[] partial = new byte[16];
    private int partialLen;

    /** The GHASH for hash key {@code h} ({@code AES(K, 0^128)}) in the given implementation. */
    static Ghash create(byte[] h, AesGcm.Hash kind) {
        return switch (kind) {
            case TABLES -> new TableGhash(h, true);
            case COMPACT -> new TableGhash(h, false);
            case JDK -> JdkGhash.create(h);
        };
    }

    /** {@return bytes of key-dependent state this instance holds (tables; shared tables not counted)} */
    abstract int tableBytes();

    /** Sets Y to zero. */
    abstract void resetState();

    /** Y = (Y ^ X_j) · H for each 16-byte block of in[off, off + len), len a multiple of 16. */
    abstract void blocks(byte[] in, int off, int len);

    /** {@return the high 64 bits of Y (GCM bits 0..63, big-endian)} */
    abstract long hi();

    /** {@return the low 64 bits of Y} */
    abstract long lo();

    final void reset() {
        resetState();
        partialLen = 0;
    }

    /** Absorbs bytes, carrying a partial block over to the next call. */
    final void update(byte[] in, int off, int len) {
        if (partialLen > 0) {
            int n = Math.min(16 - partialLen, len);
            System.arraycopy(in, off, partial, partialLen, n);
            partialLen += n;
            off += n;
            len -= n;
            if (partialLen < 16) {
                return;
            }
            blocks(partial, 0, 16);
            partialLen = 0;
        }
        int full = len & ~15;
        if (full > 0) {
            blocks(in, off, full);
        }
        if (len > full) {
            System.arraycopy(in, off + full, partial, 0, len - full);
            partialLen = len - full;
        }
    }

    /** Zero-pads a pending partial block to 16 bytes and absorbs it (end of AAD, end of text). */
    final void pad() {
        if (partialLen > 0) {
            for (int i = partialLen; i < 16; i++) {
                partial[i] = 0;
            }
            blocks(partial, 0, 16);
            partialLen = 0;
        }
    }

    /** Absorbs the final block len(A) || len(C) (in bits) and writes Y XOR mask into out. */
    final void finish(long aadBytes, long textBytes, byte[] mask, int maskOff, byte[] out, int outOff) {
        pad();
        LONG_BE.set(partial, 0, aadBytes << 3);
        LONG_BE.set(partial, 8, textBytes << 3);
        blocks(partial, 0, 16);
        LONG_BE.set(out, outOff, hi() ^ (long) LONG_BE.get(mask, maskOff));
        LONG_BE.set(out, outOff + 8, lo() ^ (long) LONG_BE.get(mask, maskOff + 8));
    }
}
