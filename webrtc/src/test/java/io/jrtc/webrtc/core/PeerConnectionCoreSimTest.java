package io.jrtc.webrtc.core;

import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.SimNetwork;
import io.jrtc.testkit.Simulation;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcDataChannelInit;
import io.jrtc.webrtc.RtcSessionDescription;
import io.jrtc.webrtc.SignalingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two whole peer connections (ICE, DTLS, SCTP, data channels) on the simulated network in virtual
 * time: offer/answer in process, trickled or complete, with loss, reordering and duplication.
 */
@ExtendWith(SeedReporter.class)
class PeerConnectionCoreSimTest {

    /** Alice offers a channel, Bob answers; signalling is instant (in process). */
    static final class Pair {
        final Simulation sim;
        final SimPeer alice;
        final SimPeer bob;
        CoreChannel aliceChannel;
        final List<String> bobReceived = new ArrayList<>();
        final List<String> aliceReceived = new ArrayList<>();

        Pair(long seed, LinkConditions conditions, boolean trickle) {
            this(seed, conditions, trickle, false, false);
        }

        Pair(long seed, LinkConditions conditions, boolean trickle, boolean aliceLite, boolean bobLite) {
            this(seed, conditions, trickle, io.jrtc.webrtc.RtcConfiguration.builder().iceLite(aliceLite),
                    io.jrtc.webrtc.RtcConfiguration.builder().iceLite(bobLite));
        }

        /** Alice and Bob with configurations of their own (limits, cookie exchange, …). */
        Pair(long seed, LinkConditions conditions, boolean trickle, io.jrtc.webrtc.RtcConfiguration.Builder aliceConfig,
             io.jrtc.webrtc.RtcConfiguration.Builder bobConfig) {
            this(seed, conditions, trickle, aliceConfig, bobConfig, null);
        }

        /** … and a hook that may change Alice's offer before Bob sees it (null: none). */
        Pair(long seed, LinkConditions conditions, boolean trickle, io.jrtc.webrtc.RtcConfiguration.Builder aliceConfig,
             io.jrtc.webrtc.RtcConfiguration.Builder bobConfig, java.util.function.UnaryOperator<String> offerToBob) {
            this(seed, conditions, trickle, aliceConfig, bobConfig, offerToBob, null);
        }

        /** … and a hook run on Alice's core before any offer or answer (null: none). */
        Pair(long seed, LinkConditions conditions, boolean trickle, io.jrtc.webrtc.RtcConfiguration.Builder aliceConfig,
             io.jrtc.webrtc.RtcConfiguration.Builder bobConfig, java.util.function.UnaryOperator<String> offerToBob,
             java.util.function.Consumer<PeerConnectionCore> aliceSetup) {
            sim = new Simulation(seed);
            sim.network().setDefaultConditions(conditions);
            alice = sim.add(new SimPeer("alice", SimPeer.addr("127.0.0.1", 5000), seed + 1, aliceConfig),
                    SimPeer.addr("127.0.0.1", 5000));
            bob = sim.add(new SimPeer("bob", SimPeer.addr("127.0.0.2", 6000), seed + 2, bobConfig),
                    SimPeer.addr("127.0.0.2", 6000));
            java.util.function.UnaryOperator<String> toBob = offerToBob == null ? x -> x : offerToBob;
            if (aliceSetup != null) {
                aliceSetup.accept(alice.core);
            }
            long now = sim.now();
            // bob echoes every message on the channel it came on
            bob.onEvent = e -> {
                if (e instanceof PeerEvent.ChannelMessage m) {
                    bobReceived.add(new String(m.data(), StandardCharsets.UTF_8));
                    bob.core.send(bob.now, m.channel(), m.data(), m.binary());
                }
            };
            alice.onEvent = e -> {
                if (e instanceof PeerEvent.ChannelMessage m) {
                    aliceReceived.add(new String(m.data(), StandardCharsets.UTF_8));
                }
            };
            if (trickle) {
                alice.onEvent = alice.onEvent.andThen(e -> {
                    if (e instanceof PeerEvent.IceCandidate c && bob.core.remoteDescription() != null) {
                        bob.core.addIceCandidate(alice.now, c.candidate());
                        bob.drain();
                    }
                });
                bob.onEvent = bob.onEvent.andThen(e -> {
                    if (e instanceof PeerEvent.IceCandidate c && alice.core.remoteDescription() != null) {
                        alice.core.addIceCandidate(bob.now, c.candidate());
                        alice.drain();
                    }
                });
            }
            aliceChannel = alice.core.createDataChannel(now, "chat", RtcDataChannelInit.defaults());
            String offer = alice.core.createOffer(now);
            alice.core.setLocalDescription(now, RtcSessionDescription.offer(offer));
            alice.drain();
            // complete (non-trickle) when not trickling: host candidates are gathered at once
            bob.core.setRemoteDescription(now, RtcSessionDescription.offer(toBob.apply(trickle ? offer : alice.core.localDescription().sdp())));
            bob.drain();
            String answer = bob.core.createAnswer(now);
            bob.core.setLocalDescription(now, RtcSessionDescription.answer(answer));
            bob.drain();
            alice.core.setRemoteDescription(now, trickle ? RtcSessionDescription.answer(answer) : bob.core.localDescription());
            alice.drain();
            if (trickle) {
                for (PeerEvent.IceCandidate c : alice.events(PeerEvent.IceCandidate.class)) {
                    bob.core.addIceCandidate(now, c.candidate());
                }
                for (PeerEvent.IceCandidate c : bob.events(PeerEvent.IceCandidate.class)) {
                    alice.core.addIceCandidate(now, c.candidate());
                }
                alice.drain();
                bob.drain();
            }
        }

