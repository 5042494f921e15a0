package io.jrtc.ice;

import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static io.jrtc.ice.IceScenarioSimTest.A;
import static io.jrtc.ice.IceScenarioSimTest.B;
import static io.jrtc.ice.IceScenarioSimTest.pair;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consent freshness the way browsers do it (RFC 7675 §5.1): an unanswered consent check is
 * retransmitted within the interval, so a lossy path keeps its consent, while a silent peer still
 * loses it 30 s after its last answer.
 */
@ExtendWith(SeedReporter.class)
class ConsentFreshnessTest {

    @Test
    void thirtyPercentLossNeverCostsConsentOverFiveMinutes() {
        for (int run = 0; run < 2; run++) {
            // Given two agents that connected over a clean path
            Simulation sim = new Simulation(Seeds.seed(700 + run));
            sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(40)));
            IceHarness h = pair(sim, IceConfig.builder().controlling(true).seed(71 + run),
                    IceConfig.builder().controlling(false).seed(72 + run));
            h.runUntil(() -> h.a.connectionState() == IceConnectionState.COMPLETED
                    && h.b.connectionState() == IceConnectionState.COMPLETED, Duration.ofSeconds(5), "completed");
            int statesBefore = h.statesA.size();

            // When the selected pair loses 30 % of the datagrams, both ways, for five minutes
            sim.network().setConditionsBothWays(A.getAddress(), B.getAddress(),
                    LinkConditions.perfect().withLatency(Duration.ofMillis(40)).withLoss(0.3));
            h.runFor(Duration.ofMinutes(5));

            // Then neither side lost consent, nor even reported disconnected
            assertFalse(h.statesA.subList(statesBefore, h.statesA.size()).contains(IceConnectionState.FAILED), "A: " + h.statesA);
            assertFalse(h.statesB.contains(IceConnectionState.FAILED), "B: " + h.statesB);
            assertFalse(h.statesA.contains(IceConnectionState.DISCONNECTED), "A: " + h.statesA);
            assertFalse(h.statesB.contains(IceConnectionState.DISCONNECTED), "B: " + h.statesB);
            assertTrue(IceHarness.connected(h.a) && IceHarness.connected(h.b));
            assertTrue(h.a.send(sim.now(), new byte[] {1}), "A may still send");
            // and the checks stayed near the randomised ~5 s interval: ~60 in five minutes, not hundreds
            long checks = h.a.stats().consentChecksSent();
            assertTrue(checks >= 45 && checks <= 80, "consent checks in 5 min: " + checks);
        }
    }

    @Test
    void silentPeerStillFailsAtThirtySecondsWithRetransmissionsAboutEverySecond() {
        // Given two agents connected over a clean path
        Simulation sim = new Simulation(Seeds.seed(710));
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(10)));
        IceHarness h = pair(sim, IceConfig.builder().controlling(true).seed(711), IceConfig.builder().controlling(false).seed(712));
        h.runUntil(h::bothConnected, Duration.ofSeconds(5), "connected");
        h.runFor(Duration.ofSeconds(11));

        // When B goes silent (nothing it sends reaches A)
        long silentFrom = sim.now();
        long sentBefore = sim.network().stats().sent;
        sim.network().setConditions(B.getAddress(), A.getAddress(), LinkConditions.perfect().withLoss(1.0));
        h.runUntil(() -> h.a.connectionState() == IceConnectionState.FAILED, Duration.ofSeconds(40), "A fails");

        // Then A reports disconnected first and fails 30 s after the last answer (0-6 s before the silence)
        long failedAfter = sim.now() - silentFrom;
        assertTrue(failedAfter >= Duration.ofSeconds(24).toNanos() && failedAfter <= Duration.ofSeconds(31).toNanos(),
                "consent lost: " + Duration.ofNanos(failedAfter));
        assertTrue(h.statesA.contains(IceConnectionState.DISCONNECTED), "disconnected before failed: " + h.statesA);
        assertFalse(h.a.send(sim.now(), new byte[] {1}));
        // and while it waited, A kept asking about once a second (plus B's own answers and checks):
        // between 24 and ~80 datagrams from A, not the 5-6 of one check per interval
        long sent = sim.network().stats().sent - sentBefore;
        assertTrue(sent >= 24 + 5 && sent <= 200, "datagrams while silent: " + sent);
    }
}
