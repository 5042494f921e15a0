package io.jrtc.webrtc.core;

import io.jrtc.ice.CandidatePair;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcSessionDescription;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * An ICE restart in the order a browser does it (the {@code ice-restart} example): the remote (Alice)
 * restarts and offers; we (Bob) apply the offer, answer and start checking at once, but our answer
 * reaches Alice only later, so our first checks of the new generation arrive while she does not know
 * our new credentials. The channel must carry on over the old pair meanwhile, and both sides must
 * select a pair of the new generation once the answer is there.
 */
@ExtendWith(SeedReporter.class)
class IceRestartDelayedAnswerSimTest {

    /** @param delayMillis how long our answer takes to reach the restarting peer (beyond a check's timeout too) */
    @ParameterizedTest
    @ValueSource(ints = {200, 12_000})
    void theRemoteRestartsAndOurAnswerArrivesLate(int delayMillis) {
        PeerConnectionCoreSimTest.Pair p = new PeerConnectionCoreSimTest.Pair(Seeds.seed(41 + delayMillis),
                LinkConditions.perfect().withLatency(Duration.ofMillis(15)), false);
        p.sim.runUntilOrFail(p::open, Duration.ofSeconds(20), "the channel open");
        CandidatePair oldAlice = p.alice.core.iceAgent().selectedPair();
        CandidatePair oldBob = p.bob.core.iceAgent().selectedPair();
        String bobOldUfrag = p.bob.core.localUfrag();

        long now = p.sim.now();
        p.alice.core.restartIce();
        p.alice.core.setLocalDescription(now, RtcSessionDescription.offer(p.alice.core.createOffer(now)));
        p.alice.drain();
        p.bob.core.setRemoteDescription(now, p.alice.core.localDescription());
        p.bob.drain();
        p.bob.core.setLocalDescription(now, RtcSessionDescription.answer(p.bob.core.createAnswer(now)));
        p.bob.drain();
        assertFalse(bobOldUfrag.equals(p.bob.core.localUfrag()), "we answer a restart with new credentials");

        // our answer is on its way; we check already, the old pair carries the channel
        p.sim.runFor(Duration.ofMillis(delayMillis / 2));
        p.alice.core.send(p.sim.now(), p.aliceChannel, "during".getBytes(StandardCharsets.UTF_8), false);
        p.sim.runUntilOrFail(() -> p.aliceReceived.contains("during"), Duration.ofSeconds(5), "an echo before the answer");
        p.sim.runFor(Duration.ofMillis(delayMillis - delayMillis / 2));
        assertSame(oldBob, p.bob.core.iceAgent().selectedPair(), "no new pair before the peer has our answer");

        p.alice.core.setRemoteDescription(p.sim.now(), p.bob.core.localDescription());
        p.alice.drain();
        p.sim.runUntilOrFail(() -> p.alice.core.iceAgent().selectedPair() != oldAlice
                && p.bob.core.iceAgent().selectedPair() != oldBob, Duration.ofSeconds(10), "both select a pair of the new generation");
        assertNotSame(oldBob, p.bob.core.iceAgent().selectedPair());
        p.alice.core.send(p.sim.now(), p.aliceChannel, "after".getBytes(StandardCharsets.UTF_8), false);
        p.sim.runUntilOrFail(() -> p.aliceReceived.contains("after"), Duration.ofSeconds(10), "an echo after the restart");
        assertEquals(PeerConnectionState.CONNECTED, p.bob.core.connectionState());
        assertEquals(PeerConnectionState.CONNECTED, p.alice.core.connectionState());
    }
}
