package io.jrtc.webrtc.core;

import io.jrtc.srtp.SrtpContext;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannelInit;
import io.jrtc.webrtc.RtcIceCandidate;
import io.jrtc.webrtc.RtcSessionDescription;
import io.jrtc.webrtc.SignalingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every per-connection limit of {@link RtcConfiguration} (SDP size, remote candidates, data channels,
 * remote SSRCs), each reached on purpose on the simulated network: what is over the limit is refused
 * the documented way and counted (in the core's counters and getStats' transport entry), and the
 * connection goes on echoing. (The mux port's limit of concurrent DTLS handshakes is in
 * {@code transport/MuxDtlsHandshakeLimitTest}.)
 */
@ExtendWith(SeedReporter.class)
class LimitsTest {
    static final LinkConditions NET = LinkConditions.perfect().withLatency(Duration.ofMillis(10));

    static PeerConnectionCoreSimTest.Pair connected(RtcConfiguration.Builder bob, boolean trickle) {
        PeerConnectionCoreSimTest.Pair p = new PeerConnectionCoreSimTest.Pair(Seeds.seed(17), NET, trickle,
                RtcConfiguration.builder(), bob);
        p.sim.runUntilOrFail(p::open, Duration.ofSeconds(10), "the channel open");
        return p;
    }

    static long transportStat(SimPeer peer, String name, long now) {
        Object v = peer.core.getStats(now).first("transport").get(name);
        if (v == null && name.equals("jrtcRtpUnknownSsrc")) {
            return 0; // only there once the media plane exists
        }
        return ((Number) v).longValue();
    }

    @Test
    void defaultsAreDocumentedValues() {
        RtcConfiguration c = RtcConfiguration.defaults();
        assertEquals(64, c.maxRemoteCandidates());
        assertEquals(64, c.maxRemoteSsrcs());
        assertEquals(1024, c.maxDataChannels());
        assertEquals(256 * 1024, c.maxSdpBytes());
        assertThrows(IllegalArgumentException.class, () -> RtcConfiguration.builder().maxSdpBytes(0));
        assertThrows(IllegalArgumentException.class, () -> RtcConfiguration.builder().maxRemoteSsrcs(-1));
    }

    /** A description over maxSdpBytes is refused before it is parsed; the state is untouched and the right one still works. */
    @Test
    void anOversizedRemoteDescriptionIsRefusedAndTheNextOneWorks() {
        Duration t = Duration.ofSeconds(10);
        PeerConnectionCoreSimTest.Pair p = new PeerConnectionCoreSimTest.Pair(Seeds.seed(18), NET, false,
                RtcConfiguration.builder(), RtcConfiguration.builder().maxSdpBytes(4000), offer -> offer);
        p.sim.runUntilOrFail(p::open, t, "the channel open with a normal offer");
        assertTrue(p.alice.core.localDescription().sdp().length() < 4000, "the real offer fits the limit");
        String padded = p.alice.core.localDescription().sdp() + "a=x-padding:" + "p".repeat(4000) + "\r\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.bob.core.setRemoteDescription(p.sim.now(), RtcSessionDescription.offer(padded)));
        assertTrue(e.getMessage().contains("more than maxSdpBytes (4000)"), e.getMessage());
        assertEquals(SignalingState.STABLE, p.bob.core.signalingState(), "nothing was applied");
        assertEquals(1, p.bob.core.counters().sdpOverLimit);
        assertEquals(1, transportStat(p.bob, "jrtcSdpOverLimit", p.sim.now()));
        // multi-byte characters count as their UTF-8 bytes: fewer than 4000 chars, more than 4000 bytes
        String accented = p.alice.core.localDescription().sdp() + "a=x-padding:" + "é".repeat(2000) + "\r\n";
        assertTrue(accented.length() < 4000, "fewer chars than the limit: " + accented.length());
        assertThrows(IllegalArgumentException.class,
                () -> p.bob.core.setRemoteDescription(p.sim.now(), RtcSessionDescription.offer(accented)));
        assertEquals(2, p.bob.core.counters().sdpOverLimit);
        Attack.echoes(p, "two oversized descriptions");
    }

