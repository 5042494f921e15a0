package io.jrtc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.core.Datagram;
import io.jrtc.ice.IceAgent;
import io.jrtc.ice.IceConfig;
import io.jrtc.ice.IceConnectionState;
import io.jrtc.ice.IceEvent;
import io.jrtc.ice.IceGatheringState;
import io.jrtc.ice.IceParseException;
import io.jrtc.stun.StunMessage;
import io.jrtc.stun.StunParseException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;

/** ICE: an agent fed hostile datagrams from many sources, and a connected agent fed checks it can authenticate. */
class IceFuzzTest {
    static {
        Drain.setUp();
    }

    static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    static final InetSocketAddress PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40001);
    /** Sources that are not the peer: another port, another loopback host, IPv6 loopback, the target itself. */
    static final List<InetSocketAddress> STRANGERS = List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40002),
            new InetSocketAddress("127.0.0.9", 40001), new InetSocketAddress("::1", 40001), LOCAL);

    /**
     * A lone agent (no remote credentials or candidates) fed datagrams from any loopback port: byte 0 bit 0
     * controlling; then records of source port (u16), length (u16), bytes, milliseconds to pass (u16), flags
     * (u8 bit 0: handleTimeout).
     */
    @FuzzTest(maxDuration = "60s")
    void agent(byte[] input) {
        Input in = new Input(input);
        IceAgent agent = new IceAgent(IceConfig.builder()
                .controlling((in.u8() & 1) == 1)
                .credentials("abcd", "0123456789012345678901")
                .localAddress(LOCAL)
                .loopbackOnly()
                .random(new SplittableRandom(7))
                .build());
        long now = 0;
        Drain.engine(agent);
        while (in.remaining() > 0) {
            InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), Math.max(1, in.u16()));
            byte[] d = in.bytes(in.u16());
            now += in.u16() * 1_000_000L;
            agent.handleInput(now, new Datagram(from, LOCAL, d));
            if ((in.u8() & 1) == 1) {
                agent.handleTimeout(now);
            }
            Drain.engine(agent);
        }
    }

    /**
     * Two agents (fixed seeds) connected over loopback addresses, candidates and credentials exchanged, a
     * pair selected; then the fuzzer stands between them. Everything the target sends reaches its peer; the
     * peer's datagrams wait in a queue for an operation. STUN the fuzzer changes or makes is signed again with
     * the key the target checks (its own password for a request or indication, the peer's for a response)
     * and given a FINGERPRINT, so it gets past message integrity to the agent's handling of checks,
     * responses, role conflicts, nomination and consent.
     *
     * <pre>
     * byte 0       bit 0: target (0 = controlled, 1 = controlling)
     * then records op (u8, op % 9), then its arguments:
     *   0 NEXT      the peer's next datagram, as it is
     *   1 FLIP      the next datagram with n (u8 % 8) bytes changed (position u16 mod length, xor u8), then
     *               signed again when it still parses as STUN
     *   2 SIGNED    the input's bytes (length u16) as a STUN message, signed; flags (u8): bit 0 USERNAME made
     *               right ("target:peer" for a request), bits 1-3 the source (0 = the peer, else a stranger)
     *   3 RAW       a datagram of the input's bytes (length u16) from the peer
     *   4 TIME      u16 milliseconds pass; both agents' timers
     *   5 DROP      the next datagram is lost
     *   6 DATA      application data (length u16 % 1500; flags u8 bit 0: sent by the target) on the selected pair
     *   7 REPLAY    the next datagram delivered, and kept in the queue
     *   8 CANDIDATE a remote candidate line for the target (length u8, text)
     * </pre>
     */
    @FuzzTest(maxDuration = "5m")
    void connected(byte[] input) {
        Input in = new Input(input);
        boolean targetControls = (in.u8() & 1) == 1;
        IceAgent target = agent(targetControls, "tgt1", "targetpassword0123456789", LOCAL, 31);
        IceAgent peer = agent(!targetControls, "peer", "peerpassword012345678901", PEER, 32);
        long now = 0;
        target.setRemoteCredentials(now, peer.localUfrag(), peer.localPassword());
        peer.setRemoteCredentials(now, target.localUfrag(), target.localPassword());
        target.startGathering(now);
        peer.startGathering(now);
        for (int i = 0; i < 2000 && !(up(target) && up(peer) && target.selectedPair() != null); i++) {
            exchange(target, peer, now, null);
            now += 5_000_000L;
            target.handleTimeout(now);
            peer.handleTimeout(now);
        }
        if (!(up(target) && up(peer))) {
            throw new IllegalStateException("the agents did not connect: " + target.connectionState() + " / "
                    + peer.connectionState() + ", " + target.stats());
        }
        String targetKey = target.localPassword();
        String peerKey = peer.localPassword();
        String username = target.localUfrag() + ":" + peer.localUfrag();
        ArrayDeque<byte[]> fromPeer = new ArrayDeque<>();
        exchange(target, peer, now, fromPeer);
        int ops = 0;
        while (in.remaining() > 0 && ops++ < 300) {
            switch (in.u8() % 9) {
                case 0 -> deliver(target, now, PEER, fromPeer.poll());
                case 1 -> {
                    byte[] d = fromPeer.poll();
                    int n = in.u8() % 8;
                    for (int i = 0; i < n; i++) {
                        int at = in.u16();
                        int xor = in.u8();
                        if (d != null && d.length > 0) {
                            d[at % d.length] ^= (byte) xor;
                        }
                    }
                    byte[] signed = d == null ? null : sign(d, targetKey, peerKey, null);
                    deliver(target, now, PEER, signed != null ? signed : d);
                }
                case 2 -> {
                    byte[] d = in.bytes(in.u16());
                    int flags = in.u8();
                    int source = (flags >>> 1) & 7;
                    InetSocketAddress from = source == 0 ? PEER : STRANGERS.get((source - 1) % STRANGERS.size());
                    deliver(target, now, from, sign(d, targetKey, peerKey, (flags & 1) == 1 ? username : null));
                }
                case 3 -> deliver(target, now, PEER, in.bytes(in.u16()));
                case 4 -> {
                    now += in.u16() * 1_000_000L;
                    target.handleTimeout(now);
                    peer.handleTimeout(now);
                }
                case 5 -> fromPeer.poll();
                case 6 -> {
                    byte[] data = in.bytes(in.u16() % 1500);
                    ((in.u8() & 1) == 1 ? target : peer).send(now, data);
                }
                case 7 -> {
                    byte[] d = fromPeer.peek();
                    deliver(target, now, PEER, d == null ? null : d.clone());
                }
                default -> {
                    try {
                        target.addRemoteCandidate(now, new String(in.bytes(in.u8()), StandardCharsets.UTF_8));
                    } catch (IceParseException expected) {
                        // a malformed candidate line is refused with this
                    }
                }
            }
            exchange(target, peer, now, fromPeer);
        }
    }

    private static IceAgent agent(boolean controlling, String ufrag, String password, InetSocketAddress address, long seed) {
        return new IceAgent(IceConfig.builder().controlling(controlling).credentials(ufrag, password).localAddress(address)
                .loopbackOnly().random(new SplittableRandom(seed)).build());
    }

    private static boolean up(IceAgent a) {
        return a.connectionState() == IceConnectionState.CONNECTED || a.connectionState() == IceConnectionState.COMPLETED;
    }

    private static void deliver(IceAgent target, long now, InetSocketAddress from, byte[] data) {
        if (data != null) {
            target.handleInput(now, new Datagram(from, LOCAL, data));
        }
    }

    /**
     * The target's datagrams to the peer; the peer's to the target into {@code fromPeer} (delivered at once
     * when it is null: the setup); events drained, candidates and end of gathering signalled to the other side.
     */
    private static void exchange(IceAgent target, IceAgent peer, long now, ArrayDeque<byte[]> fromPeer) {
        for (int round = 0; round < 20; round++) {
            boolean moved = false;
            for (Datagram d; (d = target.pollTransmit()) != null; moved = true) {
                if (d.destination().equals(PEER)) {
                    peer.handleInput(now, new Datagram(LOCAL, PEER, d.data()));
                }
            }
            for (Datagram d; (d = peer.pollTransmit()) != null; moved = true) {
                if (!d.destination().equals(LOCAL)) {
                    continue;
                }
                if (fromPeer == null) {
                    target.handleInput(now, new Datagram(PEER, LOCAL, d.data()));
                } else if (fromPeer.size() < 64) {
                    fromPeer.add(d.data());
                }
            }
            moved |= signal(target, peer, now) | signal(peer, target, now);
            if (!moved) {
                break;
            }
        }
        target.pollTimeout();
        peer.pollTimeout();
    }

    /** Drains one agent's events; its candidates and end of gathering go to the other (instant signalling). */
    private static boolean signal(IceAgent from, IceAgent to, long now) {
        int n = 0;
        for (IceEvent e; (e = from.pollEvent()) != null; ) {
            if (++n > Drain.MAX_OUTPUTS) {
                throw new IllegalStateException("more than " + Drain.MAX_OUTPUTS + " ICE events for one input");
            }
            if (e instanceof IceEvent.LocalCandidate c) {
                to.addRemoteCandidate(now, c.candidate());
            } else if (e instanceof IceEvent.GatheringStateChanged g && g.state() == IceGatheringState.COMPLETE) {
                to.endOfRemoteCandidates(now);
            }
        }
        return n > 0;
    }

    /**
     * The bytes as STUN signed with the key the target checks (its own password for requests and
     * indications, the peer's for responses) plus FINGERPRINT, with USERNAME replaced when {@code username}
     * is given; null when they do not parse.
     */
    static byte[] sign(byte[] d, String targetPassword, String peerPassword, String username) {
        StunMessage m;
        try {
            m = StunMessage.parse(d);
        } catch (StunParseException e) {
            return null;
        }
        boolean response = m.isSuccessResponse() || m.isErrorResponse();
        return PeerConnectionFuzzTest.signedStun(d, response ? peerPassword : targetPassword, username);
    }
}
