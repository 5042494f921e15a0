package io.jrtc.ice;

import io.jrtc.core.Datagram;
import io.jrtc.testkit.EngineNode;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SeedReporter;
import io.jrtc.testkit.Seeds;
import io.jrtc.testkit.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.jrtc.ice.IceAgentSimTest.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SeedReporter.class)
class UdpMuxSimTest {
    static final int N = 100;

    @Test
    void hundredAgentsShareOnePort() {
        Simulation sim = new Simulation(Seeds.seed(14));
        sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(10)).withLoss(0.05));
        InetSocketAddress sfu = addr("127.0.0.1", 3478);
        UdpMux mux = new UdpMux(sfu);
        EngineNode<Datagram, UdpMux.Event> muxNode = sim.add(EngineNode.ofDatagrams(mux, mux::handleInput), sfu);
        List<IceAgent> servers = new ArrayList<>();
        List<IceAgent> clients = new ArrayList<>();
        List<EngineNode<Datagram, IceEvent>> clientNodes = new ArrayList<>();
        Map<IceAgent, Integer> index = new HashMap<>();
        for (int i = 0; i < N; i++) {
            // half the server agents are ICE-lite, as SFUs often are
            IceAgent server = new IceAgent(IceConfig.builder().controlling(false).lite(i % 2 == 0).seed(1000 + i)
                    .localAddress(sfu).loopbackOnly().build());
            InetSocketAddress clientAddr = addr("127.0.1." + (i + 1), 5000);
            IceAgent client = new IceAgent(IceConfig.builder().controlling(true).seed(2000 + i)
                    .localAddress(clientAddr).loopbackOnly().build());
            mux.add(server);
            servers.add(server);
            clients.add(client);
            index.put(server, i);
            clientNodes.add(sim.add(EngineNode.ofDatagrams(client, client::handleInput), clientAddr));
            server.setRemoteCredentials(0, client.localUfrag(), client.localPassword());
            client.setRemoteCredentials(0, server.localUfrag(), server.localPassword());
            server.startGathering(0);
            client.startGathering(0);
            mux.collect(server);
        }
        int[] seenMux = {0};
        int[] seenClients = new int[N];
        Runnable signalling = () -> {
            List<UdpMux.Event> ev = muxNode.events();
            for (; seenMux[0] < ev.size(); seenMux[0]++) {
                UdpMux.Event e = ev.get(seenMux[0]);
                IceAgent client = clients.get(index.get(e.agent()));
                if (e.event() instanceof IceEvent.LocalCandidate c) {
                    client.addRemoteCandidate(sim.now(), c.candidate());
                } else if (e.event() instanceof IceEvent.GatheringStateChanged g && g.state() == IceGatheringState.COMPLETE) {
                    client.endOfRemoteCandidates(sim.now());
                }
            }
            for (int i = 0; i < N; i++) {
                List<IceEvent> ev2 = clientNodes.get(i).events();
                for (; seenClients[i] < ev2.size(); seenClients[i]++) {
                    IceEvent e = ev2.get(seenClients[i]);
                    if (e instanceof IceEvent.LocalCandidate c) {
                        servers.get(i).addRemoteCandidate(sim.now(), c.candidate());
                        mux.collect(servers.get(i));
                    } else if (e instanceof IceEvent.GatheringStateChanged g && g.state() == IceGatheringState.COMPLETE) {
                        servers.get(i).endOfRemoteCandidates(sim.now());
                        mux.collect(servers.get(i));
                    }
                }
            }
        };
        sim.runUntilOrFail(() -> {
            signalling.run();
            return clients.stream().allMatch(IceHarness::connected) && servers.stream().allMatch(IceHarness::connected);
        }, Duration.ofSeconds(30), "all " + N + " pairs connected through one port");

        for (int i = 0; i < N; i++) {
            assertEquals(sfu, clients.get(i).selectedPair().remote().address(), "every client talks to the one port");
            assertEquals(clients.get(i).selectedPair().local().address(), servers.get(i).selectedPair().remote().address());
            clients.get(i).send(sim.now(), ("client " + i).getBytes(StandardCharsets.UTF_8));
        }
        sim.runFor(Duration.ofMillis(200));
        int delivered = 0;
        for (UdpMux.Event e : muxNode.events()) {
            if (e.event() instanceof IceEvent.DataReceived d) {
                assertEquals("client " + index.get(e.agent()), new String(d.data(), StandardCharsets.UTF_8),
                        "data reaches the agent of its own connection");
                delivered++;
            }
        }
        assertTrue(delivered >= N * 9 / 10, "most of the datagrams arrive at 5% loss: " + delivered);
        assertEquals(N, mux.knownRemoteAddresses());
    }

    @Test
    void floodOnTheSharedPortMapsNoAddressAndChangesNoAgent() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(Seeds.seed(19));
        InetSocketAddress sfu = addr("127.0.0.1", 3478);
        UdpMux mux = new UdpMux(sfu);
        List<IceAgent> agents = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            IceAgent a = new IceAgent(IceConfig.builder().lite(true).seed(i).localAddress(sfu).loopbackOnly().build());
            a.setRemoteCredentials(0, "peer" + i, "peer-password-0123456789");
            a.startGathering(0);
            mux.add(a);
            agents.add(a);
        }
        while (mux.pollEvent() != null) {
            // drain
        }
        for (int i = 0; i < 20_000; i++) {
            byte[] d = new byte[r.nextInt(0, 120)];
            r.nextBytes(d);
            if (i % 3 == 0 && d.length >= 20) {
                d[0] &= 0x01;
                d[4] = 0x21;
                d[5] = 0x12;
                d[6] = (byte) 0xA4;
                d[7] = 0x42;
            }
            mux.handleInput(i, new Datagram(addr("127.0.2." + r.nextInt(1, 255), r.nextInt(1, 65536)), sfu, d));
            while (mux.pollTransmit() != null) {
                // answers (401/400) are allowed; nothing else
            }
        }
        assertEquals(0, mux.knownRemoteAddresses());
        assertTrue(mux.unroutable() > 19_000, "dropped: " + mux.unroutable());
        for (IceAgent a : agents) {
            assertEquals(0, a.remoteCandidates().size());
            assertEquals(IceConnectionState.NEW, a.connectionState());
        }
        assertEquals(null, mux.pollEvent());
    }
}
