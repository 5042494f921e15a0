package io.jrtc.bench.srtp;

import org.openjdk.jmh.annotations.Benchmark;
import io.jrtc.core.crypto.AesGcm;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
import java.util.concurrent.TimeUnit;

/**
 * GHASH alone: the package-private {@code io.jrtc.core.crypto.Ghash} over {@code size} bytes (1184 = the
 * payload of a 1200-byte RTP packet) with the 64 KiB table layout, the 4 KiB one and the JDK's own
 * GHASH class ({@code JDK_GHASH}; the fork opens {@code java.base/com.sun.crypto.provider}), next to
 * the JDK's whole AES-GCM of the same bytes (init with a new IV, encrypt, tag) for scale. jrtc's class
 * is reached through a method handle (no module system here, so the lookup is allowed); a constant
 * handle costs nothing once compiled.

 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/com.sun.crypto.provider=ALL-UNNAMED"})
public class GhashBenchmark {
    private static final MethodHandle NEW;
    private static final MethodHandle BLOCKS;
    private static final MethodHandle RESET;

    static {
        try {
            Class<?> c = Class.forName("io.jrtc.core.crypto.Ghash");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
            NEW = l.findStatic(c, "create", MethodType.methodType(c, byte[].class, AesGcm.Hash.class))
                    .asType(MethodType.methodType(Object.class, byte[].class, AesGcm.Hash.class));
            BLOCKS = l.findVirtual(c, "blocks", MethodType.methodType(void.class, byte[].class, int.class, int.class))
                    .asType(MethodType.methodType(void.class, Object.class, byte[].class, int.class, int.class));
            RESET = l.findVirtual(c, "reset", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Param({"1184"})
    public int size;

    private Object wide;
    private Object compact;
    private Object jdkGhash;
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
        wide = (Object) NEW.invokeExact(h, AesGcm.Hash.TABLES);
        compact = (Object) NEW.invokeExact(h, AesGcm.Hash.COMPACT);
        jdkGhash = (Object) NEW.invokeExact(h, AesGcm.Hash.JDK);
        data = new byte[(size + 15) & ~15];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
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

    @Benchmark
    public Object ghashCompact4k() throws Throwable {
        RESET.invokeExact(compact);
        BLOCKS.invokeExact(compact, data, 0, data.length);
        return compact;
    }

    @Benchmark
    public Object ghashJdkIntrinsic() throws Throwable {
        RESET.invokeExact(jdkGhash);
        BLOCKS.invokeExact(jdkGhash, data, 0, data.length);
        return jdkGhash;
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
