package io.jrtc.bench.stack;

import io.jrtc.core.SrtpProfile;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.DtlsEvent;
import io.jrtc.dtls.SrtpKeyingMaterial;
import io.jrtc.sctp.SctpConfig;
import io.jrtc.sctp.datachannel.DataChannel;
import io.jrtc.sctp.datachannel.DataChannelEvent;
import io.jrtc.sctp.datachannel.DataChannelOptions;
import io.jrtc.sctp.datachannel.DataChannels;
import io.jrtc.srtp.SrtpContext;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How many peers fit: sets up {@code N} server-side sessions the way an SFU holds them (one DTLS
 * server endpoint with the server's one certificate, an SCTP association with the data channel layer
 * and one open channel, SRTP contexts both ways keyed from DTLS), each against its own in-memory
 * client (the "browser"), on one thread in virtual time, then measures the time taken and the heap
 * the sessions keep. Not a JMH benchmark: one setup of many sessions, measured once.
 *
 * <pre>
 *   java -cp bench/target/jrtc-benchmarks.jar --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED \
 *       io.jrtc.bench.stack.ManyPeers 1000
 * </pre>
 */
public final class ManyPeers {

    /** One in-memory session: the server side kept, the client side dropped once connected. */
    static final class Pair {
        DtlsEndpoint server;
        DtlsEndpoint client;
        DataChannels serverSctp;
        DataChannels clientSctp;
        SrtpContext srtpIn;
        SrtpContext srtpOut;
        boolean open;
        boolean echoed;
        long now;
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        SecureRandom random = new SecureRandom();
        DtlsCertificate serverCert = DtlsCertificate.selfSignedEcdsa(random, java.time.Instant.now());
        DtlsCertificate clientCert = DtlsCertificate.selfSignedEcdsa(random, java.time.Instant.now());
        // warm-up: a few sessions so the JIT has compiled the paths
        for (int i = 0; i < 50; i++) {
            connect(new Pair(), serverCert, clientCert, random, i);
        }
        long before = usedHeap();
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        List<Pair> kept = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Pair p = new Pair();
            connect(p, serverCert, clientCert, random, i);
            // keep the server side only, as a server would
            p.client = null;
            p.clientSctp = null;
            kept.add(p);
        }
        long t1 = System.nanoTime();
        long cpu1 = cpu();
        long after = usedHeap();
        long perSession = (after - before) / n;
        System.out.printf("%d sessions (DTLS server + SCTP/DCEP with one open channel + SRTP both ways, AES-GCM %s)%n", n,
                io.jrtc.core.crypto.AesGcm.jdkGhashAvailable() ? "with the JDK's GHASH" : "through the JDK's cipher");
        System.out.printf("set up in %.0f ms wall, %.0f ms CPU on one thread: %.0f sessions/s (both handshake sides in it)%n",
                (t1 - t0) / 1e6, (cpu1 - cpu0) / 1e6, n / ((t1 - t0) / 1e9));
        System.out.printf("heap kept: %,d bytes per session (%,d KiB for all)%n", perSession, (after - before) / 1024);
        System.out.println("sessions still held: " + kept.size() + ", all echoed: " + kept.stream().allMatch(p -> p.echoed));
        if (args.length > 1 && args[1].equals("--hold")) {
            System.out.println("holding for 60 s (jcmd <pid> GC.class_histogram)");
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println(kept.size());
        }
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long usedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** DTLS handshake, SRTP keys, SCTP association, a channel from the client and one echoed message. */
    static void connect(Pair p, DtlsCertificate serverCert, DtlsCertificate clientCert, SecureRandom random, int i) {
        p.server = DtlsEndpoint.server(DtlsConfig.builder().certificate(serverCert)
                .expectedPeerFingerprint(clientCert.fingerprint("sha-256")).random(random).build());
        p.client = DtlsEndpoint.client(DtlsConfig.builder().certificate(clientCert)
                .expectedPeerFingerprint(serverCert.fingerprint("sha-256")).random(random).build());
        p.serverSctp = new DataChannels(SctpConfig.defaults(new SplittableRandom(i)), DataChannels.Role.SERVER, 262144);
        p.clientSctp = new DataChannels(SctpConfig.defaults(new SplittableRandom(~i)), DataChannels.Role.CLIENT, 262144);
        p.server.start(p.now);
        p.client.start(p.now);
        boolean sctpStarted = false;
        for (int rounds = 0; !p.echoed; rounds++) {
            if (rounds > 100_000) {
                throw new IllegalStateException("session " + i + " stalled");
            }
            boolean moved = pump(p);
            if (!sctpStarted && p.server.isEstablished() && p.client.isEstablished()) {
                SrtpKeyingMaterial km = p.server.srtpKeyingMaterial();
                SrtpProfile profile = km.profile();
                p.srtpIn = SrtpContext.create(profile, km.remoteKey(false).toByteArray(), km.remoteSalt(false).toByteArray());
                p.srtpOut = SrtpContext.create(profile, km.localKey(false).toByteArray(), km.localSalt(false).toByteArray());
                p.serverSctp.connect(p.now);
                p.clientSctp.connect(p.now);
                sctpStarted = true;
                moved = true;
            }
            if (!moved) {
                long next = Math.min(Math.min(p.server.pollTimeout(), p.client.pollTimeout()),
                        Math.min(p.serverSctp.pollTimeout(), p.clientSctp.pollTimeout()));
                p.now = Math.max(p.now + 1, next == Long.MAX_VALUE ? p.now + 1_000_000 : next);
                p.server.handleTimeout(p.now);
                p.client.handleTimeout(p.now);
                p.serverSctp.handleTimeout(p.now);
                p.clientSctp.handleTimeout(p.now);
            }
        }
    }

    private static boolean pump(Pair p) {
        boolean moved = false;
        for (byte[] d; (d = p.client.pollTransmit()) != null; moved = true) {
            p.server.handleInput(p.now, d);
        }
        for (byte[] d; (d = p.server.pollTransmit()) != null; moved = true) {
            p.client.handleInput(p.now, d);
        }
        for (DtlsEvent e; (e = p.server.pollEvent()) != null; moved = true) {
            if (e instanceof DtlsEvent.ApplicationData a) {
                p.serverSctp.handleInput(p.now, a.data());
            }
        }
        for (DtlsEvent e; (e = p.client.pollEvent()) != null; moved = true) {
            if (e instanceof DtlsEvent.ApplicationData a) {
                p.clientSctp.handleInput(p.now, a.data());
            }
        }
        if (p.server.isEstablished()) {
            for (byte[] s; (s = p.serverSctp.pollTransmit()) != null; moved = true) {
                p.server.send(s);
            }
        }
        if (p.client.isEstablished()) {
            for (byte[] s; (s = p.clientSctp.pollTransmit()) != null; moved = true) {
                p.client.send(s);
            }
        }
        for (DataChannelEvent e; (e = p.clientSctp.pollEvent()) != null; moved = true) {
            if (e instanceof DataChannelEvent.Connected && !p.open) {
                p.open = true;
                DataChannel c = p.clientSctp.createChannel(p.now, "chat", DataChannelOptions.RELIABLE);
                c.send(p.now, "hello");
            } else if (e instanceof DataChannelEvent.Message) {
                p.echoed = true;
            }
        }
        for (DataChannelEvent e; (e = p.serverSctp.pollEvent()) != null; moved = true) {
            if (e instanceof DataChannelEvent.Message m) {
                m.channel().send(p.now, m.data());
            }
        }
        return moved;
    }
}
