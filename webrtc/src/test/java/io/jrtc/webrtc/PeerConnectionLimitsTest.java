package io.jrtc.webrtc;

import io.jrtc.webrtc.transport.EventLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits through the public API on real sockets, as an application sees them: an oversized remote
 * description and a candidate over the limit make their futures complete exceptionally with the
 * reason (as browsers reject the promise), nothing is thrown at the caller, getStats counts them, and
 * the connection goes on echoing. (Each limit in detail: {@code core/LimitsTest}.)
 */
class PeerConnectionLimitsTest {
    @Test
    @Timeout(60)
    void limitsFailTheFutureAndTheConnectionGoesOn() throws Exception {
        try (EventLoops loops = EventLoops.create(1);
             PeerConnection alice = new PeerConnection(RtcConfiguration.builder().loopbackOnly().eventLoops(loops).build());
             PeerConnection bob = new PeerConnection(RtcConfiguration.builder().loopbackOnly().eventLoops(loops)
                     .maxSdpBytes(6000).maxRemoteCandidates(1).build())) {
            bob.onDataChannel(ch -> ch.onMessage(m -> ch.send(m.text())));
            RtcDataChannel chat = alice.createDataChannel("chat");
            CountDownLatch open = new CountDownLatch(1);
            chat.onOpen(open::countDown);
            CompletableFuture<String> echo = new CompletableFuture<>();
            chat.onMessage(m -> echo.complete(m.text()));

            alice.setLocalDescription().get(5, TimeUnit.SECONDS);
            alice.gatheringComplete().get(5, TimeUnit.SECONDS);
            String offer = alice.localDescription().sdp();
            assertTrue(offer.length() < 6000, "the real offer fits");
            // too large: the future fails, the state does not move
            ExecutionException big = assertThrows(ExecutionException.class, () -> bob.setRemoteDescription(
                    RtcSessionDescription.offer(offer + "a=x-padding:" + "x".repeat(6000) + "\r\n")).get(5, TimeUnit.SECONDS));
            assertInstanceOf(IllegalArgumentException.class, big.getCause());
            assertTrue(big.getCause().getMessage().contains("more than maxSdpBytes (6000)"), big.getCause().getMessage());
            assertEquals(SignalingState.STABLE, bob.signalingState());

            bob.setRemoteDescription(alice.localDescription()).get(5, TimeUnit.SECONDS);
            bob.setLocalDescription(bob.createAnswer().get(5, TimeUnit.SECONDS)).get(5, TimeUnit.SECONDS);
            bob.gatheringComplete().get(5, TimeUnit.SECONDS);
            alice.setRemoteDescription(bob.localDescription()).get(5, TimeUnit.SECONDS);
            assertTrue(open.await(15, TimeUnit.SECONDS), "the channel opens; bob " + bob.connectionState());

            // alice's candidate from the offer used the one place: a trickled one more is refused
            String mid = bob.remoteDescription().sdp().lines().filter(l -> l.startsWith("a=mid:")).findFirst().orElseThrow().substring(6);
            ExecutionException many = assertThrows(ExecutionException.class, () -> bob.addIceCandidate(new RtcIceCandidate(
                    "candidate:7 1 udp 2122260223 127.0.0.1 9 typ host", mid, 0)).get(5, TimeUnit.SECONDS));
            assertTrue(many.getCause().getMessage().contains("maxRemoteCandidates is 1"), many.getCause().getMessage());

            RtcStats t = bob.getStats().get(5, TimeUnit.SECONDS).first("transport");
            assertEquals(1, t.getLong("jrtcSdpOverLimit"));
            assertEquals(1, t.getLong("jrtcRemoteCandidatesOverLimit"));
            chat.send("still here");
            assertEquals("still here", echo.get(10, TimeUnit.SECONDS));
            assertEquals(PeerConnectionState.CONNECTED, bob.connectionState());
        }
    }
}
