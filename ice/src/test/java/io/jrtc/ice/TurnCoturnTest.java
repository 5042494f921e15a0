package io.jrtc.ice;

import io.jrtc.core.Datagram;
import io.jrtc.testkit.Coturn;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TURN client and a relayed ICE connection against coturn on 127.0.0.1. */
class TurnCoturnTest {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long dataEvents(List<Object> events, String text) {
        return events.stream().filter(e -> e instanceof TurnClient.Event.Data d && text(d.data()).equals(text)).count();
    }

    @Test
    void allocationPermissionChannelAndDataBothWays() throws Exception {
        try (Coturn turn = Coturn.start(0); LoopbackRunner net = new LoopbackRunner()) {
            InetSocketAddress local = net.bind();
            InetSocketAddress peer = net.bind();
            TurnClient c = TurnClient.builder(local, turn.address).credentials(Coturn.USER, Coturn.PASSWORD).random(new SplittableRandom(1)).build();
            List<Object> events = net.add(c, (now, d) -> {
                if (d.source().equals(turn.address)) {
                    c.handleInput(now, d.data());
                }
            }, local);
            c.allocate(LoopbackRunner.now());
            assertTrue(net.runUntil(c::isAllocated, Duration.ofSeconds(5)), "allocated: " + events + "\n" + turn.log());
            assertEquals(1, c.stats().unauthorized(), "the first Allocate is answered 401 with realm and nonce");
            InetSocketAddress relayed = c.relayedAddress();
            assertEquals("127.0.0.1", relayed.getAddress().getHostAddress());
            assertEquals(local, c.mappedAddress());
            assertTrue(c.lifetimeSeconds() > 0);

            // 1. client -> peer: CreatePermission first, then a Send indication
            c.send(LoopbackRunner.now(), peer, bytes("hello through a Send indication"));
            Datagram got = net.receiveRaw(peer, Duration.ofSeconds(3));
            assertNotNull(got, "the peer got the datagram");
            assertEquals("hello through a Send indication", text(got.data()));
            assertEquals(relayed, got.source(), "it comes from the relayed address");
            assertTrue(c.hasPermission(peer.getAddress()));
            assertTrue(c.stats().sendIndicationsSent() >= 1);

            // 2. peer -> client through the relay
            net.sendRaw(peer, relayed, bytes("echo 1"));
            assertTrue(net.runUntil(() -> dataEvents(events, "echo 1") == 1, Duration.ofSeconds(3)), "data back: " + events);

            // 3. a channel was bound automatically; then ChannelData both ways
            assertTrue(net.runUntil(() -> c.channelFor(peer) >= 0x4000, Duration.ofSeconds(3)), "channel bound: " + events);
            c.send(LoopbackRunner.now(), peer, bytes("via channel"));
            assertEquals(1, c.stats().channelDataSent());
            got = net.receiveRaw(peer, Duration.ofSeconds(3));
            assertNotNull(got);
            assertEquals("via channel", text(got.data()));
            net.sendRaw(peer, relayed, bytes("echo 2"));
            assertTrue(net.runUntil(() -> dataEvents(events, "echo 2") == 1, Duration.ofSeconds(3)), "ChannelData back: " + events);

            // 4. time passes (the client's clock jumps; coturn's does not need to): the permission is
            //    renewed before its 5 minutes are up, the channel before its 10, the allocation a
            //    minute before its lifetime ends
            long permissionsBefore = events.stream().filter(e -> e instanceof TurnClient.Event.PermissionCreated).count();
            long channelsBefore = events.stream().filter(e -> e instanceof TurnClient.Event.ChannelBound).count();
            for (int minute = 0; minute < 10; minute++) {
                net.advance(Duration.ofSeconds(60));
                net.runUntil(() -> false, Duration.ofMillis(60));
            }
            long permissions = events.stream().filter(e -> e instanceof TurnClient.Event.PermissionCreated).count() - permissionsBefore;
            long channels = events.stream().filter(e -> e instanceof TurnClient.Event.ChannelBound).count() - channelsBefore;
            assertTrue(permissions >= 2, "permission refreshed every 4 minutes: " + permissions + " " + events);
            assertTrue(channels >= 1, "channel refreshed after 9 minutes: " + events);
            assertEquals(1, c.stats().refreshes(), "allocation refreshed once in 10 minutes (lifetime 600 s): " + events);
            net.sendRaw(peer, relayed, bytes("echo 3"));
            assertTrue(net.runUntil(() -> dataEvents(events, "echo 3") == 1, Duration.ofSeconds(3)), "still relaying: " + events);

            // 5. refresh on demand
            c.refresh(LoopbackRunner.now());
            assertTrue(net.runUntil(() -> c.stats().refreshes() == 2, Duration.ofSeconds(3)), "refreshed: " + events);
            assertTrue(events.stream().anyMatch(e -> e instanceof TurnClient.Event.Refreshed r && r.lifetimeSeconds() > 0));

            // 6. deallocation: after close the relayed address no longer forwards
            c.close(LoopbackRunner.now());
            net.step(Duration.ofMillis(50));
            net.sendRaw(peer, relayed, bytes("after close"));
            net.runUntil(() -> false, Duration.ofMillis(300));
            assertEquals(0, dataEvents(events, "after close"), "nothing is relayed after deallocation");
        }
    }

