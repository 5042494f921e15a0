package io.jrtc.examples.ice;

import io.jrtc.core.Datagram;
import io.jrtc.examples.Example;
import io.jrtc.ice.Candidate;
import io.jrtc.ice.IceAgent;
import io.jrtc.ice.IceConfig;
import io.jrtc.ice.IceConnectionState;
import io.jrtc.ice.IceEvent;
import io.jrtc.ice.IceGatheringState;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * {@code ice-demo}: two ICE agents, "alice" (controlling) and "bob" (controlled), in one process,
 * each on its own real UDP socket on 127.0.0.1. The "signalling channel" is a method call: each
 * side's credentials and trickled candidates are handed to the other. Every connectivity check,
 * pair state, the nomination and the selected pair are narrated with {@code [ICE]}, then a message
 * crosses the selected pair each way (as DTLS would).
 */
public final class IceDemo implements Example {

    @Override
    public String name() {
        return "ice-demo";
    }

    @Override
    public String usage() {
        return "[--quiet]";
    }

    @Override
    public String description() {
        return "two ICE agents on 127.0.0.1: checks, pair states, nomination and the selected pair, narrated";
    }

    @Override
    public int run(String[] args) throws Exception {
        return run(args, System.out);
    }

    /** One agent with its socket. */
    private static final class Peer {
        final String name;
        final DatagramChannel channel;
        final InetSocketAddress address;
        IceAgent agent;
        Peer other;
        String received;

        Peer(String name, Selector selector) throws IOException {
            this.name = name;
            this.channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
            this.address = (InetSocketAddress) channel.getLocalAddress();
        }
    }

    public int run(String[] args, PrintStream out) throws Exception {
        boolean verbose = !Arrays.asList(args).contains("--quiet");
        SecureRandom random = new SecureRandom();
        IceLog log = new IceLog(out, verbose);
        try (log; Selector selector = Selector.open()) {
            Peer alice = new Peer("alice", selector);
            Peer bob = new Peer("bob", selector);
            alice.other = bob;
            bob.other = alice;
            // 1. each agent is told which sockets it has (the agent itself never opens one)
            alice.agent = new IceAgent(IceConfig.builder().label("alice").controlling(true).random(random)
                    .localAddress(alice.address).loopbackOnly().build());
            bob.agent = new IceAgent(IceConfig.builder().label("bob").controlling(false).random(random)
                    .localAddress(bob.address).loopbackOnly().build());
            out.println("[ICE] alice is controlling, bob is controlled; sockets 127.0.0.1:" + alice.address.getPort()
                    + " and 127.0.0.1:" + bob.address.getPort());

            // 2. signalling: the ice-ufrag and ice-pwd of each side go to the other (SDP would carry them)
            long now = System.nanoTime();
            out.println("[ICE] signalling: alice ice-ufrag=" + alice.agent.localUfrag() + ", bob ice-ufrag=" + bob.agent.localUfrag());
            alice.agent.setRemoteCredentials(now, bob.agent.localUfrag(), bob.agent.localPassword());
            bob.agent.setRemoteCredentials(now, alice.agent.localUfrag(), alice.agent.localPassword());

            // 3. gathering: host candidates now; each one is trickled to the other side as it appears
            alice.agent.startGathering(now);
            bob.agent.startGathering(now);

            // 4. the event loop: datagrams in, timers, datagrams out, events
            long end = System.nanoTime() + 10_000_000_000L;
            boolean sent = false;
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            while (System.nanoTime() < end) {
                for (Peer p : new Peer[] {alice, bob}) {
                    flush(p, out);
                }
                if (!sent && alice.agent.connectionState() == IceConnectionState.COMPLETED
                        && bob.agent.connectionState() == IceConnectionState.COMPLETED) {
                    out.println("[ICE] both completed: alice uses " + pair(alice.agent) + ", bob uses " + pair(bob.agent));
                    now = System.nanoTime();
                    alice.agent.send(now, "hello bob, this is alice".getBytes(StandardCharsets.UTF_8));
                    bob.agent.send(now, "hello alice, bob here".getBytes(StandardCharsets.UTF_8));
                    sent = true;
                    continue;
                }
                if (alice.received != null && bob.received != null) {
                    break;
                }
                long deadline = Math.min(alice.agent.pollTimeout(), bob.agent.pollTimeout());
                long waitMs = Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000));
                selector.select(waitMs);
                for (SelectionKey key : selector.selectedKeys()) {
                    Peer p = (Peer) key.attachment();
                    for (InetSocketAddress from; ; ) {
                        buffer.clear();
                        from = (InetSocketAddress) p.channel.receive(buffer);
                        if (from == null) {
                            break;
                        }
                        buffer.flip();
                        byte[] data = new byte[buffer.remaining()];
                        buffer.get(data);
                        p.agent.handleInput(System.nanoTime(), new Datagram(from, p.address, data));
                    }
                }
                selector.selectedKeys().clear();
                now = System.nanoTime();
                for (Peer p : new Peer[] {alice, bob}) {
                    if (p.agent.pollTimeout() <= now) {
                        p.agent.handleTimeout(now);
                    }
                }
            }
            boolean ok = alice.received != null && bob.received != null;
            out.println("[ICE] alice sent " + alice.agent.stats().checksSent() + " checks, bob " + bob.agent.stats().checksSent()
                    + "; closing both agents");
            alice.agent.close(System.nanoTime());
            bob.agent.close(System.nanoTime());
            alice.channel.close();
            bob.channel.close();
            out.println(ok ? "[ICE] done" : "[ICE] FAILED: no data exchanged within 10 s");
            return ok ? 0 : 1;
        }
    }

    private static String pair(IceAgent agent) {
        Candidate l = agent.selectedPair().local();
        Candidate r = agent.selectedPair().remote();
        return l.type().sdpName() + " " + l.address().getAddress().getHostAddress() + ":" + l.address().getPort() + " -> "
                + r.type().sdpName() + " " + r.address().getAddress().getHostAddress() + ":" + r.address().getPort();
    }

    /** Sends what the agent wants sent, and acts on its events (signalling to the other side). */
    private static void flush(Peer p, PrintStream out) throws Exception {
        for (Datagram d; (d = p.agent.pollTransmit()) != null; ) {
            if (d.destination().getAddress().isLoopbackAddress()) {
                p.channel.send(ByteBuffer.wrap(d.data()), d.destination());
            }
        }
        long now = System.nanoTime();
        for (IceEvent e; (e = p.agent.pollEvent()) != null; ) {
            if (e instanceof IceEvent.LocalCandidate c) {
                out.println("[ICE] signalling: " + p.name + " trickles a=" + c.candidate().toSdp());
                p.other.agent.addRemoteCandidate(now, c.candidate().toSdp());
            } else if (e instanceof IceEvent.GatheringStateChanged g && g.state() == IceGatheringState.COMPLETE) {
                out.println("[ICE] signalling: " + p.name + " sends end-of-candidates");
                p.other.agent.endOfRemoteCandidates(now);
            } else if (e instanceof IceEvent.DataReceived d) {
                p.received = new String(d.data(), StandardCharsets.UTF_8);
                out.println("[ICE] " + p.name + " received \"" + p.received + "\" from " + d.remote().getAddress().getHostAddress() + ":" + d.remote().getPort()
                        + " on the selected pair");
            }
        }
    }
}
