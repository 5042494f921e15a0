package io.jrtc.examples.stack;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.examples.Example;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;

/**
 * {@code ortc-demo}: the whole WebRTC stack composed by hand, like pion's ORTC example. Two peers,
 * alice and bob, live in one process, each with its own non-blocking UDP socket on 127.0.0.1; one
 * loop thread drives both with a {@link Selector} and the engines' deadlines.
 *
 * <ol>
 *   <li>[ICE] the agents exchange credentials and candidates in process ("signalling") and connect;</li>
 *   <li>[DTLS] alice (client) and bob (server) handshake over the selected pair, each checking the
 *       other's certificate fingerprint;</li>
 *   <li>[SRTP] both key SRTP from the DTLS exporter and send Opus-like RTP packets every 20 ms;</li>
 *   <li>[SCTP] an association runs over DTLS application data, [DC] alice opens "chat" (DCEP) and a
 *       text message goes each way.</li>
 * </ol>
 * The per-layer wiring and the RFC 7983 demultiplexer are in {@link StackPeer}.
 */
public final class OrtcDemo implements Example {

    static final long TIMEOUT_NANOS = 20_000_000_000L;

    @Override
    public String name() {
        return "ortc-demo";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public String description() {
        return "ICE + DTLS + SRTP + SCTP data channel composed by hand, two peers on 127.0.0.1, every layer narrated";
    }

    @Override
    public int run(String[] args) throws Exception {
        return run(System.out);
    }

    /** A peer and its socket. */
    private static final class Endpoint {
        final DatagramChannel channel;
        final InetSocketAddress address;
        StackPeer peer;

        Endpoint(Selector selector) throws IOException {
            channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
            address = (InetSocketAddress) channel.getLocalAddress();
        }
    }

    public int run(PrintStream out) throws Exception {
        SecureRandom random = new SecureRandom();
        try (Selector selector = Selector.open()) {
            Endpoint a = new Endpoint(selector);
            Endpoint b = new Endpoint(selector);
            try {
                return run(out, random, selector, a, b);
            } finally {
                a.channel.close();
                b.channel.close();
            }
        }
    }

    private static int run(PrintStream out, SecureRandom random, Selector selector, Endpoint a, Endpoint b) throws IOException {
        // each side's certificate; its fingerprint would travel in the SDP (a=fingerprint)
        DtlsCertificate certA = DtlsCertificate.selfSignedEcdsa(random, java.time.Instant.now());
        DtlsCertificate certB = DtlsCertificate.selfSignedEcdsa(random, java.time.Instant.now());
        a.peer = new StackPeer("alice", true, a.address, true, certA, certB.fingerprint("sha-256"), random, random,
                "hello bob, alice here", 0x11111111L, out::println);
        b.peer = new StackPeer("bob", false, b.address, true, certB, certA.fingerprint("sha-256"), random, random,
                "hi alice, this is bob", 0x22222222L, out::println);
        out.println("[ICE] alice on 127.0.0.1:" + a.address.getPort() + ", bob on 127.0.0.1:" + b.address.getPort());
        long start = System.nanoTime();
        StackPeer.signal(start, a.peer, b.peer);

        ByteBuffer buffer = ByteBuffer.allocate(65536);
        Endpoint[] both = {a, b};
        while (!(a.peer.done() && b.peer.done())) {
            for (Endpoint e : both) {
                flush(e);
                if (!e.peer.failures().isEmpty()) {
                    out.println("FAILED: " + e.peer.name() + ": " + e.peer.failures());
                    return 1;
                }
            }
            long now = System.nanoTime();
            if (now - start > TIMEOUT_NANOS) {
                out.println("FAILED: timeout after 20 s: alice done=" + a.peer.done() + ", bob done=" + b.peer.done()
                        + ", DTLS " + a.peer.dtls().state() + "/" + b.peer.dtls().state()
                        + ", ICE " + a.peer.ice().connectionState() + "/" + b.peer.ice().connectionState());
                return 2;
            }
            long deadline = Math.min(a.peer.pollTimeout(), b.peer.pollTimeout());
            long waitMs = deadline == Engine.NO_TIMEOUT ? 100 : Math.max(1, Math.min(100, (deadline - now) / 1_000_000));
            selector.select(waitMs);
            for (SelectionKey key : selector.selectedKeys()) {
                receive((Endpoint) key.attachment(), buffer);
            }
            selector.selectedKeys().clear();
            now = System.nanoTime();
            for (Endpoint e : both) {
                if (e.peer.pollTimeout() <= now) {
                    e.peer.handleTimeout(now);
                }
            }
            if (!a.peer.rtpReceived().isEmpty()) {
                b.peer.stopMedia();
            }
            if (!b.peer.rtpReceived().isEmpty()) {
                a.peer.stopMedia();
            }
        }
        out.printf("[SRTP] alice sent %d media packets, bob got %d; bob sent %d, alice got %d%n",
                a.peer.mediaSent(), b.peer.rtpReceived().size(), b.peer.mediaSent(), a.peer.rtpReceived().size());
        long now = System.nanoTime();
        a.peer.close(now);
        b.peer.close(now);
        flush(a);
        flush(b);
        out.printf("done: the whole stack came up in %d ms%n", (now - start) / 1_000_000);
        return 0;
    }

    /** Reads every datagram waiting on the socket and hands it to the peer (ICE first). */
    private static void receive(Endpoint e, ByteBuffer buffer) throws IOException {
        for (InetSocketAddress from; ; ) {
            buffer.clear();
            from = (InetSocketAddress) e.channel.receive(buffer);
            if (from == null) {
                return;
            }
            buffer.flip();
            byte[] data = new byte[buffer.remaining()];
            buffer.get(data);
            e.peer.handleInput(System.nanoTime(), new Datagram(from, e.address, data));
        }
    }

    /** Writes everything the peer wants sent (loopback only). */
    private static void flush(Endpoint e) throws IOException {
        for (Datagram d; (d = e.peer.pollTransmit()) != null; ) {
            if (d.destination().getAddress().isLoopbackAddress()) {
                e.channel.send(ByteBuffer.wrap(d.data()), d.destination());
            }
        }
    }
}
