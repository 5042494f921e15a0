package io.jrtc.webrtc;

import io.jrtc.rtp.media.IvfFile;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.webrtc.transport.EventLoops;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java to Java over real loopback sockets, through the public API only: full ICE on both sides, DTLS,
 * SCTP data channels and SRTP media, non-trickle and trickle signalling.
 */
class PeerConnectionLoopbackTest {
    static EventLoops loops;

    @BeforeAll
    static void start() {
        loops = EventLoops.create(2);
    }

    @AfterAll
    static void stop() {
        loops.close();
    }

    static RtcConfiguration config(String label) {
        return RtcConfiguration.builder().loopbackOnly().eventLoops(loops).label(label).rethrowInternalErrors(true).build();
    }

    /** Offer/answer between two connections, complete descriptions (non-trickle). */
    static void connect(PeerConnection offerer, PeerConnection answerer) throws Exception {
        offerer.setLocalDescription().get(5, TimeUnit.SECONDS);
        offerer.gatheringComplete().get(5, TimeUnit.SECONDS);
        answerer.setRemoteDescription(offerer.localDescription()).get(5, TimeUnit.SECONDS);
        RtcSessionDescription answer = answerer.createAnswer().get(5, TimeUnit.SECONDS);
        answerer.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
        answerer.gatheringComplete().get(5, TimeUnit.SECONDS);
        offerer.setRemoteDescription(answerer.localDescription()).get(5, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(30)
    void dataChannelEchoesAThousandMessagesInOrder() throws Exception {
        try (PeerConnection alice = new PeerConnection(config("alice"));
             PeerConnection bob = new PeerConnection(config("bob"))) {
            bob.onDataChannel(ch -> ch.onMessage(m -> {
                if (m.binary()) {
                    ch.send(m.data());
                } else {
                    ch.send(m.text());
                }
            }));
            RtcDataChannel chat = alice.createDataChannel("chat");
            assertEquals(RtcDataChannel.ReadyState.CONNECTING, chat.readyState());
            assertThrows(IllegalStateException.class, () -> chat.send("too early"));
            CountDownLatch open = new CountDownLatch(1);
            chat.onOpen(open::countDown);
            List<RtcDataChannel.Message> echoes = new CopyOnWriteArrayList<>();
            CountDownLatch all = new CountDownLatch(1000);
            chat.onMessage(m -> {
                echoes.add(m);
                all.countDown();
            });
            long t0 = System.nanoTime();
            connect(alice, bob);
            assertTrue(open.await(10, TimeUnit.SECONDS), "the channel opens; alice " + alice.connectionState());
            System.out.println("channel open " + (System.nanoTime() - t0) / 1_000_000 + " ms after the offer");
            assertEquals(PeerConnectionState.CONNECTED, alice.connectionState());
            List<byte[]> sent = new ArrayList<>();
            java.util.SplittableRandom r = new java.util.SplittableRandom(1);
            for (int i = 0; i < 1000; i++) {
                int size = i % 10 == 0 ? 65536 : 1 + r.nextInt(2000);
                byte[] b = new byte[size];
                r.nextBytes(b);
                if (i % 2 == 0) {
                    String text = "text " + i + " " + "é".repeat(size / 4);
                    b = text.getBytes(StandardCharsets.UTF_8);
                    chat.send(text);
                } else {
                    chat.send(b);
                }
                sent.add(b);
            }
            assertTrue(all.await(20, TimeUnit.SECONDS), "1000 echoes, got " + echoes.size());
            for (int i = 0; i < 1000; i++) {
                assertEquals(i % 2 == 1, echoes.get(i).binary(), "message " + i + " keeps its type");
                assertArrayEquals(sent.get(i), echoes.get(i).data(), "message " + i);
            }
            RtcStatsReport stats = alice.getStats().get(5, TimeUnit.SECONDS);
            RtcStats dc = stats.first("data-channel");
            assertEquals(1000, dc.getLong("messagesSent"));
            assertEquals(1000, dc.getLong("messagesReceived"));
            RtcStats pair = stats.get(stats.first("transport").getString("selectedCandidatePairId"));
            assertNotNull(pair, stats.toJson());
            assertTrue(pair.getLong("bytesSent") > 1000 * 1000, stats.toJson());
            assertNull(alice.firstEngineError());
            assertNull(bob.firstEngineError());
        }
    }

    /** What a signalling channel does with trickled candidates: holds them until the remote description is set. */
    static final class Trickle {
        final PeerConnection to;
        final List<RtcIceCandidate> held = new ArrayList<>();
        final AtomicInteger sent = new AtomicInteger();
        boolean ready;

        Trickle(PeerConnection to) {
            this.to = to;
        }

        synchronized void candidate(RtcIceCandidate c) {
            if (c == null) {
                return;
            }
            if (ready) {
                to.addIceCandidate(c);
                sent.incrementAndGet();
            } else {
                held.add(c);
            }
        }

        synchronized void remoteDescriptionSet() {
            ready = true;
            for (RtcIceCandidate c : held) {
                to.addIceCandidate(c);
                sent.incrementAndGet();
            }
            held.clear();
        }
    }

    @Test
    @Timeout(30)
    void trickleIceAndVideoBothWays() throws Exception {
        IvfFile ivf = IvfFile.parse(Files.readAllBytes(Path.of("../rtp/src/test/resources/media/vp8.ivf")));
        try (PeerConnection alice = new PeerConnection(config("alice"));
             PeerConnection bob = new PeerConnection(config("bob"))) {
            // trickle: candidates go across as they come (held until the other side has a remote description)
            Trickle toBob = new Trickle(bob);
            Trickle toAlice = new Trickle(alice);
            alice.onIceCandidate(toBob::candidate);
            bob.onIceCandidate(toAlice::candidate);
            AtomicInteger bobFrames = new AtomicInteger();
            AtomicInteger aliceFrames = new AtomicInteger();
            CompletableFuture<RtcTrackEvent> bobTrack = new CompletableFuture<>();
            bob.onTrack(t -> {
                bobTrack.complete(t);
                t.receiver().onFrame(f -> bobFrames.incrementAndGet());
                t.transceiver().setDirection(io.jrtc.sdp.Direction.SENDRECV);
            });
            RtcRtpTransceiver video = alice.addTransceiver(MediaKind.VIDEO);
            video.receiver().onFrame(f -> aliceFrames.incrementAndGet());
            List<Long> targets = new CopyOnWriteArrayList<>();
            video.sender().onTargetBitrateChange(targets::add);
            assertEquals(-1, video.sender().targetBitrate(), "nothing sent yet");
            RtcSessionDescription offer = alice.createOffer().get(5, TimeUnit.SECONDS);
            alice.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
            bob.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            toBob.remoteDescriptionSet();
            RtcTrackEvent track = bobTrack.get(1, TimeUnit.SECONDS);
            RtcSessionDescription answer = bob.createAnswer().get(5, TimeUnit.SECONDS);
            assertTrue(answer.sdp().contains("a=sendrecv"), answer.sdp());
            bob.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
            alice.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
            toAlice.remoteDescriptionSet();
            assertTrue(toBob.sent.get() > 0 && toAlice.sent.get() > 0, "candidates were trickled");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (alice.connectionState() != PeerConnectionState.CONNECTED || bob.connectionState() != PeerConnectionState.CONNECTED) {
                assertTrue(System.nanoTime() < deadline, "connected: " + alice.connectionState() + " / " + bob.connectionState());
                Thread.sleep(5);
            }
            assertEquals("VP8", video.sender().codec().name());
            for (int i = 0; i < 60; i++) {
                byte[] frame = ivf.frames().get(i % ivf.frames().size()).data().toByteArray();
                video.sender().sendFrame(frame, i * 3000L);
                track.transceiver().sender().sendFrame(frame, i * 3000L);
                Thread.sleep(10);
            }
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (bobFrames.get() < 55 || aliceFrames.get() < 55) {
                assertTrue(System.nanoTime() < deadline, "frames: bob " + bobFrames + ", alice " + aliceFrames);
                Thread.sleep(5);
            }
            RtcStatsReport stats = bob.getStats().get(5, TimeUnit.SECONDS);
            assertTrue(!stats.ofType("inbound-rtp").isEmpty(), stats.toJson());
            assertTrue(stats.first("inbound-rtp").getLong("packetsReceived") > 55, stats.toJson());
            assertTrue(!stats.ofType("outbound-rtp").isEmpty(), stats.toJson());
            assertTrue(!stats.ofType("codec").isEmpty(), stats.toJson());
            // the bandwidth estimate reached alice's sender: its callback, its getter and its stats
            assertFalse(targets.isEmpty(), "onTargetBitrateChange was called");
            long target = video.sender().targetBitrate();
            assertTrue(target > 0, "target " + target);
            RtcStatsReport aliceStats = alice.getStats().get(5, TimeUnit.SECONDS);
            assertTrue(aliceStats.first("outbound-rtp").getDouble("targetBitrate") > 0, aliceStats.toJson());
            assertNull(alice.firstEngineError());
            assertNull(bob.firstEngineError());
            System.out.println(Arrays.toString(new int[] {bobFrames.get(), aliceFrames.get()}));
        }
    }
}
