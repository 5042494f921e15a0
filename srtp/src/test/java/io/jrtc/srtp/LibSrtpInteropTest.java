package io.jrtc.srtp;

import io.jrtc.core.Hex;
import io.jrtc.core.SrtpProfile;
import io.jrtc.testkit.ChildProcess;
import io.jrtc.testkit.RealPeers;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.TestVectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Cross-check with libsrtp2, the C reference: a small C harness (test resource
 * {@code libsrtp_harness.c}) is built with gcc against Debian's libsrtp2-dev and fed the same random
 * RTP and RTCP packets as our contexts, over several SSRCs and across a sequence number wrap (ROC 0
 * to 1). Our output must be byte-identical to libsrtp2's, we must unprotect libsrtp2's output, and
 * libsrtp2 must unprotect ours.
 */
@ExtendWith(SeedReporter.class)
class LibSrtpInteropTest {
    private static Path harness;

    @BeforeAll
    static void build() throws Exception {
        Path gcc = RealPeers.require("gcc", "apt-get install gcc pkg-config libsrtp2-dev");
        RealPeers.require("pkg-config", "apt-get install pkg-config");
        RealPeers.requireThat(run(List.of("pkg-config", "--exists", "libsrtp2")).exit == 0,
                "libsrtp2 development files are not installed (apt-get install libsrtp2-dev)");
        Result flags = run(List.of("pkg-config", "--cflags", "--libs", "libsrtp2"));
        assertEquals(0, flags.exit, flags.out);
        harness = buildHarness(gcc, flags.out.trim());
    }

    /** Compiles the harness into target/libsrtp-harness/ (shared with the benchmark instructions). */
    static Path buildHarness(Path gcc, String pkgFlags) throws Exception {
        Path dir = Path.of("target", "libsrtp-harness").toAbsolutePath();
        Files.createDirectories(dir);
        Path src = dir.resolve("libsrtp_harness.c");
        Files.writeString(src, TestVectors.text(LibSrtpInteropTest.class, "libsrtp_harness.c"));
        Path bin = dir.resolve("srtp-harness");
        List<String> cmd = new ArrayList<>(List.of(gcc.toString(), "-O2", "-Wall", "-o", bin.toString(), src.toString()));
        cmd.addAll(Arrays.asList(pkgFlags.split("\\s+")));
        Result r = run(cmd);
        assertEquals(0, r.exit, "gcc failed: " + r.out);
        return bin;
    }

    record Result(int exit, String out) {
    }

    /** Runs a command to its end, killed with its descendants after 60 s (then a failure). */
    static Result run(List<String> cmd) throws IOException, InterruptedException {
        ChildProcess.Result r = ChildProcess.command(cmd).run(Duration.ofSeconds(60));
        if (r.timedOut()) {
            throw new AssertionError(r.describe());
        }
        return new Result(r.exitCode(), r.output());
    }

    /** Feeds "rtp HEX"/"rtcp HEX" lines to the harness and returns its output lines. */
    static List<String> harness(String mode, SrtpProfile profile, byte[] key, byte[] salt, List<String> lines)
            throws IOException, InterruptedException {
        Path dir = Path.of("target", "libsrtp-harness").toAbsolutePath();
        Path in = Files.createTempFile(dir, mode, ".in");
        Path out = Files.createTempFile(dir, mode, ".out");
        Files.write(in, lines);
        ChildProcess.Result r = ChildProcess.command(harness.toString(), mode, profile.name(), Hex.encode(key), Hex.encode(salt))
                .stdin(in).outputFile(out).separateStderr().run(Duration.ofSeconds(60));
        assertFalse(r.timedOut(), r.describe());
        assertEquals(0, r.exitCode(), "harness exit: " + r.stderr());
        List<String> result = Files.readAllLines(out);
        Files.delete(in);
        Files.delete(out);
        return result;
    }

    record Packet(boolean rtcp, byte[] bytes) {
        String line() {
            return (rtcp ? "rtcp " : "rtp ") + Hex.encode(bytes);
        }
    }

