package io.jrtc.webrtc;

import io.jrtc.testkit.Coturn;
import io.jrtc.webrtc.transport.EventLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Two PeerConnections that may only talk through a TURN relay (coturn on 127.0.0.1, both with
 * {@code iceServers: [turn:…]} and the relay-only policy): the configuration's ICE server URL and
 * credentials reach the ICE agent, relayed candidates are gathered, paired and selected, and the data
 * channel works through the relay.
 */
class PeerConnectionTurnTest {

    @Test
    @Timeout(60)
    void aDataChannelThroughACoturnRelayOnly() throws Exception {
        try (Coturn turn = Coturn.start(0); EventLoops loops = EventLoops.create(1)) {
            String url = "turn:127.0.0.1:" + turn.address.getPort() + "?transport=udp";
            RtcConfiguration.Builder cfg = RtcConfiguration.builder().loopbackOnly().eventLoops(loops).relayOnly(true)
                    .iceServer(url, Coturn.USER, Coturn.PASSWORD).rethrowInternalErrors(true);
            try (PeerConnection alice = new PeerConnection(cfg.label("alice").build());
                 PeerConnection bob = new PeerConnection(cfg.label("bob").build())) {
                bob.onDataChannel(ch -> ch.onMessage(m -> ch.send("echo " + m.text())));
                RtcDataChannel chat = alice.createDataChannel("relayed");
                CompletableFuture<String> echo = new CompletableFuture<>();
                chat.onOpen(() -> chat.send("through the relay"));
                chat.onMessage(m -> echo.complete(m.text()));
                PeerConnectionLoopbackTest.connect(alice, bob);
                assertEquals("echo through the relay", echo.get(30, TimeUnit.SECONDS));
                String sdp = alice.localDescription().sdp();
                assertEquals(true, sdp.contains("typ relay"), sdp);
                assertEquals(false, sdp.contains("typ host"), "relay only: no host candidate offered\n" + sdp);
                RtcStatsReport stats = alice.getStats().get(5, TimeUnit.SECONDS);
                RtcStats pair = stats.get(stats.first("transport").getString("selectedCandidatePairId"));
                assertNotNull(pair, stats.toJson());
                assertEquals("relay", stats.get(pair.getString("localCandidateId")).getString("candidateType"), stats.toJson());
            }
        }
    }
}
