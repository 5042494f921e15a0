package io.jrtc.webrtc.transport;

import io.jrtc.core.Datagram;
import io.jrtc.stun.IntegrityKey;
import io.jrtc.stun.MessageClass;
import io.jrtc.stun.Method;
import io.jrtc.stun.StunAttribute;
import io.jrtc.stun.StunMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.jrtc.webrtc.transport.UdpTransportTest.LENIENT;
import static io.jrtc.webrtc.transport.UdpTransportTest.LIMIT;
import static io.jrtc.webrtc.transport.UdpTransportTest.LOOPBACK;
import static io.jrtc.webrtc.transport.UdpTransportTest.STRICT;
import static io.jrtc.webrtc.transport.UdpTransportTest.assertOnLoop;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MuxTransportTest {
    private static final Random RANDOM = new Random(7);

    static byte[] bindingRequest(String username) {
        return StunMessage.builder(MessageClass.REQUEST, Method.BINDING)
                .randomTransactionId(RANDOM)
                .add(new StunAttribute.Username(username))
                .add(new StunAttribute.Priority(0x6e7f00ff))
                .build()
                .encode(IntegrityKey.shortTerm("a password of 22 chars"));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static DatagramSocket client() throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        s.setSoTimeout(5000);
        return s;
    }

    static void send(DatagramSocket from, byte[] data, InetSocketAddress to) throws Exception {
        from.send(new DatagramPacket(data, data.length, to));
    }

    static byte[] receive(DatagramSocket s) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    static Datagram last(EchoEngine e) {
        Datagram d = null;
        for (Datagram x : e.inputs) {
            d = x;
        }
        return d;
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void routesByUsernameThenByTheLearnedAddress(boolean epoll) throws Exception {
        try (EventLoops loops = EventLoops.create(1, epoll);
             MuxTransport mux = MuxTransport.bind(loops, LOOPBACK, 0, 0, STRICT);
             DatagramSocket c1 = client(); DatagramSocket c2 = client(); DatagramSocket c3 = client();
             DatagramSocket c4 = client(); DatagramSocket c5 = client()) {
            InetSocketAddress server = mux.localAddress();
            EchoEngine a = EchoEngine.echo();
            EchoEngine b = EchoEngine.echo();
            EchoEngine c = EchoEngine.sink(); // never answers: its addresses stay unconfirmed
            MuxTransport.Registration ra = mux.register("ufragA", a, () -> { });
            MuxTransport.Registration rb = mux.register("ufragB", b, () -> { });
            MuxTransport.Registration rc = mux.register("ufragC", c, () -> { });
            assertEquals(3, mux.registrations());
            assertEquals("ufragA", ra.localIceUfrag());
            assertSame(mux, ra.mux());

            // 1. STUN by USERNAME
            byte[] stunA = bindingRequest("ufragA:x");
            byte[] stunB = bindingRequest("ufragB:y");
            send(c1, stunA, server);
            send(c2, stunB, server);
            assertArrayEquals(stunA, receive(c1), "A echoed c1's request");
            assertArrayEquals(stunB, receive(c2), "B echoed c2's request");
            assertEquals(1, a.received);
            assertEquals(1, b.received);
            assertEquals(c1.getLocalSocketAddress(), last(a).source());
            assertEquals(server, last(a).destination());
            assertEquals(c2.getLocalSocketAddress(), last(b).source());
            assertEquals("ufragA:x", StunMessage.parse(last(a).data()).attribute(StunAttribute.Username.class)
                    .orElseThrow().value());

            // 2. not STUN: by the address each engine learned (and confirmed by echoing to it)
            send(c1, ascii("hello A"), server);
            send(c2, ascii("hello B"), server);
            assertArrayEquals(ascii("hello A"), receive(c1));
            assertArrayEquals(ascii("hello B"), receive(c2));
            assertArrayEquals(ascii("hello A"), last(a).data());
            assertArrayEquals(ascii("hello B"), last(b).data());

            // a confirmed address keeps its engine, even for STUN naming another ufrag
            byte[] stunBFromC1 = bindingRequest("ufragB:z");
            send(c1, stunBFromC1, server);
            assertArrayEquals(stunBFromC1, receive(c1));
            assertEquals(3, a.received);
            assertEquals(2, b.received);

            // 3. an unknown sender: not STUN, STUN naming nobody, STUN without USERNAME
            send(c3, ascii("who am I"), server);
            send(c3, bindingRequest("nobody:z"), server);
            send(c3, StunMessage.builder(MessageClass.REQUEST, Method.BINDING).randomTransactionId(RANDOM).build()
                    .encodeWithFingerprint(), server);
            Wait.until(() -> mux.stats().unroutable() == 3, LIMIT, () -> "3 unroutable, got " + mux.stats());

            // 4. learned when an engine transmits: B writes to c4 first, c4's datagrams then go to B
            InetSocketAddress c4a = (InetSocketAddress) c4.getLocalSocketAddress();
            rb.execute(() -> b.send(c4a, ascii("B calling")));
            assertArrayEquals(ascii("B calling"), receive(c4));
            send(c4, ascii("c4 to whoever called"), server);
            assertArrayEquals(ascii("c4 to whoever called"), receive(c4));
            assertArrayEquals(ascii("c4 to whoever called"), last(b).data());
            // ... and A sending to c4 as well does not steal it
            ra.execute(() -> a.send(c4a, ascii("A calling too")));
            assertArrayEquals(ascii("A calling too"), receive(c4));
            send(c4, ascii("c4 again"), server);
            assertArrayEquals(ascii("c4 again"), receive(c4));
            assertArrayEquals(ascii("c4 again"), last(b).data());

            // 5. learned from STUN only (unconfirmed): followed by plain data, overridden by STUN naming another
            send(c5, bindingRequest("ufragC:1"), server);
            Wait.until(() -> c.received == 1, LIMIT, () -> "C's STUN");
            send(c5, ascii("data for C"), server);
            Wait.until(() -> c.received == 2, LIMIT, () -> "C's data, by the learned address");
            byte[] stunBFromC5 = bindingRequest("ufragB:2");
            send(c5, stunBFromC5, server);
            assertArrayEquals(stunBFromC5, receive(c5), "B took the unconfirmed address over");
            send(c5, ascii("data for B"), server);
            assertArrayEquals(ascii("data for B"), receive(c5));
            assertEquals(2, c.received);

            // per-engine timers on the one loop
            long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30);
            ra.execute(() -> a.setTimer(at));
            rb.execute(() -> b.setTimer(at + TimeUnit.MILLISECONDS.toNanos(30)));
            Wait.until(() -> a.fired == 1 && b.fired == 1, LIMIT, () -> "both timers");
            assertTrue(a.firedAt >= at && b.firedAt >= at + TimeUnit.MILLISECONDS.toNanos(30));
            assertEquals(0, c.fired);

            // counters: every routed datagram reached its engine
            long routed = a.received + b.received + c.received;
            Wait.until(() -> mux.stats().datagramsOut() == a.transmitted + b.transmitted, LIMIT, () -> "" + mux.stats());
            TransportStats s = mux.stats();
            assertEquals(routed, s.datagramsIn());
            assertEquals(a.receivedBytes + b.receivedBytes + c.receivedBytes, s.bytesIn());
            assertEquals(a.transmittedBytes + b.transmittedBytes, s.bytesOut());
            assertEquals(3, s.unroutable());
            assertEquals(0, s.writeFailures());
            assertEquals(0, s.engineErrors());
            assertOnLoop(a, ra);
            assertOnLoop(b, rb);
            assertOnLoop(c, rc);

            // 6. closing a registration forgets its ufrag and its addresses
            ra.close();
            ra.close();
            assertTrue(ra.isClosed());
            assertEquals(2, mux.registrations());
            long aBefore = a.received;
            send(c1, ascii("A is gone"), server);
            send(c1, bindingRequest("ufragA:x"), server);
            Wait.until(() -> mux.stats().unroutable() == 5, LIMIT, () -> "5 unroutable, got " + mux.stats());
            assertEquals(aBefore, a.received);
            // the ufrag is free again; the new engine learns c1 afresh
            EchoEngine a2 = EchoEngine.echo();
            MuxTransport.Registration ra2 = mux.register("ufragA", a2, () -> { });
            byte[] again = bindingRequest("ufragA:x");
            send(c1, again, server);
            assertArrayEquals(again, receive(c1));
            assertEquals(1, a2.received);
            assertNull(ra2.firstEngineError());
            assertNull(mux.firstEngineError());
        }
    }

    @Test
    void registrationRules() throws Exception {
        try (EventLoops loops = EventLoops.create()) {
            MuxTransport mux = MuxTransport.bind(loops, LOOPBACK, 0, 0, STRICT);
            MuxTransport.Registration r = mux.register("abcd", EchoEngine.echo(), () -> { });
            assertThrows(IllegalArgumentException.class, () -> mux.register("abcd", EchoEngine.echo(), () -> { }));
            assertThrows(IllegalArgumentException.class, () -> mux.register("a:b", EchoEngine.echo(), () -> { }));
            assertThrows(IllegalArgumentException.class, () -> mux.register("", EchoEngine.echo(), () -> { }));
            MuxTransport.Registration other = mux.register("efgh", EchoEngine.echo(), () -> { });
            assertThrows(IllegalArgumentException.class, () -> r.addUfrag("efgh"));
            r.addUfrag("ijkl"); // an ICE restart's new ufrag
            r.addUfrag("ijkl");
            assertThrows(IllegalArgumentException.class, () -> mux.register("ijkl", EchoEngine.echo(), () -> { }));
            other.close();
            r.close();
            mux.register("ijkl", EchoEngine.echo(), () -> { }); // freed by close
            mux.close();
            assertThrows(IllegalStateException.class, () -> mux.register("mnop", EchoEngine.echo(), () -> { }));
        }
    }

    @Test
    void anAddedUfragRoutesToo() throws Exception {
        try (EventLoops loops = EventLoops.create();
             MuxTransport mux = MuxTransport.bind(loops, LOOPBACK, 0, 0, STRICT);
             DatagramSocket c1 = client()) {
            EchoEngine e = EchoEngine.echo();
            MuxTransport.Registration r = mux.register("before", e, () -> { });
            r.addUfrag("after");
            byte[] stun = bindingRequest("after:theirs");
            send(c1, stun, mux.localAddress());
            assertArrayEquals(stun, receive(c1));
            assertEquals(1, e.received);
        }
    }

    @Test
    void anEngineThatThrowsIsCountedAndTheOthersGoOn() throws Exception {
        try (EventLoops loops = EventLoops.create();
             DatagramSocket c1 = client(); DatagramSocket c2 = client()) {
            MuxTransport mux = MuxTransport.bind(loops, LOOPBACK, 0, 0, LENIENT);
            EchoEngine a = EchoEngine.echo();
            EchoEngine b = EchoEngine.echo();
            MuxTransport.Registration ra = mux.register("ua", a, () -> { });
            MuxTransport.Registration rb = mux.register("ub", b, () -> { });
            InetSocketAddress server = mux.localAddress();
            send(c1, bindingRequest("ua:1"), server);
            send(c2, bindingRequest("ub:2"), server);
            receive(c1);
            receive(c2);
            send(c2, ascii("X: B throws on this"), server);
            Wait.until(() -> mux.stats().engineErrors() == 1, LIMIT, () -> "B's error, got " + mux.stats());
            send(c1, ascii("A is fine"), server);
            send(c2, ascii("B is fine too"), server);
            assertArrayEquals(ascii("A is fine"), receive(c1));
            assertArrayEquals(ascii("B is fine too"), receive(c2));
            assertNull(ra.firstEngineError());
            assertTrue(rb.firstEngineError() instanceof IllegalStateException);
            assertSame(rb.firstEngineError(), mux.firstEngineError());
            rb.close(); // lenient: no throw
            mux.close();

            // strict: the registration's close rethrows its engine's error, the mux's close any engine's
            MuxTransport strict = MuxTransport.bind(loops, LOOPBACK, 0, 0, STRICT);
            EchoEngine s = EchoEngine.echo();
            MuxTransport.Registration rs = strict.register("us", s, () -> { });
            MuxTransport.Registration quiet = strict.register("uq", EchoEngine.echo(), () -> { });
            send(c1, bindingRequest("us:1"), strict.localAddress());
            receive(c1);
            send(c1, ascii("X again"), strict.localAddress());
            Wait.until(() -> strict.stats().engineErrors() == 1, LIMIT, () -> "the error, got " + strict.stats());
            quiet.close(); // its own engine never threw
            IllegalStateException e = assertThrows(IllegalStateException.class, rs::close);
            assertSame(rs.firstEngineError(), e.getCause());
            assertThrows(IllegalStateException.class, strict::close);
        }
    }

    @Test
    void manyEnginesEachGetTheirOwnPeer() throws Exception {
        int n = 100;
        try (EventLoops loops = EventLoops.create();
             MuxTransport mux = MuxTransport.bind(loops, LOOPBACK, 0, 0, STRICT)) {
            List<EchoEngine> engines = new ArrayList<>();
            List<DatagramSocket> peers = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    EchoEngine e = EchoEngine.echo();
                    engines.add(e);
                    mux.register("u" + i, e, () -> { });
                    peers.add(client());
                }
                for (int i = 0; i < n; i++) {
                    send(peers.get(i), bindingRequest("u" + i + ":peer"), mux.localAddress());
                    send(peers.get(i), ascii("data " + i), mux.localAddress());
                }
                for (int i = 0; i < n; i++) {
                    receive(peers.get(i));
                    assertArrayEquals(ascii("data " + i), receive(peers.get(i)));
                    EchoEngine e = engines.get(i);
                    assertEquals(2, e.received, "engine " + i);
                    for (Datagram d : e.inputs) {
                        assertEquals(peers.get(i).getLocalSocketAddress(), d.source(), "engine " + i);
                    }
                }
                assertEquals(2L * n, mux.stats().datagramsIn());
                assertEquals(0, mux.stats().unroutable());
            } finally {
                for (DatagramSocket p : peers) {
                    p.close();
                }
            }
        }
    }

    @Test
    void theUsernameScanFindsTheUfragAndNeverThrows() {
        assertEquals("ufragA", MuxTransport.stunUsernameUfrag(bindingRequest("ufragA:x")));
        assertEquals("noColon", MuxTransport.stunUsernameUfrag(bindingRequest("noColon")));
        assertNull(MuxTransport.stunUsernameUfrag(bindingRequest(":x")));
        assertNull(MuxTransport.stunUsernameUfrag(ascii("not STUN at all, just some bytes")));
        assertNull(MuxTransport.stunUsernameUfrag(new byte[0]));
        // USERNAME after another attribute, with padding
        byte[] m = StunMessage.builder(MessageClass.REQUEST, Method.BINDING).randomTransactionId(RANDOM)
                .add(new StunAttribute.Software("jrtc"))
                .add(new StunAttribute.Priority(1))
                .add(new StunAttribute.Username("uf:rest"))
                .build().encode();
        assertEquals("uf", MuxTransport.stunUsernameUfrag(m));
        // a success response (first byte 1) counts too
        byte[] response = StunMessage.builder(MessageClass.SUCCESS_RESPONSE, Method.BINDING).randomTransactionId(RANDOM)
                .add(new StunAttribute.Username("resp:x")).build().encode();
        assertEquals(1, response[0]);
        assertEquals("resp", MuxTransport.stunUsernameUfrag(response));
        // an attribute length that runs past the end
        byte[] bad = bindingRequest("ufragA:x").clone();
        bad[22] = (byte) 0xff;
        bad[23] = (byte) 0xff;
        assertNull(MuxTransport.stunUsernameUfrag(bad));
        // every truncation and a million random mutations: an answer or null, never an exception
        byte[] good = bindingRequest("ufragA:x");
        for (int len = 0; len <= good.length; len++) {
            String u = MuxTransport.stunUsernameUfrag(Arrays.copyOf(good, len));
            assertTrue(u == null || u.startsWith("ufrag"), u);
        }
        Random r = new Random(42);
        for (int i = 0; i < 1_000_000; i++) {
            byte[] x = good.clone();
            for (int k = 1 + r.nextInt(4); k > 0; k--) {
                x[r.nextInt(x.length)] = (byte) r.nextInt();
            }
            byte[] y = Arrays.copyOf(x, r.nextInt(x.length + 1));
            MuxTransport.stunUsernameUfrag(y);
        }
    }

    @Test
    void closingTheMuxReleasesItsPortAndStopsItsEngines() throws Exception {
        try (EventLoops loops = EventLoops.create()) {
            MuxTransport mux = MuxTransport.bind(loops, LOOPBACK, 0, 0, STRICT);
            EchoEngine e = EchoEngine.echo();
            MuxTransport.Registration r = mux.register("u", e, () -> { });
            r.execute(() -> e.setTimer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50)));
            int port = mux.localAddress().getPort();
            mux.close();
            mux.close();
            assertTrue(r.isClosed());
            Thread.sleep(100);
            assertEquals(0, e.fired);
            try (MuxTransport again = MuxTransport.bind(loops, LOOPBACK, port, port, STRICT)) {
                assertEquals(port, again.localAddress().getPort());
            }
        }
    }

}
