package io.jrtc.core.crypto;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

/**
 * AES-GCM (NIST SP 800-38D) with a 96-bit IV and a 16-byte tag that allocates nothing per message,
 * for the record and packet layers that seal thousands of messages per second with one key (SRTP,
 * DTLS). The JDK's {@code AES/GCM/NoPadding} cannot do that: a new IV means {@code Cipher.init},
 * which builds a new GCM engine (about 1 KB on JDK 17 to 25).
 *
 * <pre>
 *   J0 = IV (96 bits) || 00000001          counter blocks J0+1, J0+2, ... (low 32 bits)
 *   one AES/ECB call:  [J0 | J0+1 | J0+2 | ...]  ->  [E(K,J0) | keystream ...]   (AES-NI, reused cipher)
 *   C   = P XOR keystream                  (8 bytes at a time)
 *   S   = GHASH_H(A || 0-pad || C || 0-pad || len(A)·8 || len(C)·8),  H = E(K, 0^128)
 *   tag = S XOR E(K, J0)                   (open: compared in constant time, before decrypting)
 * </pre>
 *
 * GHASH comes in three kinds ({@link Hash}): the JDK's own GHASH class (carry-less multiply
 * intrinsic, ~10× faster than tables; needs {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED},
 * see {@link #jdkGhashAvailable()}), or pure Java with 64 KiB or 4 KiB of tables per key.
 *
 * <p>Not thread-safe: one instance per key and thread, like every jrtc engine.
 */
public final class AesGcm {
    /** How GHASH is computed. */
    public enum Hash {
        /** The JDK's GHASH class (PCLMULQDQ); only when {@link #jdkGhashAvailable()}. */
        JDK,
        /** Pure Java, Shoup's 8-bit tables for each byte position: 64 KiB per key. */
        TABLES,
        /** Pure Java, one 4 KiB table per key and a shared 512-byte reduction table; slower. */
        COMPACT;

        /** {@return the fastest kind this JVM allows: {@link #JDK} when available, otherwise {@link #TABLES}} */
        public static Hash best() {
            return jdkGhashAvailable() ? JDK : TABLES;
        }
    }

    /** The tag length: 16 bytes. */
    public static final int TAG = 16;
    /** The IV length: 12 bytes (96 bits, J0 = IV || 1). */
    public static final int IV = 12;
    /**
     * Bytes of keystream generated per JCA call (plus one block for J0). The buffers start at 256 and
     * grow once to the largest message (audio-only sessions stay small), up to this.
     */
    private static final int CHUNK = 2048;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final Cipher ecb;
    private final Ghash ghash;
    /** J0 and counter blocks, and their encryption; sized to the largest message so far (up to CHUNK). */
    private byte[] counters = new byte[16 + 256];
    private byte[] keystream = new byte[16 + 256];
    private final byte[] tag = new byte[TAG];

