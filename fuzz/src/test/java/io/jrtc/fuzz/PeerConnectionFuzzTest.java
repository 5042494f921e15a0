package io.jrtc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.core.Datagram;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.stun.AttributeType;
import io.jrtc.stun.IntegrityKey;
import io.jrtc.stun.StunAttribute;
import io.jrtc.stun.StunMessage;
import io.jrtc.stun.StunParseException;
import io.jrtc.testkit.LinkConditions;
import io.jrtc.testkit.SimNode;
import io.jrtc.testkit.Simulation;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannelInit;
import io.jrtc.webrtc.RtcSessionDescription;
import io.jrtc.webrtc.core.CoreChannel;
import io.jrtc.webrtc.core.CoreConfig;
import io.jrtc.webrtc.core.CoreTransceiver;
import io.jrtc.webrtc.core.Demux;
import io.jrtc.webrtc.core.PeerConnectionCore;
import io.jrtc.webrtc.core.PeerEvent;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PeerConnection's composition core fed arbitrary datagrams once connected.
 *
 * <p>Every input starts from the same state: two {@link PeerConnectionCore}s (fixed seeds, fixed
 * certificates, rethrowing internal errors) connected on a perfect simulated link, a data channel open
 * and a VP8 video transceiver negotiated sendrecv, SRTP keyed. The input then drives one of them (the
 * target) with a sequence of operations, in a small format of its own so that seed files can be
 * written by hand (every read past the end gives 0):
 *
 * <pre>
 * byte 0        bit 0: target (0 = bob, the answerer / DTLS server; 1 = alice, the offerer / DTLS client)
 * then records  op (u8, op % 7), then its arguments:
 *   0 DATAGRAM  class (u8: class % 6 = STUN 0-3, DTLS 20-63, TURN channel 64-79, RTP/RTCP 128-191,
 *               other, raw; bit 7: fix the header's length / magic cookie / version), source (u8: even =
 *               the selected pair's remote, odd = a stranger from a list), length (u16), bytes; the first
 *               byte is mapped into the class's range
 *   1 SIGNED    length (u16), bytes: when they parse as STUN, re-encoded with MESSAGE-INTEGRITY (the
 *               target's ice-pwd) and FINGERPRINT and sent from the pair's remote (flags u8 bit 0: the
 *               USERNAME replaced by the right one)
 *   2 ADVANCE   u16 milliseconds of virtual time (% 3000): both peers and the network run
 *   3 TIMEOUT   the target's handleTimeout now
 *   4 MESSAGE   flags (u8: bit 0 sent by the target, bit 1 binary), length (u16 % 1201), bytes, on the channel
 *   5 FRAME     length (u16 % 4001), bytes: a video frame the peer sends the target (VP8-packetized, SRTP)
 *   6 DATAGRAM  as 0
 * </pre>
 *
 * <p>After every operation the target is drained (transmits into the network, events to the echo
 * logic, its deadline). The rule: nothing escapes (any exception inside a layer is rethrown, so it is a
 * finding), the target's {@code counters().internalErrors} stays 0, and at the end the connection still
 * echoes a message.
 *
 * <p>Signed STUN comes only from the pair's remote: with the password, a request from elsewhere may
 * legitimately move the connection (that is what ICE is for), which is not a bug. The connected pair is
 * built afresh for every input, so inputs do not depend on each other; that connect (virtual time, but
 * real ECDHE and ECDSA) is most of an execution: about 95 exec/s with Jazzer's instrumentation of
 * {@code io.jrtc} on a developer machine, the replay of the seeds well under a second.
 */
class PeerConnectionFuzzTest {
    static {
        Drain.setUp();
    }

    private static final Instant CERT_TIME = Instant.parse("2026-01-01T00:00:00Z");
    /** Generated once: key generation and self-signing are the same for every input anyway. */
    private static final DtlsCertificate ALICE_CERT = DtlsCertificate.selfSignedEcdsa(seeded(101), CERT_TIME);
    private static final DtlsCertificate BOB_CERT = DtlsCertificate.selfSignedEcdsa(seeded(102), CERT_TIME);
    private static final InetSocketAddress ALICE = addr("127.0.0.1", 5000);
    private static final InetSocketAddress BOB = addr("127.0.0.2", 6000);
    /** Addresses that are not the peer's: other ports and hosts, IPv6, a non-loopback one, the target itself. */
    private static final List<InetSocketAddress> PLACES = List.of(addr("127.0.0.1", 5001), addr("127.0.0.2", 6001),
            addr("127.0.0.3", 5000), addr("10.0.0.1", 5000), addr("::1", 5000), addr("192.0.2.1", 1), ALICE, BOB);
    private static final Pattern ICE_PWD = Pattern.compile("a=ice-pwd:(\\S+)");
    private static final Pattern ICE_UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");
    private static final byte[] FINAL = "final echo".getBytes(StandardCharsets.UTF_8);
    @FuzzTest(maxDuration = "5m")
    void connectedCore(byte[] input) {
        Input in = new Input(input);
        Connected c = new Connected();
        boolean targetIsAlice = (in.u8() & 1) == 1;
        Peer target = targetIsAlice ? c.alice : c.bob;
        Peer peer = targetIsAlice ? c.bob : c.alice;
        List<InetSocketAddress> strangers = new ArrayList<>(PLACES);
        strangers.remove(peer.address);
        String pwd = find(ICE_PWD, target.core.localDescription().sdp());
        String username = find(ICE_UFRAG, target.core.localDescription().sdp()) + ":"
                + find(ICE_UFRAG, peer.core.localDescription().sdp());
        int ops = 0;
        while (in.remaining() > 0 && ops++ < 2000) {
            long now = c.sim.now();
            switch (in.u8() % 7) {
                case 1 -> {
                    int flags = in.u8();
                    byte[] stun = signedStun(in.bytes(in.u16()), pwd, (flags & 1) == 1 ? username : null);
                    if (stun != null) {
                        target.handleInput(now, new Datagram(peer.address, target.address, stun));
                    }
                }
                case 2 -> c.sim.runFor(Duration.ofMillis(in.u16() % 3000));
                case 3 -> target.handleTimeout(now);
                case 4 -> {
                    int flags = in.u8();
                    byte[] m = in.bytes(in.u16() % 1201);
                    Peer from = (flags & 1) == 1 ? target : peer;
                    from.core.send(now, from.channel, m, (flags & 2) == 2);
                }
                case 5 -> {
                    byte[] frame = in.bytes(in.u16() % 4001);
                    peer.core.sendFrame(now, peer.video, frame, peer.rtpTimestamp += 3000);
                }
                default -> {
                    int kind = in.u8();
                    int source = in.u8();
                    byte[] d = steer(in.bytes(in.u16()), kind);
                    InetSocketAddress from = (source & 1) == 0 ? peer.address : strangers.get((source >>> 1) % strangers.size());
                    target.handleInput(now, new Datagram(from, target.address, d));
                }
            }
            target.drainInto(c.sim);
            peer.drainInto(c.sim);
            check(target);
        }
        c.sim.runFor(Duration.ofMillis(50));
        check(target);
        // still alive: one message through the target and back
        int seen = c.alice.received.size();
        c.alice.core.send(c.sim.now(), c.alice.channel, FINAL, false);
        boolean echoed = c.sim.runUntil(() -> c.alice.received.size() > seen
                && c.alice.received.stream().skip(seen).anyMatch(m -> Arrays.equals(m, FINAL)), Duration.ofSeconds(30));
        check(target);
        if (!echoed) {
            throw new IllegalStateException("the connection no longer echoes after the fuzzed datagrams: target "
                    + target.core.config().rtc().label() + " " + target.core.connectionState() + ", channel "
                    + c.alice.channel.state() + ", " + target.core.counters());
        }
    }

    private static void check(Peer target) {
        PeerConnectionCore.Counters counters = target.core.counters();
        if (counters.internalErrors != 0) {
            throw new IllegalStateException("internal errors counted: " + counters);
        }
    }

    /**
     * Maps the first byte into the chosen RFC 7983 class (a byte already in it is kept) and optionally fixes
     * the header fields a parser checks first.
     */
    static byte[] steer(byte[] d, int kind) {
        if (d.length == 0) {
            return d;
        }
        int first = d[0] & 0xff;
        boolean fix = (kind & 0x80) != 0;
        switch ((kind & 0x7f) % 6) {
            case 0 -> { // STUN
                d[0] = (byte) into(first, 0, 3);
                if (fix && d.length >= 8) {
                    putU16(d, 2, Math.max(0, d.length - StunMessage.HEADER_LENGTH) & ~3);
                    d[4] = 0x21;
                    d[5] = 0x12;
                    d[6] = (byte) 0xa4;
                    d[7] = 0x42;
                }
            }
            case 1 -> { // DTLS
                d[0] = (byte) into(first, 20, 63);
                if (fix && d.length >= 13) {
                    d[1] = (byte) 0xfe;
                    d[2] = (byte) 0xfd;
                    putU16(d, 11, d.length - 13);
                }
            }
            case 2 -> { // TURN ChannelData
                d[0] = (byte) into(first, 64, 79);
                if (fix && d.length >= 4) {
                    putU16(d, 2, d.length - 4);
                }
            }
            case 3 -> d[0] = (byte) into(first, 128, 191); // RTP / RTCP (version 2)
            case 4 -> { // anything else: 4-19 (ZRTP among them), 80-127, 192-255
                if (Demux.classify(d[0]) != Demux.ZRTP && Demux.classify(d[0]) != Demux.DROP) {
                    int r = first % 112;
                    d[0] = (byte) (r < 16 ? 4 + r : r < 64 ? 80 + r - 16 : 192 + r - 64);
                }
            }
            default -> {
                // raw
            }
        }
        return d;
    }

    private static int into(int b, int lo, int hi) {
        return b >= lo && b <= hi ? b : lo + b % (hi - lo + 1);
    }

    /** The bytes as STUN, re-signed with the target's key (and, if asked, the right USERNAME); null when they do not parse. */
    static byte[] signedStun(byte[] d, String pwd, String username) {
        StunMessage m;
        try {
            m = StunMessage.parse(d);
        } catch (StunParseException e) {
            return null;
        }
        if (username != null) {
            StunMessage.Builder b = StunMessage.builder(m.messageClass(), m.method()).transactionId(m.transactionId());
            StunAttribute user = new StunAttribute.Username(username);
            long length = user.encodedLength();
            for (StunAttribute a : m.attributes()) {
                if (a.type() != AttributeType.USERNAME) {
                    b.add(a);
                    length += a.encodedLength();
                }
            }
            if (length > StunMessage.MAX_ATTRIBUTES_LENGTH) {
                return null; // no room for the USERNAME: the builder would refuse it
            }
            m = b.add(user).build();
        }
        return m.encode(IntegrityKey.shortTerm(pwd));
    }

    private static void putU16(byte[] d, int off, int v) {
        d[off] = (byte) (v >>> 8);
        d[off + 1] = (byte) v;
    }

    private static String find(Pattern p, String sdp) {
        Matcher m = p.matcher(sdp);
        if (!m.find()) {
            throw new AssertionError(p + " not in " + sdp);
        }
        return m.group(1);
    }

    /** Alice offers a channel and sendrecv video, Bob answers and adds video back; signalling in process, non-trickle. */
    static final class Connected {
        final Simulation sim = new Simulation(1);
        final Peer alice = new Peer("alice", ALICE, 11, ALICE_CERT);
        final Peer bob = new Peer("bob", BOB, 12, BOB_CERT);

        Connected() {
            this(d -> { });
        }

        /** With {@code tap} seeing every datagram either peer receives, from the first (the seed corpus tool uses it). */
        Connected(Consumer<Datagram> tap) {
            alice.tap = tap;
            bob.tap = tap;
            sim.network().setDefaultConditions(LinkConditions.perfect().withLatency(Duration.ofMillis(5)));
            sim.add(alice, ALICE);
            sim.add(bob, BOB);
            // bob echoes every message on the channel it came on
            bob.onEvent = e -> {
                if (e instanceof PeerEvent.ChannelMessage m) {
                    bob.core.send(bob.now, m.channel(), m.data(), m.binary());
                }
            };
            long now = 0;
            alice.channel = alice.core.createDataChannel(now, "fuzz", RtcDataChannelInit.defaults());
            alice.video = alice.core.addTransceiver(now, MediaKind.VIDEO, Direction.SENDRECV, List.of("s"));
            alice.core.setLocalDescription(now, RtcSessionDescription.offer(alice.core.createOffer(now)));
            alice.drain();
            bob.core.setRemoteDescription(now, alice.core.localDescription());
            bob.video = bob.core.addTrack(now, MediaKind.VIDEO);
            bob.core.setLocalDescription(now, RtcSessionDescription.answer(bob.core.createAnswer(now)));
            bob.drain();
            alice.core.setRemoteDescription(now, bob.core.localDescription());
            alice.drain();
            if (!sim.runUntil(() -> alice.channel.state() == CoreChannel.State.OPEN && bob.channel != null
                    && bob.channel.state() == CoreChannel.State.OPEN, Duration.ofSeconds(5))) {
                throw new AssertionError("the pair did not connect: alice " + alice.core.connectionState() + " "
                        + alice.core.counters() + ", bob " + bob.core.connectionState() + " " + bob.core.counters());
            }
            if (alice.video.sendCodec() == null || bob.video.sendCodec() == null) {
                throw new AssertionError("video not negotiated both ways: " + alice.video + " " + bob.video);
            }
        }
    }

    /** One core on the simulated network: events go to a hook, channel messages are kept. */
    static final class Peer implements SimNode {
        final PeerConnectionCore core;
        final InetSocketAddress address;
        final List<byte[]> received = new ArrayList<>();
        Consumer<PeerEvent> onEvent = e -> { };
        Consumer<Datagram> tap = d -> { };
        CoreChannel channel;
        CoreTransceiver video;
        long rtpTimestamp;
        long now;

        Peer(String label, InetSocketAddress address, long seed, DtlsCertificate cert) {
            this.address = address;
            RtcConfiguration rtc = RtcConfiguration.builder().addressFilter(InetAddress::isLoopbackAddress)
                    .rethrowInternalErrors(true).label(label).build();
            this.core = new PeerConnectionCore(new CoreConfig(rtc, List.of(address), new SplittableRandom(seed), seeded(seed),
                    cert, 3_900_000_000L * 1_000_000_000L, null));
        }

        void drain() {
            for (PeerEvent e; (e = core.pollEvent()) != null; ) {
                if (e instanceof PeerEvent.DataChannel d && channel == null) {
                    channel = d.channel();
                } else if (e instanceof PeerEvent.ChannelMessage m) {
                    received.add(m.data());
                }
                onEvent.accept(e);
            }
        }

        /** What a real caller does after every input: transmits out (into the network), events, the deadline. */
        void drainInto(Simulation sim) {
            for (int i = 0; i < 10_000; i++) {
                Datagram d = core.pollTransmit();
                if (d == null) {
                    break;
                }
                sim.network().send(sim.now(), d);
            }
            drain();
            core.pollTimeout();
        }

        @Override
        public void handleInput(long now, Datagram datagram) {
            this.now = now;
            tap.accept(datagram);
            core.handleInput(now, datagram);
            drain();
        }

        @Override
        public void handleTimeout(long now) {
            this.now = now;
            core.handleTimeout(now);
            drain();
        }

        @Override
        public Datagram pollTransmit() {
            return core.pollTransmit();
        }

        @Override
        public long pollTimeout() {
            return core.pollTimeout();
        }
    }

    static SecureRandom seeded(long seed) {
        return io.jrtc.testkit.Seeds.secureRandom(seed);
    }

    static InetSocketAddress addr(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
