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
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.util.concurrent.TimeUnit;

/**
 * The design question behind the AES-CM path: with the JCA, is it faster to re-init an
 * {@code AES/CTR/NoPadding} cipher with each packet's IV, or to encrypt counter blocks with a reused
 * {@code AES/ECB/NoPadding} cipher and XOR? Run with {@code -prof gc} to see the allocation too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AesCmKeystreamBenchmark {
    @Param({"160", "1200"})
    public int size;

    private final SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
    private Cipher ctr;
    private Cipher ecb;
    private byte[] iv;
    private byte[] data;
    private byte[] counters;
    private byte[] keystream;
    private long index;

    @Setup
    public void setup() throws Exception {
        ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, key);
        iv = new byte[16];
        data = new byte[size];
        counters = new byte[(size + 15) & ~15];
        keystream = new byte[counters.length];
    }

    @Benchmark
    public byte[] ctrReinit() throws Exception {
        long i = index++;
        iv[8] = (byte) (i >>> 8);
        iv[9] = (byte) i;
        ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        ctr.doFinal(data, 0, size, data, 0);
        return data;
    }

    @Benchmark
    public byte[] ecbCounterBlocks() throws Exception {
        long i = index++;
        iv[8] = (byte) (i >>> 8);
        iv[9] = (byte) i;
        int bytes = counters.length;
        for (int p = 0, b = 0; p < bytes; p += 16, b++) {
            System.arraycopy(iv, 0, counters, p, 14);
            counters[p + 14] = (byte) (b >>> 8);
            counters[p + 15] = (byte) b;
        }
        ecb.update(counters, 0, bytes, keystream, 0);
        for (int k = 0; k < size; k++) {
            data[k] ^= keystream[k];
        }
        return data;
    }
}
