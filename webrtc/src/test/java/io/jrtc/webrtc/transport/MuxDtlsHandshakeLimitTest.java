package io.jrtc.webrtc.transport;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;
import io.jrtc.webrtc.core.DatagramEngine;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The mux port's limit of concurrent DTLS server handshakes ({@link MuxTransport#maxDtlsHandshakes}):
 * engines that stand for DTLS servers (in a handshake until told "done"), ClientHello-shaped datagrams
 * from real loopback sockets. The datagrams are sent one at a time and each is awaited, so the counts
 * are exact.
 */
class MuxDtlsHandshakeLimitTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A DTLS server stand-in: handshaking until it receives "done"; it first sends "hi" to its peer (so the mux routes the peer to it). */
    static final class Server implements DatagramEngine<Void> {
        final ConcurrentLinkedQueue<Datagram> out = new ConcurrentLinkedQueue<>();
        final AtomicInteger clientHellos = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        volatile boolean handshaking = true;
        volatile java.util.function.BooleanSupplier underLoad;

        Server(InetSocketAddress mux, InetSocketAddress peer) {
            out.add(new Datagram(mux, peer, "hi".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }

        @Override
        public void handleInput(long now, Datagram d) {
            if (MuxTransport.isClientHello(d.data())) {
                clientHellos.incrementAndGet();
            } else if (new String(d.data(), java.nio.charset.StandardCharsets.US_ASCII).equals("done")) {
                handshaking = false;
            }
        }

        @Override
        public boolean dtlsHandshaking() {
            return handshaking;
        }

        @Override
        public void dtlsLoadSignal(java.util.function.BooleanSupplier signal) {
            underLoad = signal;
        }

        @Override
        public void dtlsHandshakeRefused() {
            refused.incrementAndGet();
        }

        @Override
        public void handleTimeout(long now) {
        }

        @Override
        public Datagram pollTransmit() {
            return out.poll();
        }

        @Override
        public Void pollEvent() {
            return null;
        }

        @Override
        public long pollTimeout() {
            return Engine.NO_TIMEOUT;
        }
    }

    /** A ClientHello as far as the mux looks: DTLS 1.2 record, epoch 0, handshake type 1. */
    static byte[] clientHello(int seq) {
        byte[] b = new byte[13 + 12 + 40];
        b[0] = 22;
        b[1] = (byte) 0xFE;
        b[2] = (byte) 0xFD;
        b[10] = (byte) seq;
        b[12] = 52;
        b[13] = 1;
        return b;
    }

    @Test
    void clientHellosBeyondTheLimitAreDroppedUntilAPlaceIsFree() throws Exception {
        try (EventLoops loops = EventLoops.create(1, false);
             MuxTransport mux = MuxTransport.bind(loops, LOOPBACK, 0, 0).maxDtlsHandshakes(2)) {
            assertEquals(MuxTransport.DEFAULT_MAX_DTLS_HANDSHAKES, 128);
            assertThrows(IllegalArgumentException.class, () -> mux.maxDtlsHandshakes(0));
            List<DatagramSocket> clients = new ArrayList<>();
            List<Server> servers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    DatagramSocket c = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                    c.setSoTimeout(5000);
                    clients.add(c);
                    Server s = new Server(mux.localAddress(), (InetSocketAddress) c.getLocalSocketAddress());
                    servers.add(s);
                    mux.register("srv" + i, s, () -> { });
                    c.receive(new DatagramPacket(new byte[16], 16)); // "hi": the mux now routes c to s
                }
                assertEquals(false, underLoad(mux, servers.get(0)), "no handshake yet");
                // two handshakes take the two places; the third's ClientHellos are dropped, twice
                send(clients.get(0), mux, clientHello(0));
                Wait.until(() -> servers.get(0).clientHellos.get() == 1, Duration.ofSeconds(5), () -> "first ClientHello");
                assertEquals(true, underLoad(mux, servers.get(2)), "one of two places taken: under load");
                send(clients.get(1), mux, clientHello(0));
                Wait.until(() -> servers.get(1).clientHellos.get() == 1, Duration.ofSeconds(5), () -> "second ClientHello");
                for (int k = 0; k < 2; k++) {
                    send(clients.get(2), mux, clientHello(k));
                    int want = k + 1;
                    Wait.until(() -> mux.dtlsHandshakesRefused() == want, Duration.ofSeconds(5), () -> "refusal " + want);
                }
                assertEquals(0, servers.get(2).clientHellos.get(), "the third server never saw a ClientHello");
                assertEquals(2, servers.get(2).refused.get(), "and counted both in its own stats");
                // a ClientHello of a handshake that holds a place still goes through (a retransmission)
                send(clients.get(0), mux, clientHello(1));
                Wait.until(() -> servers.get(0).clientHellos.get() == 2, Duration.ofSeconds(5), () -> "a retransmitted ClientHello");
                // the first handshake ends: its place is given back, the third client's retransmission gets it
                send(clients.get(0), mux, "done".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                Wait.until(() -> !servers.get(0).handshaking, Duration.ofSeconds(5), () -> "first handshake done");
                send(clients.get(2), mux, clientHello(2));
                Wait.until(() -> servers.get(2).clientHellos.get() == 1, Duration.ofSeconds(5), () -> "the third served");
                assertEquals(2, mux.dtlsHandshakesRefused());
                assertEquals(0, servers.get(0).refused.get() + servers.get(1).refused.get());
            } finally {
                for (DatagramSocket c : clients) {
                    c.close();
                }
            }
        }
    }

    /** The load signal the mux gave the engine, read on the loop as an engine would. */
    static boolean underLoad(MuxTransport mux, Server s) throws Exception {
        Wait.until(() -> s.underLoad != null, Duration.ofSeconds(5), () -> "the load signal");
        return mux.eventLoop().submit(() -> s.underLoad.getAsBoolean()).get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    static void send(DatagramSocket from, MuxTransport mux, byte[] data) throws Exception {
        from.send(new DatagramPacket(data, data.length, mux.localAddress()));
    }
}