        boolean open() {
            return aliceChannel.state() == CoreChannel.State.OPEN;
        }
    }

    @Test
    void connectsAndEchoesOnAPerfectNetwork() {
        Pair p = new Pair(Seeds.seed(1), LinkConditions.perfect().withLatency(Duration.ofMillis(10)), false);
        p.sim.runUntilOrFail(p::open, Duration.ofSeconds(10), "the channel open");
        long openAt = p.sim.now();
        // ICE (one check round trip and the nomination), DTLS (two round trips), SCTP (two), DCEP (one)
        assertTrue(openAt < Duration.ofMillis(400).toNanos(), "open after " + openAt / 1_000_000 + " ms of virtual time");
        assertEquals(PeerConnectionState.CONNECTED, p.alice.core.connectionState());
        assertEquals(PeerConnectionState.CONNECTED, p.bob.core.connectionState());
        assertEquals(SignalingState.STABLE, p.alice.core.signalingState());
        assertEquals(1, p.bob.events(PeerEvent.DataChannel.class).size(), "bob's ondatachannel");
        assertEquals("chat", p.bob.events(PeerEvent.DataChannel.class).get(0).channel().label());
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String m = "message " + i;
            sent.add(m);
            p.alice.core.send(p.sim.now(), p.aliceChannel, m.getBytes(StandardCharsets.UTF_8), false);
        }
        p.sim.runUntilOrFail(() -> p.aliceReceived.size() == 100, Duration.ofSeconds(10), "100 echoes");
        assertEquals(sent, p.bobReceived);
        assertEquals(sent, p.aliceReceived);
        PeerConnectionCore.Counters c = p.alice.core.counters();
        assertEquals(0, c.internalErrors + c.heldDropped + c.unmatchedDatagrams, c.toString());
        // stats: W3C names
        var stats = p.alice.core.getStats(p.sim.now());
        var transport = stats.first("transport");
        assertEquals("connected", transport.getString("dtlsState"));
        var pair = stats.get(transport.getString("selectedCandidatePairId"));
        assertNotNull(pair, stats.toJson());
        assertTrue(pair.getLong("requestsSent") > 0 && pair.getLong("responsesReceived") > 0
                && pair.getLong("requestsReceived") > 0, pair.toString());
        // two 10 ms hops in virtual time: the check's round trip is exactly 20 ms
        assertEquals(0.020, pair.getDouble("currentRoundTripTime"), 1e-6, pair.toString());
        assertTrue(stats.first("data-channel").getLong("messagesSent") == 100, stats.toJson());
        assertTrue(stats.ofType("certificate").size() == 2, stats.toJson());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void survivesLossReorderingAndDuplication(boolean trickle) {
        Pair p = new Pair(Seeds.seed(trickle ? 7 : 8), LinkConditions.perfect().withLatency(Duration.ofMillis(25))
                .withJitter(Duration.ofMillis(5)).withLoss(0.2).withReordering(0.1, Duration.ofMillis(20))
                .withDuplication(0.05), trickle);
        p.sim.runUntilOrFail(p::open, Duration.ofSeconds(60), "the channel open at 20 % loss");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String m = "m" + i + "x".repeat(i * 37 % 3000);
            sent.add(m);
            p.alice.core.send(p.sim.now(), p.aliceChannel, m.getBytes(StandardCharsets.UTF_8), false);
        }
        p.sim.runUntilOrFail(() -> p.aliceReceived.size() == 200, Duration.ofSeconds(120), () -> "200 echoes, got "
                + p.aliceReceived.size());
        assertEquals(sent, p.aliceReceived);
        SimNetwork.Stats stats = p.sim.network().stats();
        assertTrue(stats.lost > 10, "the network lost datagrams: " + stats);
    }

    @Test
    void closeEndsBothSidesInOrder() {
        Pair p = new Pair(Seeds.seed(3), LinkConditions.perfect().withLatency(Duration.ofMillis(10)), false);
        p.sim.runUntilOrFail(p::open, Duration.ofSeconds(10), "the channel open");
        p.alice.core.close(p.sim.now());
        p.alice.drain();
        assertEquals(PeerConnectionState.CLOSED, p.alice.core.connectionState());
        assertEquals(SignalingState.CLOSED, p.alice.core.signalingState());
        p.sim.runUntilOrFail(() -> p.bob.core.connectionState() == PeerConnectionState.CLOSED, Duration.ofSeconds(5),
                "bob sees the close_notify");
        CoreChannel bobs = p.bob.events(PeerEvent.DataChannel.class).get(0).channel();
        assertEquals(CoreChannel.State.CLOSED, bobs.state());
        // nothing escapes after the close: timers run on, no exception (rethrow is on), nothing sent through DTLS
        p.sim.runFor(Duration.ofSeconds(60));
        assertEquals(0, p.bob.core.counters().internalErrors);
        assertThrows(IllegalStateException.class, () -> p.alice.core.createOffer(p.sim.now()));
    }

    @Test
    void offersWithoutIceOrFingerprintGiveClearErrors() {
        SimPeer bob = new SimPeer("bob", SimPeer.addr("127.0.0.2", 6000), 5);
        SimPeer alice = new SimPeer("alice", SimPeer.addr("127.0.0.1", 5000), 6);
        alice.core.createDataChannel(0, "x", RtcDataChannelInit.defaults());
        String offer = alice.core.createOffer(0);
        IllegalArgumentException noUfrag = assertThrows(IllegalArgumentException.class, () -> bob.core.setRemoteDescription(0,
                RtcSessionDescription.offer(offer.replaceAll("a=ice-ufrag:[^\r\n]*\r\n", ""))));
        assertTrue(noUfrag.getMessage().contains("ice-ufrag"), noUfrag.getMessage());
        IllegalArgumentException noFp = assertThrows(IllegalArgumentException.class, () -> bob.core.setRemoteDescription(0,
                RtcSessionDescription.offer(offer.replaceAll("a=fingerprint:[^\r\n]*\r\n", ""))));
        assertTrue(noFp.getMessage().contains("fingerprint"), noFp.getMessage());
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> bob.core.setRemoteDescription(0, RtcSessionDescription.offer("hello")));
        assertTrue(garbage.getMessage().contains("not valid SDP"), garbage.getMessage());
        assertEquals(SignalingState.STABLE, bob.core.signalingState(), "a refused offer changes nothing");
        bob.core.setRemoteDescription(0, RtcSessionDescription.offer(offer));
        assertEquals(SignalingState.HAVE_REMOTE_OFFER, bob.core.signalingState());
    }

    @Test
    void garbageOnThePortIsCountedAndTheConnectionKeepsWorking() {
        Pair p = new Pair(Seeds.seed(4), LinkConditions.perfect().withLatency(Duration.ofMillis(10)), false);
        p.sim.runUntilOrFail(p::open, Duration.ofSeconds(10), "the channel open");
        var from = p.alice.address;
        java.util.SplittableRandom r = new java.util.SplittableRandom(99);
        int[] firstBytes = {4, 16, 70, 100, 200, 255, 22, 23, 128, 129, 0};
        PeerConnectionCore.Counters before = p.bob.core.counters();
        long iceMalformedBefore = p.bob.core.iceAgent().stats().malformed();
        int unmatched = 0;
        int dtls = 0;
        int srtp = 0;
        int stun = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(0, 200)];
            r.nextBytes(junk);
            if (junk.length > 0) {
                junk[0] = (byte) firstBytes[i % firstBytes.length];
            }
            if (junk.length == 0 || Demux.classify(junk[0]) == Demux.ZRTP || Demux.classify(junk[0]) == Demux.DROP
                    || Demux.classify(junk[0]) == Demux.TURN_CHANNEL) {
                unmatched++;
            } else if (Demux.classify(junk[0]) == Demux.DTLS) {
                dtls++;
            } else if (Demux.classify(junk[0]) == Demux.RTP_RTCP) {
                srtp++;
            } else {
                stun++;
            }
            p.bob.handleInput(p.sim.now(), new io.jrtc.core.Datagram(from, p.bob.address, junk));
        }
        PeerConnectionCore.Counters c = p.bob.core.counters();
        assertEquals(0, c.internalErrors, c.toString());
        // every datagram is counted once, by the layer its first byte sends it to (RFC 7983)
        assertEquals(unmatched + stun, c.unmatchedDatagrams - before.unmatchedDatagrams
                + p.bob.core.iceAgent().stats().malformed() - iceMalformedBefore, "empty, ZRTP, TURN channel, unknown, STUN-range: " + c);
        assertEquals(srtp, c.srtpAuthFailures + c.srtcpAuthFailures - before.srtpAuthFailures - before.srtcpAuthFailures,
                "RTP range: refused by SRTP: " + c);
        var dtlsStats = p.bob.core.dtlsEndpoint().stats();
        assertTrue(dtlsStats.droppedDatagrams() + dtlsStats.droppedRecords() >= dtls, "DTLS range: dropped by DTLS: " + dtlsStats);
        p.alice.core.send(p.sim.now(), p.aliceChannel, "still there?".getBytes(StandardCharsets.UTF_8), false);
        p.sim.runUntilOrFail(() -> p.aliceReceived.contains("still there?"), Duration.ofSeconds(10), "an echo after the garbage");
        assertEquals(PeerConnectionState.CONNECTED, p.bob.core.connectionState());
    }

    /** A new offer/answer on the connected pair: what the second round brings. */
    private static void renegotiate(Pair p) {
        long now = p.sim.now();
        String offer = p.alice.core.createOffer(now);
        p.alice.core.setLocalDescription(now, RtcSessionDescription.offer(offer));
        p.alice.drain();
        p.bob.core.setRemoteDescription(now, p.alice.core.localDescription());
        p.bob.drain();
        p.bob.core.setLocalDescription(now, RtcSessionDescription.answer(p.bob.core.createAnswer(now)));
        p.bob.drain();
        p.alice.core.setRemoteDescription(now, p.bob.core.localDescription());
        p.alice.drain();
    }

    @Test
    void aVideoTrackAddedAfterTheChannelIsUpFlowsAfterRenegotiation() throws Exception {
        Pair p = new Pair(Seeds.seed(11), LinkConditions.perfect().withLatency(Duration.ofMillis(15)).withLoss(0.05), false);
        p.sim.runUntilOrFail(p::open, Duration.ofSeconds(20), "the channel open");
        CoreTransceiver video = p.alice.core.addTransceiver(p.sim.now(), io.jrtc.sdp.jsep.MediaKind.VIDEO,
                io.jrtc.sdp.Direction.SENDONLY, List.of("stream"));
        p.alice.drain();
        assertEquals(2, p.alice.events(PeerEvent.NegotiationNeeded.class).size(), "negotiationneeded: the channel, then the track "
                + p.alice.events);
        assertTrue(p.alice.events.get(p.alice.events.size() - 1) instanceof PeerEvent.NegotiationNeeded);
        renegotiate(p);
        assertEquals(SignalingState.STABLE, p.alice.core.signalingState());
        List<PeerEvent.Track> tracks = p.bob.events(PeerEvent.Track.class);
        assertEquals(1, tracks.size(), "bob's ontrack");
        assertEquals(List.of("stream"), tracks.get(0).streamIds());
        assertEquals("VP8", video.sendCodec().name());
        io.jrtc.rtp.media.IvfFile ivf = io.jrtc.rtp.media.IvfFile.parse(java.nio.file.Files.readAllBytes(
                java.nio.file.Path.of("../rtp/src/test/resources/media/vp8.ivf")));
        for (int i = 0; i < 30; i++) {
            p.alice.core.sendFrame(p.sim.now(), video, ivf.frames().get(i % ivf.frames().size()).data().toByteArray(), i * 3000L);
            p.alice.drain();
            p.sim.runFor(Duration.ofMillis(33));
        }
        p.sim.runFor(Duration.ofSeconds(2));
        List<PeerEvent.Frame> frames = p.bob.events(PeerEvent.Frame.class);
        assertEquals(30, frames.size(), "every frame arrives despite 5 % loss (NACK/RTX)");
        for (int i = 0; i < 30; i++) {
            assertArrayEquals(ivf.frames().get(i % ivf.frames().size()).data().toByteArray(),
                    frames.get(i).frame().data().toByteArray(), "frame " + i);
        }
        // the data channel kept working through the renegotiation
        p.alice.core.send(p.sim.now(), p.aliceChannel, "after".getBytes(StandardCharsets.UTF_8), false);
        p.sim.runUntilOrFail(() -> p.aliceReceived.contains("after"), Duration.ofSeconds(10), "an echo after renegotiation");
        var stats = p.bob.core.getStats(p.sim.now());
        assertEquals(30, stats.first("inbound-rtp").getLong("framesDecoded"), stats.toJson());

        // alice's sender saw the estimate: an event on each significant change, the same target in her stats
        List<PeerEvent.TargetBitrateChanged> targets = p.alice.events(PeerEvent.TargetBitrateChanged.class);
        assertFalse(targets.isEmpty(), "target bitrate events");
        for (int i = 0; i < targets.size(); i++) {
            assertSame(video, targets.get(i).transceiver());
            if (i > 0) {
                long before = targets.get(i - 1).targetBps();
                assertTrue(Math.abs(targets.get(i).targetBps() - before) >= 0.05 * before, "only significant changes: " + targets);
            }
        }
        long target = p.alice.core.targetBitrate(video);
        long last = targets.get(targets.size() - 1).targetBps();
        assertTrue(target > 0 && Math.abs(target - last) < 0.05 * last, target + " now, " + last + " last reported");
        var aliceStats = p.alice.core.getStats(p.sim.now());
        assertEquals(target, aliceStats.first("outbound-rtp").getDouble("targetBitrate"), 0.0, aliceStats.toJson());
        assertEquals(-1, p.bob.core.targetBitrate(tracks.get(0).transceiver()), "bob does not send");
    }

    @Test
    void iceRestartKeepsTheChannelUp() {
        Pair p = new Pair(Seeds.seed(12), LinkConditions.perfect().withLatency(Duration.ofMillis(15)), false);
        p.sim.runUntilOrFail(p::open, Duration.ofSeconds(20), "the channel open");
        String oldUfrag = p.alice.core.localUfrag();
        String bobOldUfrag = p.bob.core.localUfrag();
        p.alice.core.restartIce();
        p.alice.drain();
        String unset = p.alice.core.createOffer(p.sim.now());
        assertFalse(unset.contains("a=ice-ufrag:" + oldUfrag), "a restart offer carries new credentials");
        assertEquals(oldUfrag, p.alice.core.localUfrag(), "they take effect when the offer is set, not before");
        renegotiate(p);
        assertFalse(oldUfrag.equals(p.alice.core.localUfrag()), "new local credentials");
        assertFalse(bobOldUfrag.equals(p.bob.core.localUfrag()), "the answerer took new credentials too");
        assertTrue(p.alice.core.localDescription().sdp().contains("a=ice-ufrag:" + p.alice.core.localUfrag()));
        p.sim.runFor(Duration.ofSeconds(2));
        assertEquals(io.jrtc.ice.IceConnectionState.COMPLETED, p.alice.core.iceConnectionState());
        p.alice.core.send(p.sim.now(), p.aliceChannel, "restarted".getBytes(StandardCharsets.UTF_8), false);
        p.sim.runUntilOrFail(() -> p.aliceReceived.contains("restarted"), Duration.ofSeconds(10), "an echo after the restart");
        assertEquals(PeerConnectionState.CONNECTED, p.bob.core.connectionState());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anIceLiteEndpointConnectsWithAFullOne(boolean offererIsLite) {
        Pair p = new Pair(Seeds.seed(13), LinkConditions.perfect().withLatency(Duration.ofMillis(15)).withLoss(0.1), false,
                offererIsLite, !offererIsLite);
        SimPeer lite = offererIsLite ? p.alice : p.bob;
        SimPeer full = offererIsLite ? p.bob : p.alice;
        assertTrue(lite.core.localDescription().sdp().contains("a=ice-lite"), lite.core.localDescription().sdp());
        p.sim.runUntilOrFail(p::open, Duration.ofSeconds(30), "the channel open with an ICE-lite " + (offererIsLite ? "offerer" : "answerer"));
        assertEquals(io.jrtc.ice.IceRole.CONTROLLING, full.core.iceAgent().role(), "the full agent controls");
        assertEquals(io.jrtc.ice.IceRole.CONTROLLED, lite.core.iceAgent().role());
        p.alice.core.send(p.sim.now(), p.aliceChannel, "lite".getBytes(StandardCharsets.UTF_8), false);
        p.sim.runUntilOrFail(() -> p.aliceReceived.contains("lite"), Duration.ofSeconds(10), "an echo");
    }

    @Test
    void aPausedReceiverClosesTheWindowAndAFullSendQueueRefusesWithoutBreakingAnything() {
        Pair p = new Pair(Seeds.seed(14), LinkConditions.perfect().withLatency(Duration.ofMillis(10)), false);
        // bob stops echoing for this test: he only counts
        List<Integer> sizes = new ArrayList<>();
        p.bob.onEvent = e -> {
            if (e instanceof PeerEvent.ChannelMessage m) {
                sizes.add(m.data().length);
            }
        };
        p.sim.runUntilOrFail(p::open, Duration.ofSeconds(10), "the channel open");
        p.bob.core.setReceivePaused(p.sim.now(), true);
        byte[] chunk = new byte[16 * 1024];
        int queued = 0;
        IllegalStateException refused = null;
        // far more than the receive window and the send buffer: the window closes, then send refuses
        for (int round = 0; round < 1500 && refused == null; round++) { // the send buffer is 16 MiB, as in Chrome
            try {
                p.alice.core.send(p.sim.now(), p.aliceChannel, chunk, true);
                queued++;
            } catch (IllegalStateException e) {
                refused = e;
            }
            if (round % 8 == 0) {
                p.sim.runFor(Duration.ofMillis(20));
            }
        }
        assertNotNull(refused, "a full send queue is refused at send()");
        assertTrue(refused.getMessage().contains("full"), refused.getMessage());
        p.sim.runFor(Duration.ofSeconds(30)); // a long closed window: probes, no abort
        assertEquals(0, sizes.size(), "nothing delivered while paused");
        assertEquals(CoreChannel.State.OPEN, p.aliceChannel.state());
        assertEquals(0, p.bob.core.sctpTransport().association().stats().receiveWindow(), "bob's window is closed");
        p.bob.core.setReceivePaused(p.sim.now(), false);
        p.bob.drain();
        int expected = queued;
        p.sim.runUntilOrFail(() -> sizes.size() == expected, Duration.ofSeconds(60), () -> "all " + expected
                + " messages after resuming, got " + sizes.size());
        assertEquals(PeerConnectionState.CONNECTED, p.alice.core.connectionState());
        assertEquals(0, p.alice.core.counters().internalErrors + p.bob.core.counters().internalErrors);
    }
}
