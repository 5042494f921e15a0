package io.jrtc.bench.srtp;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * GHASH alone: the package-private {@code io.jrtc.srtp.Ghash} over {@code size} bytes (1184 = the
 * payload of a 1200-byte RTP packet) with the 64 KiB table layout ({@code wide = true}) and the 4 KiB
 * one, next to the JDK's whole AES-GCM of the same bytes (init with a new IV, encrypt, tag) for scale.
 * The class is reached through a method handle (no module system here, so the lookup is allowed); a
 * constant handle costs nothing once compiled.
 *
 * <p>{@code ghashAggregated2x128k} is an experiment kept here only: two blocks at a time,
 * {@code Y = (Y ^ X1)·H² ^ X2·H}, with 64 KiB tables for H and for H² (128 KiB per key), so that the
 * two look-up chains are independent; setup checks it against {@code Ghash}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GhashBenchmark {
    private static final MethodHandle NEW;
    private static final MethodHandle BLOCKS;
    private static final MethodHandle RESET;
    private static final MethodHandle HI;
    private static final MethodHandle LO;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static {
        try {
            Class<?> c = Class.forName("io.jrtc.srtp.Ghash");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
            NEW = l.findConstructor(c, MethodType.methodType(void.class, byte[].class, boolean.class))
                    .asType(MethodType.methodType(Object.class, byte[].class, boolean.class));
            BLOCKS = l.findVirtual(c, "blocks", MethodType.methodType(void.class, byte[].class, int.class, int.class))
                    .asType(MethodType.methodType(void.class, Object.class, byte[].class, int.class, int.class));
            RESET = l.findVirtual(c, "reset", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            HI = l.findVirtual(c, "hi", MethodType.methodType(long.class))
                    .asType(MethodType.methodType(long.class, Object.class));
            LO = l.findVirtual(c, "lo", MethodType.methodType(long.class))
                    .asType(MethodType.methodType(long.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Param({"1184"})
    public int size;

    private Object wide;
    private Object compact;
    private byte[] data;
    private Cipher jdk;
    private SecretKeySpec key;
    private byte[] iv;
    private byte[] out;

    @Setup
    public void setup() throws Throwable {
        byte[] h = new byte[16];
        for (int i = 0; i < 16; i++) {
            h[i] = (byte) (0x66 + 13 * i);
        }
        wide = (Object) NEW.invokeExact(h, true);
        compact = (Object) NEW.invokeExact(h, false);
        data = new byte[(size + 15) & ~15];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        t1 = tables(h);
        RESET.invokeExact(wide);
        BLOCKS.invokeExact(wide, h, 0, 16);
        byte[] h2 = new byte[16];
        // (0 ^ H) · H = H²
        LONG_BE.set(h2, 0, (long) HI.invokeExact(wide));
        LONG_BE.set(h2, 8, (long) LO.invokeExact(wide));
        t2 = tables(h2);
        RESET.invokeExact(wide);
        BLOCKS.invokeExact(wide, data, 0, data.length);
        ghashAggregated2x128k();
        if ((long) HI.invokeExact(wide) != yHi || (long) LO.invokeExact(wide) != yLo) {
            throw new IllegalStateException("aggregated GHASH differs from Ghash");
        }
        jdk = Cipher.getInstance("AES/GCM/NoPadding");
        key = new SecretKeySpec(new byte[16], "AES");
        iv = new byte[12];
        out = new byte[size + 16];
    }

    @Benchmark
    public Object ghashTables64k() throws Throwable {
        RESET.invokeExact(wide);
        BLOCKS.invokeExact(wide, data, 0, data.length);
        return wide;
    }

    private long[] t1;
    private long[] t2;
    private long yHi;
    private long yLo;

    /** The 16 × 256 tables of (byte b at position i) · H, as io.jrtc.srtp.Ghash builds them. */
    static long[] tables(byte[] h) {
        long hHi = (long) LONG_BE.get(h, 0);
        long hLo = (long) LONG_BE.get(h, 8);
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
        long[] t = new long[16 * 256 * 2];
        for (int i = 0; i < 16; i++) {
            for (int b = 0; b < 256; b++) {
                long th = 0;
                long tl = 0;
                for (int k = 0; k < 8; k++) {
                    if ((b & (0x80 >>> k)) != 0) {
                        th ^= pHi[8 * i + k];
                        tl ^= pLo[8 * i + k];
                    }
                }
                t[((i << 8) | b) << 1] = th;
                t[(((i << 8) | b) << 1) + 1] = tl;
            }
        }
        return t;
    }

    @Benchmark
    public long ghashAggregated2x128k() {
        long[] a = t2;
        long[] b = t1;
        byte[] d = data;
        long zh = 0;
        long zl = 0;
        int p = 0;
        for (; p + 32 <= d.length; p += 32) {
            long h1 = zh ^ (long) LONG_BE.get(d, p);
            long l1 = zl ^ (long) LONG_BE.get(d, p + 8);
            long h2 = (long) LONG_BE.get(d, p + 16);
            long l2 = (long) LONG_BE.get(d, p + 24);
            long rh = 0;
            long rl = 0;
            for (int i = 0; i < 8; i++) {
                int s = 56 - 8 * i;
                int x1 = (i << 9) | (((int) (h1 >>> s) & 0xff) << 1);
                int x2 = (i << 9) | (((int) (h2 >>> s) & 0xff) << 1);
                int y1 = ((i + 8) << 9) | (((int) (l1 >>> s) & 0xff) << 1);
                int y2 = ((i + 8) << 9) | (((int) (l2 >>> s) & 0xff) << 1);
                rh ^= a[x1] ^ b[x2] ^ a[y1] ^ b[y2];
                rl ^= a[x1 + 1] ^ b[x2 + 1] ^ a[y1 + 1] ^ b[y2 + 1];
            }
            zh = rh;
            zl = rl;
        }
        for (; p < d.length; p += 16) {
            long h1 = zh ^ (long) LONG_BE.get(d, p);
            long l1 = zl ^ (long) LONG_BE.get(d, p + 8);
            long rh = 0;
            long rl = 0;
            for (int i = 0; i < 8; i++) {
                int s = 56 - 8 * i;
                int x1 = (i << 9) | (((int) (h1 >>> s) & 0xff) << 1);
                int y1 = ((i + 8) << 9) | (((int) (l1 >>> s) & 0xff) << 1);
                rh ^= b[x1] ^ b[y1];
                rl ^= b[x1 + 1] ^ b[y1 + 1];
            }
            zh = rh;
            zl = rl;
        }
        yHi = zh;
        yLo = zl;
        return zh ^ zl;
    }

    @Benchmark
    public Object ghashCompact4k() throws Throwable {
        RESET.invokeExact(compact);
        BLOCKS.invokeExact(compact, data, 0, data.length);
        return compact;
    }

    @Benchmark
    public int jdkWholeGcm() throws Exception {
        iv[11]++;
        if (iv[11] == 0) {
            iv[10]++;
        }
        jdk.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return jdk.doFinal(data, 0, size, out, 0);
    }
}
