package io.jrtc.webrtc;

import io.jrtc.webrtc.transport.EventLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood at a connected peer: for 10 s, random datagrams (every first-byte range: STUN, DTLS, RTP/RTCP,
 * the rest) from a stranger's loopback socket, and the same plus replays of every datagram Alice really
 * sent, from the address Alice's traffic comes from (the two connections talk through a small UDP
 * relay, so the test owns that address). Through it all Alice keeps sending on her channel and Bob keeps
 * echoing; afterwards the connection still works, Bob counted the flood (nothing lost silently) and his
 * heap after GC is where it was before.
 */
class FloodTest {
    static final Pattern HOST = Pattern.compile("(a=candidate:\\S+ 1 udp \\d+ 127\\.0\\.0\\.1 )(\\d+)( typ host)");

    /** Forwards between Alice and Bob; records what Alice sends Bob, for replays from the path's own address. */
    static final class Relay implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        volatile InetSocketAddress alice;
        volatile InetSocketAddress bob;
        final List<byte[]> toBob = new ArrayList<>();
        final Thread thread;

        Relay() throws SocketException {
            thread = new Thread(this::run, "flood-relay");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void run() {
            byte[] buf = new byte[65535];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
                    InetSocketAddress to = from.equals(alice) ? bob : from.equals(bob) ? alice : null;
                    if (to == null) {
                        continue;
                    }
                    if (to == bob) {
                        synchronized (toBob) {
                            if (toBob.size() < 5000) {
                                toBob.add(java.util.Arrays.copyOf(buf, p.getLength()));
                            }
                        }
                    }
                    socket.send(new DatagramPacket(buf, p.getLength(), to));
                } catch (java.io.IOException e) {
                    // closed, or a send refused under load: the flood is about exactly that
                }
            }
        }

        /** Sends {@code data} to Bob from the relay's address: what Bob believes is Alice. */
        void injectToBob(byte[] data) throws java.io.IOException {
            socket.send(new DatagramPacket(data, data.length, bob));
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    static int port(String sdp) {
        Matcher m = HOST.matcher(sdp);
        assertTrue(m.find(), sdp);
        return Integer.parseInt(m.group(2));
    }

    static String viaRelay(String sdp, int relayPort) {
        return HOST.matcher(sdp).replaceAll("$1" + relayPort + "$3");
    }

    static long heapAfterGc() throws InterruptedException {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return min;
    }

    @Test
    @Timeout(90)
    void aFloodOfRandomAndReplayedDatagramsDoesNotStopTheEcho() throws Exception {
        try (EventLoops loops = EventLoops.create(2);
             Relay relay = new Relay();
             PeerConnection alice = new PeerConnection(RtcConfiguration.builder().loopbackOnly().eventLoops(loops).label("alice").build());
             PeerConnection bob = new PeerConnection(RtcConfiguration.builder().loopbackOnly().eventLoops(loops).label("bob").build());
             DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            bob.onDataChannel(ch -> ch.onMessage(m -> ch.send(m.text())));
            RtcDataChannel chat = alice.createDataChannel("chat");
            CountDownLatch open = new CountDownLatch(1);
            chat.onOpen(open::countDown);
            AtomicInteger echoes = new AtomicInteger();
            AtomicLong lastEcho = new AtomicLong();
            chat.onMessage(m -> {
                echoes.incrementAndGet();
                lastEcho.set(System.nanoTime());
            });
            // both sides only know the relay's port (complete descriptions: every candidate inside)
            alice.setLocalDescription().get(5, TimeUnit.SECONDS);
            alice.gatheringComplete().get(5, TimeUnit.SECONDS);
            String offer = alice.localDescription().sdp();
            relay.alice = new InetSocketAddress(InetAddress.getLoopbackAddress(), port(offer));
            bob.setRemoteDescription(RtcSessionDescription.offer(viaRelay(offer, relay.port()))).get(5, TimeUnit.SECONDS);
            bob.setLocalDescription(bob.createAnswer().get(5, TimeUnit.SECONDS)).get(5, TimeUnit.SECONDS);
            bob.gatheringComplete().get(5, TimeUnit.SECONDS);
            String answer = bob.localDescription().sdp();
            relay.bob = new InetSocketAddress(InetAddress.getLoopbackAddress(), port(answer));
            alice.setRemoteDescription(RtcSessionDescription.answer(viaRelay(answer, relay.port()))).get(5, TimeUnit.SECONDS);
            assertTrue(open.await(15, TimeUnit.SECONDS), "the channel opens through the relay; alice " + alice.connectionState());
            // the channel works and some of Alice's traffic was recorded
            for (int i = 0; i < 20; i++) {
                chat.send("warm-up " + i);
            }
            waitFor(() -> echoes.get() >= 20, 10_000, "20 echoes before the flood");
            long heapBefore = heapAfterGc();
            long receivedBefore = bob.getStats().get(5, TimeUnit.SECONDS).first("transport").getLong("packetsReceived");

            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong sent = new AtomicLong();
            Thread flood = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(17);
                List<byte[]> recorded;
                synchronized (relay.toBob) {
                    recorded = new ArrayList<>(relay.toBob);
                }
                byte[] firstBytes = {0, 1, 20, 22, 23, 63, (byte) 128, (byte) 144, (byte) 191, (byte) 200, 64, 79, (byte) 255};
                try {
                    while (flooding.get()) {
                        byte[] d;
                        int kind = r.nextInt(3);
                        if (kind == 0 && !recorded.isEmpty()) {
                            d = recorded.get(r.nextInt(recorded.size())); // a replay, as it was
                        } else {
                            d = new byte[1 + r.nextInt(1400)];
                            r.nextBytes(d);
                            d[0] = firstBytes[r.nextInt(firstBytes.length)];
                        }
                        if (r.nextBoolean()) {
                            relay.injectToBob(d); // from the path: through ICE to DTLS, SRTP, the demux
                        } else {
                            stranger.send(new DatagramPacket(d, d.length, relay.bob)); // from an address on no pair
                        }
                        sent.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "flood");
            long start = System.nanoTime();
            flood.start();
            int echoesAtStart = echoes.get();
            int sentMessages = 0;
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                chat.send("during the flood " + sentMessages++);
                Thread.sleep(20);
            }
            flooding.set(false);
            flood.join(5_000);
            int duringFlood = echoes.get() - echoesAtStart;
            System.out.println("flood: " + sent.get() + " datagrams in 10 s; " + sentMessages + " messages sent, "
                    + duringFlood + " echoed during the flood");
            assertTrue(sent.get() > 10_000, "a flood: " + sent.get());
            // every message comes back (SCTP retransmits what the flood made the sockets drop)
            int want = echoesAtStart + sentMessages;
            waitFor(() -> echoes.get() >= want, 30_000, "all " + sentMessages + " echoes, have " + (echoes.get() - echoesAtStart));
            assertEquals(want, echoes.get());
            assertEquals(PeerConnectionState.CONNECTED, bob.connectionState());
            assertEquals(PeerConnectionState.CONNECTED, alice.connectionState());
            String probe = "after the flood";
            chat.send(probe);
            waitFor(() -> echoes.get() == want + 1, 10_000, "the echo after the flood");

            RtcStats t = bob.getStats().get(5, TimeUnit.SECONDS).first("transport");
            assertTrue(t.getLong("packetsReceived") - receivedBefore > 1000,
                    "the path's share of the flood reached Bob's layers: " + t);
            assertEquals(0, t.getLong("jrtcInternalErrors"), t.toString());
            long dropped = t.getLong("jrtcUnmatchedDatagrams") + t.getLong("jrtcSrtpBeforeKeys")
                    + t.getLong("jrtcDtlsDroppedRecords") + t.getLong("jrtcDtlsDroppedDatagrams");
            assertTrue(dropped > 100, "what the layers could not use was counted: " + t);
            assertNull(bob.firstEngineError());
            long heapAfter = heapAfterGc();
            System.out.printf("heap after GC: %,d bytes before the flood, %,d after%n", heapBefore, heapAfter);
            assertTrue(heapAfter - heapBefore < 16L << 20, "heap after GC grew by " + (heapAfter - heapBefore) + " bytes");
        }
    }

    static void waitFor(java.util.function.BooleanSupplier c, long millis, String what) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }
}
