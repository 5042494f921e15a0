package io.jrtc.srtp;

import io.jrtc.core.SrtpProfile;
import io.jrtc.testkit.ChildProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bytes allocated per protect + unprotect of a 1200-byte packet in steady state (after the streams
 * exist and the buffers have grown), read from the JVM's per-thread allocation counter, in a child JVM
 * run with {@code -Xint}: no JIT, hence no escape analysis, so every allocation the code makes is
 * counted, every time. The result is deterministic: it does not depend on what the JIT managed to
 * scalar-replace (the earlier version of this test, in the test JVM, did, and needed several rounds
 * to see a zero). The zero-allocation implementations must allocate nothing at all; the JDK's AES-GCM
 * cipher is the positive control that shows the counter sees per-packet garbage. (Speed, and
 * allocation with the JIT as it runs in production, are measured by JMH with its GC profiler in the
 * bench module, never here.)
 */
class SrtpAllocationTest {
    /** Packets before measuring: streams created, buffers grown to 1200 bytes, classes loaded. */
    static final int WARMUP = 50;
    static final int MEASURED = 200;
    static final Pattern RESULT = Pattern.compile("ALLOCATED (\\d+) BYTES FOR (\\d+) PACKETS WITH (\\S+)");

    @ParameterizedTest
    @CsvSource({
            "AES_CM_128_HMAC_SHA1_80, AUTO, false",
            "AES_CM_128_HMAC_SHA1_32, AUTO, false",
            "AEAD_AES_128_GCM, JDK_GHASH, false",
            "AEAD_AES_256_GCM, JDK_GHASH, false",
            "AEAD_AES_128_GCM, AUTO, false",
            "AEAD_AES_128_GCM, JAVA_TABLES, false",
            "AEAD_AES_128_GCM, JAVA_COMPACT, false",
            "AEAD_AES_128_GCM, JDK, true"})
    void bytesPerPacket(SrtpProfile profile, GcmImplementation gcm, boolean allocates) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ChildProcess.Result r = ChildProcess.command(List.of(java, "-Xint", "--add-opens", "java.base/com.sun.crypto.provider=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Measure.class.getName(), profile.name(), gcm.name()))
                .run(Duration.ofMinutes(3));
        assertFalse(r.timedOut(), r.describe());
        assertEquals(0, r.exitCode(), r.describe());
        Matcher m = RESULT.matcher(r.output());
        assertTrue(m.find(), r.describe());
        long bytes = Long.parseLong(m.group(1));
        double perPacket = bytes / (double) Long.parseLong(m.group(2));
        System.out.printf("%s %s (%s): %.3f bytes allocated per protect+unprotect, interpreted%n", profile, gcm, m.group(3), perPacket);
        if (allocates) {
            assertTrue(perPacket > 500, "the JDK cipher's per-packet init should show up: " + perPacket);
        } else {
            assertEquals(0, bytes, profile + " " + gcm + " allocated " + bytes + " bytes in " + MEASURED + " packets");
        }
    }

    /** The child JVM: protects and unprotects, prints what this thread allocated while measuring. */
    public static final class Measure {
        public static void main(String[] args) {
            SrtpProfile profile = SrtpProfile.valueOf(args[0]);
            GcmImplementation gcm = GcmImplementation.valueOf(args[1]);
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            SplittableRandom r = new SplittableRandom(0xa110c);
            byte[] key = new byte[profile.keyLength()];
            byte[] salt = new byte[profile.saltLength()];
            r.nextBytes(key);
            r.nextBytes(salt);
            SrtpConfig config = SrtpConfig.defaults().withGcm(gcm).withReplayWindow(1024);
            SrtpContext tx = SrtpContext.create(profile, key, salt, config);
            SrtpContext rx = SrtpContext.create(profile, key, salt, config);
            byte[] packet = new byte[1200 + 16];
            r.nextBytes(packet);
            for (int i = 0; i < WARMUP; i++) {
                one(tx, rx, packet, i);
            }
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = WARMUP; i < WARMUP + MEASURED; i++) {
                one(tx, rx, packet, i);
            }
            long bytes = threads.getThreadAllocatedBytes(id) - before;
            System.out.println("ALLOCATED " + bytes + " BYTES FOR " + MEASURED + " PACKETS WITH "
                    + (tx.gcmImplementation() == null ? "-" : tx.gcmImplementation()));
        }

        private static void one(SrtpContext tx, SrtpContext rx, byte[] packet, int s) {
            packet[0] = (byte) 0x80;
            packet[1] = 96;
            packet[2] = (byte) (s >>> 8);
            packet[3] = (byte) s;
            int n = tx.protectRtp(packet, 0, 1200);
            int m = rx.unprotectRtp(packet, 0, n);
            if (m != 1200) {
                throw new IllegalStateException("packet " + s + ": " + SrtpStatus.of(m));
            }
        }
    }
}