    /** RTP and RTCP packets from three SSRCs; the first one's sequence numbers wrap from 65535 to 0. */
    static List<Packet> packets(SplittableRandom r) {
        int[] ssrcs = {r.nextInt(), r.nextInt(), r.nextInt()};
        int[] seqs = {65536 - 40, r.nextInt(65536), r.nextInt(20000)};
        List<Packet> out = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            int s = i == 0 ? 0 : r.nextInt(3);
            if (i > 0 && r.nextInt(8) == 0) {
                out.add(new Packet(true, rtcp(r, ssrcs[s])));
            } else {
                out.add(new Packet(false, rtp(r, ssrcs[s], seqs[s])));
                seqs[s] = (seqs[s] + 1) & 0xffff;
            }
        }
        return out;
    }

    static byte[] rtp(SplittableRandom r, int ssrc, int seq) {
        int cc = r.nextInt(4) == 0 ? r.nextInt(3) : 0;
        boolean ext = r.nextInt(3) == 0;
        int extWords = ext ? 1 + r.nextInt(3) : 0;
        int payload = r.nextInt(5) == 0 ? r.nextInt(16) : r.nextInt(1300);
        int hdr = 12 + 4 * cc + (ext ? 4 + 4 * extWords : 0);
        byte[] p = new byte[hdr + payload];
        r.nextBytes(p);
        p[0] = (byte) (0x80 | (ext ? 0x10 : 0) | cc);
        p[1] = (byte) (r.nextInt(128) | (r.nextBoolean() ? 0x80 : 0));
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        SrtpContext.put32(p, 8, ssrc);
        if (ext) {
            int o = 12 + 4 * cc;
            p[o] = (byte) 0xbe;
            p[o + 1] = (byte) 0xde;
            p[o + 2] = 0;
            p[o + 3] = (byte) extWords;
        }
        return p;
    }

    static byte[] rtcp(SplittableRandom r, int ssrc) {
        int words = 1 + r.nextInt(30);
        byte[] p = new byte[4 + 4 * words];
        r.nextBytes(p);
        p[0] = (byte) (0x80 | r.nextInt(32));
        p[1] = (byte) (200 + r.nextInt(5));
        p[2] = (byte) ((words - 0) >>> 8);
        p[3] = (byte) words;
        SrtpContext.put32(p, 4, ssrc);
        return p;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void byteIdenticalToLibsrtp2BothWays(SrtpProfile profile) throws Exception {
        interop(profile, SrtpConfig.defaults().withReplayWindow(1024));
    }

    /** The GCM profiles again with each AES-GCM implementation (the test above uses the default, AUTO). */
    @ParameterizedTest
    @CsvSource({"AEAD_AES_128_GCM, JAVA_TABLES", "AEAD_AES_256_GCM, JAVA_TABLES",
            "AEAD_AES_128_GCM, JAVA_COMPACT", "AEAD_AES_256_GCM, JAVA_COMPACT",
            "AEAD_AES_128_GCM, JDK", "AEAD_AES_256_GCM, JDK",
            "AEAD_AES_128_GCM, JDK_GHASH", "AEAD_AES_256_GCM, JDK_GHASH"})
    void gcmImplementationsByteIdenticalToLibsrtp2(SrtpProfile profile, GcmImplementation gcm) throws Exception {
        interop(profile, SrtpConfig.defaults().withReplayWindow(1024).withGcm(gcm));
    }

    private void interop(SrtpProfile profile, SrtpConfig config) throws Exception {
        SplittableRandom r = new SplittableRandom(Seeds.seed(0x5127) + profile.ordinal());
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        r.nextBytes(key);
        r.nextBytes(salt);
        List<Packet> plain = packets(r);
        List<String> lines = new ArrayList<>();
        plain.forEach(p -> lines.add(p.line()));

        // 1. libsrtp2 protects; we protect the same packets: byte for byte equal.
        List<String> theirs = harness("protect", profile, key, salt, lines);
        assertEquals(plain.size(), theirs.size());
        SrtpContext tx = SrtpContext.create(profile, key, salt, config);
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < plain.size(); i++) {
            Packet p = plain.get(i);
            byte[] buf = Arrays.copyOf(p.bytes, p.bytes.length + 4 + 16);
            int n = p.rtcp ? tx.protectRtcp(buf, 0, p.bytes.length) : tx.protectRtp(buf, 0, p.bytes.length);
            assertEquals(false, n < 0, "packet " + i + ": " + SrtpStatus.of(n));
            String hex = Hex.encode(buf, 0, n);
            assertEquals(theirs.get(i), hex, profile + " packet " + i + (p.rtcp ? " (RTCP)" : " (RTP)"));
            ours.add((p.rtcp ? "rtcp " : "rtp ") + hex);
        }
        assertEquals(3, tx.streamCount());

        // 2. We unprotect libsrtp2's output.
        SrtpContext rx = SrtpContext.create(profile, key, salt, config);
        for (int i = 0; i < plain.size(); i++) {
            Packet p = plain.get(i);
            byte[] buf = Hex.decode(theirs.get(i));
            int n = p.rtcp ? rx.unprotectRtcp(buf, 0, buf.length) : rx.unprotectRtp(buf, 0, buf.length);
            assertEquals(p.bytes.length, n, "packet " + i + ": " + SrtpStatus.of(n));
            assertArrayEquals(p.bytes, Arrays.copyOf(buf, n), "packet " + i);
        }
        int wrapped = SrtpContext.int32(plain.stream().filter(p -> !p.rtcp).findFirst().orElseThrow().bytes, 8);
        assertEquals(1, rx.rolloverCounter(wrapped), "the first SSRC's sequence numbers wrapped once");

        // 3. libsrtp2 unprotects ours.
        List<String> back = harness("unprotect", profile, key, salt, ours);
        for (int i = 0; i < plain.size(); i++) {
            assertEquals(Hex.encode(plain.get(i).bytes), back.get(i), "libsrtp2 unprotecting our packet " + i);
        }
    }
}