    @Test
    void refreshBeforeExpiryAndStaleNonce() throws Exception {
        try (Coturn turn = Coturn.start(2); LoopbackRunner net = new LoopbackRunner()) {
            InetSocketAddress local = net.bind();
            TurnClient c = TurnClient.builder(local, turn.address).credentials(Coturn.USER, Coturn.PASSWORD).random(new SplittableRandom(2)).build();
            List<Object> events = net.add(c, (now, d) -> c.handleInput(now, d.data()), local);
            c.allocate(LoopbackRunner.now());
            assertTrue(net.runUntil(c::isAllocated, Duration.ofSeconds(5)), "allocated: " + events);
            long allocatedAt = LoopbackRunner.now();
            int lifetime = c.lifetimeSeconds();
            // the refresh timer is armed a minute before the allocation would expire
            long due = c.pollTimeout();
            long lead = allocatedAt + lifetime * 1_000_000_000L - due;
            assertTrue(lead >= 55_000_000_000L && lead <= 65_000_000_000L, "refresh due " + lead / 1e9 + " s before expiry");
            // let the nonce go stale (coturn: --stale-nonce=2), then jump the client's clock to the
            // refresh time (sans-IO: time is only a number): its own timer sends the Refresh, which
            // meets 438 Stale Nonce and is sent again with the new nonce
            net.runUntil(() -> false, Duration.ofMillis(3500));
            c.handleTimeout(due);
            assertTrue(net.runUntil(() -> c.stats().refreshes() == 1, Duration.ofSeconds(5)), "refreshed: " + events + "\n" + turn.log());
            assertTrue(c.stats().staleNonces() >= 1, "a 438 Stale Nonce was answered with the new nonce: " + events);
            assertTrue(c.isAllocated());
            c.close(LoopbackRunner.now());
            net.step(Duration.ofMillis(20));
        }
    }

    @Test
    void relayedCandidatesTakePartInIce() throws Exception {
        try (Coturn turn = Coturn.start(0); LoopbackRunner net = new LoopbackRunner()) {
            InetSocketAddress aLocal = net.bind();
            InetSocketAddress bLocal = net.bind();
            IceAgent a = new IceAgent(IceConfig.builder().controlling(true).seed(31).localAddress(aLocal).loopbackOnly()
                    .turnServer(turn.address, Coturn.USER, Coturn.PASSWORD).stunServer(turn.address).relayOnly(true).build());
            IceAgent b = new IceAgent(IceConfig.builder().controlling(false).seed(32).localAddress(bLocal).loopbackOnly().build());
            List<Object> aEvents = net.add(a, a::handleInput, aLocal);
            List<Object> bEvents = net.add(b, b::handleInput, bLocal);
            long now = LoopbackRunner.now();
            a.setRemoteCredentials(now, b.localUfrag(), b.localPassword());
            b.setRemoteCredentials(now, a.localUfrag(), a.localPassword());
            a.startGathering(now);
            b.startGathering(now);
            int[] seen = new int[2];
            assertTrue(net.runUntil(() -> {
                seen[0] = signal(aEvents, seen[0], b);
                seen[1] = signal(bEvents, seen[1], a);
                return IceHarness.connected(a) && IceHarness.connected(b) && a.gatheringState() == IceGatheringState.COMPLETE;
            }, Duration.ofSeconds(10)), "connected through the relay: a=" + a.connectionState() + " b=" + b.connectionState()
                    + " " + a.checklist() + " " + b.checklist());
            assertEquals(CandidateType.RELAYED, a.selectedPair().local().type());
            // coturn is the STUN server too: its Binding answer reached the agent, not the TURN client,
            // and on loopback the server-reflexive address is the host address: pruned as redundant
            assertEquals(0, a.turnClients().get(0).stats().malformed());
            assertEquals(List.of(CandidateType.HOST, CandidateType.RELAYED), a.localCandidates().stream().map(Candidate::type).toList());
            assertEquals(a.selectedPair().local().address(), b.selectedPair().remote().address());
            assertEquals(a.turnClients().get(0).relayedAddress(), b.selectedPair().remote().address());
            a.send(LoopbackRunner.now(), bytes("relayed hello"));
            b.send(LoopbackRunner.now(), bytes("relayed answer"));
            assertTrue(net.runUntil(() -> received(bEvents, "relayed hello") && received(aEvents, "relayed answer"),
                    Duration.ofSeconds(3)), "data both ways over the relayed pair");
            a.close(LoopbackRunner.now());
            net.step(Duration.ofMillis(20));
        }
    }

    private static boolean received(List<Object> events, String text) {
        return events.stream().anyMatch(e -> e instanceof IceEvent.DataReceived d && text(d.data()).equals(text));
    }

    private static int signal(List<Object> events, int seen, IceAgent peer) {
        for (int i = seen; i < events.size(); i++) {
            if (events.get(i) instanceof IceEvent.LocalCandidate c) {
                peer.addRemoteCandidate(LoopbackRunner.now(), c.candidate());
            } else if (events.get(i) instanceof IceEvent.GatheringStateChanged g && g.state() == IceGatheringState.COMPLETE) {
                peer.endOfRemoteCandidates(LoopbackRunner.now());
            }
        }
        return events.size();
    }
}
