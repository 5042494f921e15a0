package io.jrtc.bench.program;

import io.jrtc.core.SrtpProfile;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpView;
import io.jrtc.srtp.SrtpContext;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * {@code forward}: the SFU path on one thread. A publisher's SRTP packets (a ring protected in
 * advance, as they would arrive) are each copied into a receive buffer, unprotected in place, then for
 * each of V viewers copied into a send buffer, rewritten (SSRC, sequence number, timestamp: the
 * viewer's own numbering) through a reused {@link RtpView}, and protected in place with the viewer's
 * own SRTP context. {@code pps_per_core} counts packets sent to viewers per CPU second of the thread;
 * {@code bytes_alloc_per_packet} is the thread's allocation over the measured loop per packet sent.
 */
final class Forward {
    static final String USAGE = "forward [--viewers V] [--size B] [--seconds S] [--profile AEAD_AES_128_GCM|AES_CM_128_HMAC_SHA1_80|…]";
    private static final int RING = 4096;

    private Forward() {
    }

    static int run(String[] args) throws Exception {
        Args a = new Args(args, Set.of("--viewers", "--size", "--seconds", "--profile"), Set.of());
        int viewers = a.integer("--viewers", 10, 1, 10_000);
        int size = a.integer("--size", 1200, 32, 1400);
        int seconds = a.integer("--seconds", 5, 1, 600);
        SrtpProfile profile;
        try {
            profile = SrtpProfile.valueOf(a.string("--profile", "AEAD_AES_128_GCM"));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("unknown --profile; one of " + java.util.Arrays.toString(SrtpProfile.values()));
        }
        Random r = new Random(1);
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        r.nextBytes(key);
        r.nextBytes(salt);
        SrtpContext publisher = SrtpContext.create(profile, key, salt);
        SrtpContext sfuIn = SrtpContext.create(profile, key, salt);
        SrtpContext[] out = new SrtpContext[viewers];
        for (int v = 0; v < viewers; v++) {
            byte[] k = new byte[profile.keyLength()];
            byte[] s = new byte[profile.saltLength()];
            r.nextBytes(k);
            r.nextBytes(s);
            out[v] = SrtpContext.create(profile, k, s);
        }
        int tag = 16 + 4; // room for any profile's tag (and an MKI, unused)
        byte[][] ring = new byte[RING][];
        int[] ringLen = new int[RING];
        for (int i = 0; i < RING; i++) {
            byte[] p = new byte[size + tag];
            p[0] = (byte) 0x80;
            p[1] = 96;
            p[2] = (byte) (i >>> 8);
            p[3] = (byte) i;
            int ts = i * 3000;
            p[4] = (byte) (ts >>> 24);
            p[5] = (byte) (ts >>> 16);
            p[6] = (byte) (ts >>> 8);
            p[7] = (byte) ts;
            p[8] = 0x11;
            p[9] = 0x22;
            p[10] = 0x33;
            p[11] = 0x44;
            for (int j = 12; j < size; j++) {
                p[j] = (byte) r.nextInt();
            }
            ringLen[i] = publisher.protectRtp(p, 0, size);
            ring[i] = p;
        }
        byte[] in = new byte[1500];
        byte[] send = new byte[1500];
        RtpView view = new RtpView();
        int[] seq = new int[viewers];
        long[] tsOffset = new long[viewers];
        for (int v = 0; v < viewers; v++) {
            seq[v] = r.nextInt(65536);
            tsOffset[v] = r.nextInt() & 0xffffffffL;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        // warm-up: one second
        Loop loop = new Loop(ring, ringLen, in, send, view, sfuIn, out, seq, tsOffset);
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            loop.pass();
        }
        long sent0 = loop.sent;
        long alloc0 = threads.getThreadAllocatedBytes(tid);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            loop.pass();
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long alloc = threads.getThreadAllocatedBytes(tid) - alloc0;
        long sent = loop.sent - sent0;
        System.out.printf(Locale.ROOT, "forward: %s, %d-byte packets, 1 publisher to %d viewers, %d packets sent in %.2f CPU s, %d rejected%n",
                profile, size, viewers, sent, cpu / 1e9, loop.rejected);
        System.out.printf(Locale.ROOT, "pps_per_core=%.0f in_pps_per_core=%.0f ns_per_packet=%.0f bytes_alloc_per_packet=%.3f%n",
                sent / (cpu / 1e9), sent / (double) viewers / (cpu / 1e9), cpu / (double) sent, alloc / (double) sent);
        return loop.rejected == 0 ? 0 : 1;
    }

    /** The measured loop, a class so that its state is fields (no capture, no boxing). */
    private static final class Loop {
        final byte[][] ring;
        final int[] ringLen;
        final byte[] in;
        final byte[] send;
        final RtpView view;
        final SrtpContext sfuIn;
        final SrtpContext[] out;
        final int[] seq;
        final long[] tsOffset;
        long sent;
        long rejected;

        Loop(byte[][] ring, int[] ringLen, byte[] in, byte[] send, RtpView view, SrtpContext sfuIn, SrtpContext[] out, int[] seq,
             long[] tsOffset) {
            this.ring = ring;
            this.ringLen = ringLen;
            this.in = in;
            this.send = send;
            this.view = view;
            this.sfuIn = sfuIn;
            this.out = out;
            this.seq = seq;
            this.tsOffset = tsOffset;
        }

        /** One pass over the ring; the publisher's stream is forgotten after it so that the replay window starts over. */
        void pass() {
            for (int i = 0; i < ring.length; i++) {
                int len = ringLen[i];
                System.arraycopy(ring[i], 0, in, 0, len);
                int plain = sfuIn.unprotectRtp(in, 0, len);
                if (plain < 0) {
                    rejected++;
                    continue;
                }
                for (int v = 0; v < out.length; v++) {
                    System.arraycopy(in, 0, send, 0, plain);
                    try {
                        view.wrap(send, 0, plain);
                    } catch (RtpParseException e) {
                        rejected++;
                        continue;
                    }
                    view.setSsrc(0x5000_0000L + v);
                    view.setSequenceNumber(seq[v]);
                    seq[v] = (seq[v] + 1) & 0xffff;
                    view.setTimestamp((view.timestamp() + tsOffset[v]) & 0xffffffffL);
                    out[v].protectRtp(send, 0, plain);
                    sent++;
                }
            }
            sfuIn.removeStream(0x11223344);
        }
    }
}