    /**
     * A GCM instance for one key; it allocates nothing per message after the first of its size.
     *
     * @param key 16 or 32 bytes (AES-128, AES-256)
     * @param hash which GHASH to use
     */
    public AesGcm(byte[] key, Hash hash) {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            ghash = Ghash.create(ecb.doFinal(new byte[16]), hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }

    /** {@return true when the JDK's GHASH can be used in this JVM (see {@link Hash#JDK})} */
    public static boolean jdkGhashAvailable() {
        return JdkGhash.available();
    }

    /** {@return why {@link #jdkGhashAvailable()} is false (typically the missing {@code --add-opens}), or null} */
    public static String jdkGhashUnavailableReason() {
        return JdkGhash.unavailableReason();
    }

    /** {@return bytes of GHASH state this instance keeps per key (tables; the shared one not counted)} */
    public int tableBytes() {
        return ghash.tableBytes();
    }

    /** {@return bytes of the reduction table all {@link Hash#COMPACT} instances share} */
    public static int sharedTableBytes() {
        return TableGhash.sharedTableBytes();
    }

    /**
     * Encrypts {@code in[inOff, +len)} to {@code out[outOff..]} followed by the 16-byte tag, under the
     * 12-byte {@code iv} and the AAD given as up to two ranges ({@code aad2Len} 0 for one). In place
     * ({@code in == out}, same offset) is allowed.
     *
     * @param iv the 12-byte IV
     * @param aad the first AAD range's buffer
     * @param aadOff where it starts
     * @param aadLen its length
     * @param aad2 the second AAD range's buffer (may be {@code null} when {@code aad2Len} is 0)
     * @param aad2Off where it starts
     * @param aad2Len its length
     * @param in the plaintext buffer
     * @param inOff where the plaintext starts
     * @param len its length
     * @param out the output buffer, with {@code len + 16} bytes free at {@code outOff}
     * @param outOff where the ciphertext goes
     */
    public void seal(byte[] iv, byte[] aad, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len,
                     byte[] in, int inOff, int len, byte[] out, int outOff) {
        ghashAad(aad, aadOff, aadLen, aad2, aad2Off, aad2Len);
        int done = 0;
        int n = Math.min(CHUNK, len);
        fit(n);
        keystream(iv, 0, n, true);
        while (true) {
            Keystream.xor(in, inOff + done, keystream, 16, out, outOff + done, n);
            ghash.update(out, outOff + done, n);
            done += n;
            if (done >= len) {
                break;
            }
            n = Math.min(CHUNK, len - done);
            keystream(iv, done >>> 4, n, false);
        }
        ghash.finish(aadLen + aad2Len, len, keystream, 0, out, outOff + len);
    }

    /**
     * Verifies and decrypts {@code in[inOff, +len)} (ciphertext then tag) into {@code out[outOff..]}.
     * Returns false, having written nothing, when the tag does not verify (or {@code len < 16}).
     *
     * @param iv the 12-byte IV
     * @param aad the first AAD range's buffer
     * @param aadOff where it starts
     * @param aadLen its length
     * @param aad2 the second AAD range's buffer (may be {@code null} when {@code aad2Len} is 0)
     * @param aad2Off where it starts
     * @param aad2Len its length
     * @param in the buffer holding ciphertext and tag
     * @param inOff where they start
     * @param len their length
     * @param out the output buffer, with {@code len - 16} bytes free at {@code outOff}
     * @param outOff where the plaintext goes
     * @return whether the tag verified
     */
    public boolean open(byte[] iv, byte[] aad, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len,
                        byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (len < TAG) {
            return false;
        }
        int textLen = len - TAG;
        ghashAad(aad, aadOff, aadLen, aad2, aad2Off, aad2Len);
        ghash.update(in, inOff, textLen);
        int n = Math.min(CHUNK, textLen);
        fit(n);
        keystream(iv, 0, n, true);
        ghash.finish(aadLen + aad2Len, textLen, keystream, 0, tag, 0);
        int diff = 0; // constant time: no early exit
        for (int i = 0; i < TAG; i++) {
            diff |= tag[i] ^ in[inOff + textLen + i];
        }
        if (diff != 0) {
            return false;
        }
        int done = 0;
        while (true) {
            Keystream.xor(in, inOff + done, keystream, 16, out, outOff + done, n);
            done += n;
            if (done >= textLen) {
                break;
            }
            n = Math.min(CHUNK, textLen - done);
            keystream(iv, done >>> 4, n, false);
        }
        return true;
    }

    /** Grows the buffers (once per new largest size, never per message in steady state) to hold n bytes. */
    private void fit(int n) {
        int need = 16 + ((n + 15) & ~15);
        if (keystream.length < need) {
            int size = Math.min(16 + CHUNK, Math.max(need, 2 * keystream.length - 16));
            counters = new byte[size];
            keystream = new byte[size];
        }
    }

    private void ghashAad(byte[] aad, int aadOff, int aadLen, byte[] aad2, int aad2Off, int aad2Len) {
        Ghash g = ghash;
        g.reset();
        g.update(aad, aadOff, aadLen);
        if (aad2Len > 0) {
            g.update(aad2, aad2Off, aad2Len);
        }
        g.pad();
    }

    /**
     * Encrypts the counter blocks for bytes {@code [16 * firstBlock, + n)} of the text into
     * {@code keystream[16..]}, and with {@code withJ0} also {@code AES(K, J0)} into {@code keystream[0..16)}.
     * Text block j uses counter {@code j + 2} (inc32 of J0; messages here are far below 2^32 blocks).
     */
    private void keystream(byte[] iv, int firstBlock, int n, boolean withJ0) {
        byte[] c = counters;
        long ivHi = (long) LONG_BE.get(iv, 0);
        long ivMid = ((long) (int) INT_BE.get(iv, 8)) << 32;
        int start = withJ0 ? 0 : 16;
        if (withJ0) {
            LONG_BE.set(c, 0, ivHi);
            LONG_BE.set(c, 8, ivMid | 1L);
        }
        int bytes = (n + 15) & ~15;
        int ctr = firstBlock + 2;
        for (int p = 16; p < 16 + bytes; p += 16) {
            LONG_BE.set(c, p, ivHi);
            LONG_BE.set(c, p + 8, ivMid | (ctr & 0xffffffffL));
            ctr++;
        }
        try {
            ecb.update(c, start, 16 + bytes - start, keystream, start);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
