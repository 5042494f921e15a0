package io.jrtc.bench.srtp;

import io.jrtc.core.SrtpProfile;
import io.jrtc.srtp.GcmImplementation;
import io.jrtc.srtp.SrtpConfig;
import io.jrtc.srtp.SrtpContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * SRTP protect and unprotect of 160-byte (audio) and 1200-byte (video) RTP packets, for every profile.
 * The packets, keys and loop are the same as the libsrtp2 harness's {@code bench} mode
 * ({@code srtp/src/test/resources/io/jrtc/srtp/libsrtp_harness.c}), so the two can be compared:
 * protect copies a clean packet into the work buffer and gives it the next sequence number;
 * unprotect walks a ring of 4096 packets protected in setup and removes the stream after each pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/com.sun.crypto.provider=ALL-UNNAMED"})
public class SrtpBenchmark {
    static final int RING = 4096;
    static final int SSRC = 0x11223344;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    public String profile;

    @Param({"160", "1200"})
    public int size;

    /**
     * The AES-GCM implementation (AEAD profiles only; ignored by AES-CM). The fork opens
     * {@code java.base/com.sun.crypto.provider}, so {@code JDK_GHASH} (and {@code AUTO}) can run.
     */
    @Param({"JDK_GHASH", "JAVA_TABLES", "JAVA_COMPACT", "JDK"})
    public String gcm;

    private SrtpContext tx;
    private SrtpContext rx;
    private byte[] clean;
    private byte[] work;
    private byte[][] ring;
    private int ringLength;
    private int seq;
    private int next;

    static void rtp(byte[] p, int size, int seq) {
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        int ts = seq * 960;
        p[4] = (byte) (ts >>> 24);
        p[5] = (byte) (ts >>> 16);
        p[6] = (byte) (ts >>> 8);
        p[7] = (byte) ts;
        p[8] = (byte) (SSRC >>> 24);
        p[9] = (byte) (SSRC >>> 16);
        p[10] = (byte) (SSRC >>> 8);
        p[11] = (byte) SSRC;
        for (int i = 12; i < size; i++) {
            p[i] = (byte) (i * 31 + 7);
        }
    }

    static SrtpContext context(SrtpProfile p, GcmImplementation gcm) {
        byte[] key = new byte[p.keyLength()];
        byte[] salt = new byte[p.saltLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i + 1);
        }
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (0xa0 + i);
        }
        return SrtpContext.create(p, key, salt, SrtpConfig.defaults().withReplayWindow(1024).withGcm(gcm));
    }

    @Setup
    public void setup() {
        SrtpProfile p = SrtpProfile.valueOf(profile);
        tx = context(p, GcmImplementation.valueOf(gcm));
        rx = context(p, GcmImplementation.valueOf(gcm));
        clean = new byte[size];
        rtp(clean, size, 0);
        work = new byte[size + 32];
        SrtpContext ringTx = context(p, GcmImplementation.valueOf(gcm));
        ring = new byte[RING][];
        for (int i = 0; i < RING; i++) {
            byte[] b = new byte[size + 32];
            rtp(b, size, i);
            ringLength = ringTx.protectRtp(b, 0, size);
            ring[i] = b;
        }
    }

    @Benchmark
    public int protect() {
        byte[] w = work;
        System.arraycopy(clean, 0, w, 0, size);
        int s = seq++;
        w[2] = (byte) (s >>> 8);
        w[3] = (byte) s;
        int n = tx.protectRtp(w, 0, size);
        if (n < 0) {
            throw new IllegalStateException("protect failed: " + n);
        }
        return n;
    }

    @Benchmark
    public int unprotect() {
        byte[] w = work;
        System.arraycopy(ring[next], 0, w, 0, ringLength);
        int n = rx.unprotectRtp(w, 0, ringLength);
        if (n < 0) {
            throw new IllegalStateException("unprotect failed: " + n);
        }
        if (++next == RING) {
            next = 0;
            rx.removeStream(SSRC);
        }
        return n;
    }
}
