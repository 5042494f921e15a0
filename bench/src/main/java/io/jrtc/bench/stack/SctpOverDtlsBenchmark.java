package io.jrtc.bench.stack;

import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.DtlsEvent;
import io.jrtc.sctp.SctpAssociation;
import io.jrtc.sctp.SctpConfig;
import io.jrtc.sctp.SctpEvent;
import io.jrtc.sctp.SendOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * CPU throughput of SCTP over DTLS, the data channel path of WebRTC, in memory: an association pair
 * whose packets are DTLS application data records (AES-128-GCM) of a DTLS endpoint pair. No ICE, no
 * sockets, no loss; virtual time, both sides on this one thread. One operation is one 64 KiB message
 * delivered; Gbit/s = ops/s x 65536 x 8 / 1e9.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SctpOverDtlsBenchmark {
    static final int MESSAGES = 64;

    /** CRC32c on every SCTP packet, or RFC 9653 zero checksum (allowed over DTLS). */
    @Param({"crc32c", "zero"})
    public String checksum;

    private DtlsEndpoint dtlsA;
    private DtlsEndpoint dtlsB;
    private SctpAssociation a;
    private SctpAssociation b;
    private final byte[] message = new byte[65536];
    private long now;
    private long received;

    @Setup(Level.Trial)
    public void setUp() {
        SecureRandom random = new SecureRandom();
        DtlsCertificate certA = DtlsCertificate.selfSignedEcdsa(random, java.time.Instant.now());
        DtlsCertificate certB = DtlsCertificate.selfSignedEcdsa(random, java.time.Instant.now());
        dtlsA = DtlsEndpoint.client(DtlsConfig.builder().certificate(certA).expectedPeerFingerprint(certB.fingerprint("sha-256"))
                .random(random).build());
        dtlsB = DtlsEndpoint.server(DtlsConfig.builder().certificate(certB).expectedPeerFingerprint(certA.fingerprint("sha-256"))
                .random(random).build());
        boolean zero = checksum.equals("zero");
        a = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(1)).withZeroChecksum(zero).withHeartbeatInterval(0));
        b = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(2)).withZeroChecksum(zero).withHeartbeatInterval(0));
        dtlsB.start(now);
        dtlsA.start(now);
        run(() -> dtlsA.isEstablished() && dtlsB.isEstablished(), "DTLS handshake");
        a.connect(now);
        b.connect(now);
        run(() -> a.state() == SctpAssociation.State.ESTABLISHED && b.state() == SctpAssociation.State.ESTABLISHED, "SCTP association");
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long transfer() {
        long target = received + (long) MESSAGES * message.length;
        int[] sent = {0};
        run(() -> {
            while (sent[0] < MESSAGES && a.bufferedAmount() < 4L * 1024 * 1024) {
                a.send(now, 1, 53, message, SendOptions.RELIABLE_ORDERED);
                sent[0]++;
            }
            return received >= target;
        }, "transfer");
        return received;
    }

    private interface Condition {
        boolean holds();
    }

    /** Moves packets until nothing moves, then jumps virtual time to the next deadline. */
    private void run(Condition done, String what) {
        for (int rounds = 0; !done.holds(); rounds++) {
            if (rounds > 10_000_000) {
                throw new IllegalStateException(what + " stalled");
            }
            if (!pump()) {
                long next = Math.min(Math.min(dtlsA.pollTimeout(), dtlsB.pollTimeout()), Math.min(a.pollTimeout(), b.pollTimeout()));
                if (next == Long.MAX_VALUE) {
                    throw new IllegalStateException(what + ": nothing left to do");
                }
                now = Math.max(now, next);
                dtlsA.handleTimeout(now);
                dtlsB.handleTimeout(now);
                a.handleTimeout(now);
                b.handleTimeout(now);
            }
        }
    }

    /** SCTP packets into DTLS records, records across to the other endpoint, application data up into SCTP. */
    private boolean pump() {
        boolean moved = false;
        if (dtlsA.isEstablished()) {
            for (byte[] p; (p = a.pollTransmit()) != null; moved = true) {
                dtlsA.send(p);
            }
        }
        if (dtlsB.isEstablished()) {
            for (byte[] p; (p = b.pollTransmit()) != null; moved = true) {
                dtlsB.send(p);
            }
        }
        for (byte[] d; (d = dtlsA.pollTransmit()) != null; moved = true) {
            dtlsB.handleInput(now, d);
        }
        for (byte[] d; (d = dtlsB.pollTransmit()) != null; moved = true) {
            dtlsA.handleInput(now, d);
        }
        for (DtlsEvent e; (e = dtlsA.pollEvent()) != null; moved = true) {
            if (e instanceof DtlsEvent.ApplicationData ad) {
                a.handleInput(now, ad.data());
            }
        }
        for (DtlsEvent e; (e = dtlsB.pollEvent()) != null; moved = true) {
            if (e instanceof DtlsEvent.ApplicationData ad) {
                b.handleInput(now, ad.data());
            }
        }
        for (SctpEvent e; (e = b.pollEvent()) != null; moved = true) {
            if (e instanceof SctpEvent.Message m) {
                received += m.data().length;
            }
        }
        while (a.pollEvent() != null) {
            moved = true; // sender events are not needed
        }
        return moved;
    }
}