    /** addIceCandidate beyond maxRemoteCandidates fails with the reason; candidates in a description are skipped. */
    @Test
    void candidatesBeyondTheLimitAreRefusedAndCounted() {
        PeerConnectionCoreSimTest.Pair p = connected(RtcConfiguration.builder().maxRemoteCandidates(3), true);
        // alice trickled one host candidate: 1 of 3 used
        assertEquals(1, p.alice.events(PeerEvent.IceCandidate.class).stream().filter(c -> c.candidate() != null
                && !c.candidate().isEndOfCandidates()).count());
        String mid = p.alice.events(PeerEvent.IceCandidate.class).get(0).candidate().sdpMid();
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            extra.add("candidate:" + (9 + i) + " 1 udp 2122260223 127.0.0." + (20 + i) + " " + (7000 + i) + " typ host");
        }
        p.bob.core.addIceCandidate(p.sim.now(), new RtcIceCandidate(extra.get(0), mid, 0));
        p.bob.core.addIceCandidate(p.sim.now(), new RtcIceCandidate(extra.get(1), mid, 0));
        for (int i = 2; i < 4; i++) {
            String c = extra.get(i);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.bob.core.addIceCandidate(p.sim.now(), new RtcIceCandidate(c, mid, 0)));
            assertTrue(e.getMessage().contains("too many remote candidates: maxRemoteCandidates is 3"), e.getMessage());
        }
        assertEquals(2, p.bob.core.counters().remoteCandidatesOverLimit);
        assertEquals(2, transportStat(p.bob, "jrtcRemoteCandidatesOverLimit", p.sim.now()));
        Attack.echoes(p, "two refused candidates");
    }

    @Test
    void candidatesInsideADescriptionBeyondTheLimitAreSkippedNotFatal() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            lines.append("a=candidate:").append(20 + i).append(" 1 udp 100 127.0.0.").append(30 + i).append(' ')
                    .append(7100 + i).append(" typ host\r\n");
        }
        // the extra candidates go after alice's own in the first section (they pair, fail their checks, harmless)
        PeerConnectionCoreSimTest.Pair p = new PeerConnectionCoreSimTest.Pair(Seeds.seed(19), NET, false,
                RtcConfiguration.builder(), RtcConfiguration.builder().maxRemoteCandidates(2),
                offer -> offer.replaceFirst("(a=candidate:[^\r\n]*\r\n)", "$1" + lines.toString().replace("$", "\\$")));
        p.sim.runUntilOrFail(p::open, Duration.ofSeconds(10), "the channel open");
        assertEquals(4, p.bob.core.counters().remoteCandidatesOverLimit, "alice's own and one extra used, four skipped");
        Attack.echoes(p, "an offer with too many candidates");
    }

    /** The peer's channels beyond maxDataChannels are reset (RFC 8831 §6.7), never reported; ours throw. */
    @Test
    void channelsBeyondTheLimitAreRefusedByResettingTheirStream() {
        PeerConnectionCoreSimTest.Pair p = connected(RtcConfiguration.builder().maxDataChannels(3), false);
        List<CoreChannel> more = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            more.add(p.alice.core.createDataChannel(p.sim.now(), "extra-" + i, RtcDataChannelInit.defaults()));
        }
        p.sim.runUntilOrFail(() -> more.stream().allMatch(c -> c.state() != CoreChannel.State.CONNECTING),
                Duration.ofSeconds(10), "every extra channel open or refused");
        p.sim.runFor(Duration.ofSeconds(1));
        assertEquals(3, p.bob.events(PeerEvent.DataChannel.class).size(), "bob's ondatachannel: chat, extra-0, extra-1");
        assertEquals(2, p.bob.core.counters().dataChannelsOverLimit);
        assertEquals(2, transportStat(p.bob, "jrtcDataChannelsOverLimit", p.sim.now()));
        assertEquals(List.of(CoreChannel.State.OPEN, CoreChannel.State.OPEN, CoreChannel.State.CLOSED, CoreChannel.State.CLOSED),
                more.stream().map(CoreChannel::state).toList(), "alice sees the refused ones closed");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> p.bob.core.createDataChannel(p.sim.now(), "one too many", RtcDataChannelInit.defaults()));
        assertTrue(e.getMessage().contains("maxDataChannels is 3"), e.getMessage());
        assertEquals(3, p.bob.core.counters().dataChannelsOverLimit);
        // closing one frees a place
        p.alice.core.closeChannel(p.sim.now(), more.get(0));
        p.sim.runUntilOrFail(() -> more.get(0).state() == CoreChannel.State.CLOSED
                && p.bob.core.channels().stream().filter(c -> c.state() != CoreChannel.State.CLOSED).count() == 2,
                Duration.ofSeconds(10), "extra-0 closed on both sides");
        CoreChannel again = p.alice.core.createDataChannel(p.sim.now(), "again", RtcDataChannelInit.defaults());
        p.sim.runUntilOrFail(() -> again.state() == CoreChannel.State.OPEN, Duration.ofSeconds(10), "a channel in the freed place");
        assertEquals(3, p.bob.core.counters().dataChannelsOverLimit);
        Attack.echoes(p, "refused channels");
    }

    /**
     * Authentic SRTP from one SSRC more than maxRemoteSsrcs is dropped before SRTP keeps state for it and
     * before the media session; forged packets from new SSRCs take no place.
     */
    @Test
    void ssrcsBeyondTheLimitAreDroppedBeforeTheMediaSession() {
        PeerConnectionCoreSimTest.Pair p = connected(RtcConfiguration.builder().maxRemoteSsrcs(3), false);
        SrtpContext forger = Attack.srtpSenderLike(p.alice);
        long now = p.sim.now();
        // 10 forged packets (a flipped tag byte) from 10 new SSRCs: refused by SRTP, no place taken
        for (int i = 0; i < 10; i++) {
            byte[] b = Attack.srtp(forger, 1000 + i, 1);
            b[b.length - 1] ^= 1;
            Attack.inject(p, p.bob, p.alice.address, b);
        }
        PeerConnectionCore.Counters c = p.bob.core.counters();
        assertEquals(10, c.srtpAuthFailures);
        assertEquals(0, c.remoteSsrcsOverLimit);
        long unmatched = c.unmatchedDatagrams;
        long unknown = transportStat(p.bob, "jrtcRtpUnknownSsrc", now);
        // authentic packets from SSRCs 1, 2, 3 fill the places; 4 and 5 are over the limit, twice each
        for (int round = 0; round < 2; round++) {
            for (long ssrc = 1; ssrc <= 5; ssrc++) {
                Attack.inject(p, p.bob, p.alice.address, Attack.srtp(forger, ssrc, 10 + round));
            }
        }
        c = p.bob.core.counters();
        assertEquals(4, c.remoteSsrcsOverLimit);
        assertEquals(4, transportStat(p.bob, "jrtcRemoteSsrcsOverLimit", p.sim.now()));
        assertEquals(10, c.srtpAuthFailures, "the over-limit packets never reached SRTP");
        // the six accepted packets went on (no section negotiated: the media plane counts them as unknown SSRCs)
        long passedOn = (c.unmatchedDatagrams - unmatched) + (transportStat(p.bob, "jrtcRtpUnknownSsrc", p.sim.now()) - unknown);
        assertEquals(6, passedOn, "only the packets within the limit reached the media session");
        // RTCP from a fourth SSRC counts against the same places
        Attack.inject(p, p.bob, p.alice.address, Attack.srtcp(forger, 77));
        assertEquals(5, p.bob.core.counters().remoteSsrcsOverLimit);
        Attack.inject(p, p.bob, p.alice.address, Attack.srtcp(forger, 2));
        assertEquals(5, p.bob.core.counters().remoteSsrcsOverLimit, "a known SSRC's RTCP is accepted");
        assertEquals(0, p.bob.core.counters().srtcpAuthFailures);
        Attack.echoes(p, "SSRCs over the limit");
    }
}
