package io.jrtc.webrtc.core;

import io.jrtc.core.Datagram;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.SrtpKeyingMaterial;
import io.jrtc.srtp.SrtpContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the hostile-input tests share: forging SRTP with a peer's keys, injecting datagrams, checking the echo. */
final class Attack {
    private Attack() {
    }

    /** An SRTP context keyed like {@code peer}'s outbound one (the keys both sides derived from DTLS). */
    static SrtpContext srtpSenderLike(SimPeer peer) {
        DtlsEndpoint d = peer.core.dtlsEndpoint();
        SrtpKeyingMaterial km = d.srtpKeyingMaterial();
        boolean client = d.role() == DtlsEndpoint.Role.CLIENT;
        return SrtpContext.create(km.profile(), km.localKey(client).toByteArray(), km.localSalt(client).toByteArray());
    }

    /** A protected RTP packet (PT 96, 100 bytes of payload) from {@code ssrc} with sequence number {@code seq}. */
    static byte[] srtp(SrtpContext tx, long ssrc, int seq) {
        byte[] b = new byte[12 + 100 + 64];
        b[0] = (byte) 0x80;
        b[1] = 96;
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        b[7] = (byte) seq; // timestamp
        put32(b, 8, ssrc);
        for (int i = 12; i < 112; i++) {
            b[i] = (byte) i;
        }
        int n = tx.protectRtp(b, 0, 112);
        assertTrue(n > 112, "protect: " + n);
        return Arrays.copyOf(b, n);
    }

    /** A protected RTCP receiver report without report blocks (RFC 3550 §6.4.2) from {@code ssrc}. */
    static byte[] srtcp(SrtpContext tx, long ssrc) {
        byte[] b = new byte[8 + 64];
        b[0] = (byte) 0x80;
        b[1] = (byte) 201;
        b[3] = 1; // length in words minus one
        put32(b, 4, ssrc);
        int n = tx.protectRtcp(b, 0, 8);
        assertTrue(n > 8, "protect: " + n);
        return Arrays.copyOf(b, n);
    }

    static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Hands {@code data} to {@code to} as if it came from {@code from} (then lets the simulation run on). */
    static void inject(PeerConnectionCoreSimTest.Pair p, SimPeer to, java.net.InetSocketAddress from, byte[] data) {
        to.handleInput(p.sim.now(), new Datagram(from, to.address, data));
    }

    /** One more message goes through the channel and comes back: the connection still works. */
    static void echoes(PeerConnectionCoreSimTest.Pair p, String what) {
        String m = "still working after " + what + " " + p.aliceReceived.size();
        p.alice.core.send(p.sim.now(), p.aliceChannel, m.getBytes(StandardCharsets.UTF_8), false);
        p.sim.runUntilOrFail(() -> p.aliceReceived.contains(m), Duration.ofSeconds(10), "the echo of '" + m + "'");
    }
}
