package io.jrtc.srtp;

import io.jrtc.core.SrtpProfile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bytes allocated by this thread while protecting and unprotecting 1200-byte packets in steady state
 * (after the streams exist and the JIT has compiled the path), read from the JVM's per-thread
 * allocation counter. The zero-allocation implementations must allocate nothing at all; the JDK's
 * AES-GCM cipher is the positive control that shows the counter sees per-packet garbage.
 * (Speed is measured by JMH in the bench module, never here.)
 */
class SrtpAllocationTest {
    private static final int WARMUP = 30_000;
    private static final int MEASURED = 20_000;

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
    void bytesPerPacket(SrtpProfile profile, GcmImplementation gcm, boolean allocates) {
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
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        int[] seq = {0};
        Runnable one = () -> {
            int s = seq[0]++;
            packet[0] = (byte) 0x80;
            packet[2] = (byte) (s >>> 8);
            packet[3] = (byte) s;
            int n = tx.protectRtp(packet, 0, 1200);
            int m = rx.unprotectRtp(packet, 0, n);
            if (m != 1200) {
                throw new AssertionError("packet " + s + ": " + SrtpStatus.of(m));
            }
        };
        for (int i = 0; i < WARMUP; i++) {
            one.run();
        }
        // Steady state: one of up to five rounds must see exactly zero bytes. (The first round can catch
        // a one-off allocation while the JIT is still replacing code: 280 bytes once in 20,000 packets
        // was seen; a per-packet allocation shows in every round.)
        long id = Thread.currentThread().getId();
        java.util.List<Long> rounds = new java.util.ArrayList<>();
        for (int round = 0; round < 5; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < MEASURED; i++) {
                one.run();
            }
            long bytes = threads.getThreadAllocatedBytes(id) - before;
            rounds.add(bytes);
            if (!allocates && bytes == 0) {
                break;
            }
        }
        long last = rounds.get(rounds.size() - 1);
        double perPacket = last / (double) MEASURED;
        System.out.printf("%s %s: %.3f bytes allocated per protect+unprotect (rounds of %d: %s)%n",
                profile, tx.gcmImplementation() == null ? "-" : tx.gcmImplementation(), perPacket, MEASURED, rounds);
        if (allocates) {
            assertTrue(perPacket > 500, "the JDK cipher's per-packet init should show up: " + perPacket);
        } else {
            assertEquals(0, last, profile + " " + gcm + " allocated in every round of " + MEASURED + " packets: " + rounds);
        }
    }
}
