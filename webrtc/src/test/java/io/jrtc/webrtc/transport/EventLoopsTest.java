package io.jrtc.webrtc.transport;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLoopsTest {

    @Test
    void epollWhereAvailableNioOtherwise() {
        try (EventLoops loops = EventLoops.create(1, true)) {
            assertEquals(Epoll.isAvailable(), loops.isEpoll());
            assertEquals(loops.isEpoll() ? EpollDatagramChannel.class : NioDatagramChannel.class,
                    loops.datagramChannelClass());
        }
        try (EventLoops loops = EventLoops.create(1, false)) {
            assertFalse(loops.isEpoll());
            assertEquals(NioDatagramChannel.class, loops.datagramChannelClass());
        }
        System.out.println("epoll available here: " + Epoll.isAvailable()
                + (Epoll.isAvailable() ? "" : " (" + Epoll.unavailabilityCause() + ")"));
    }

    @Test
    void threadsAreConfigurableAndAssignedRoundRobin() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> EventLoops.create(0));
        try (EventLoops loops = EventLoops.create(3)) {
            assertEquals(3, loops.threads());
            Thread a = loops.next().submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
            Thread b = loops.next().submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
            assertNotSame(a, b);
            assertTrue(a.isDaemon());
            assertTrue(a.getName().startsWith("jrtc-io"), a.getName());
        }
        try (EventLoops one = EventLoops.create()) {
            assertEquals(1, one.threads());
        }
    }

    @Test
    void closeWaitsForTheThreadsAndIsIdempotent() throws Exception {
        EventLoops loops = EventLoops.create(2);
        Thread t = loops.next().submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        loops.close();
        assertTrue(loops.isClosed());
        assertTrue(loops.group().isTerminated());
        t.join(1000);
        assertFalse(t.isAlive());
        loops.close();
        assertThrows(IllegalStateException.class, () -> UdpTransport.bind(loops, UdpTransportTest.LOOPBACK, 0, 0));
    }

    @Test
    void closeOnALoopThreadDoesNotDeadlock() throws Exception {
        EventLoops loops = EventLoops.create(1);
        loops.next().submit(loops::close).get(5, TimeUnit.SECONDS);
        assertTrue(loops.group().awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void closingTheLoopsClosesTheTransportsStillOpen() throws Exception {
        EventLoops loops = EventLoops.create(1);
        UdpTransport t = UdpTransport.bind(loops, UdpTransportTest.LOOPBACK, 0, 0);
        t.start(EchoEngine.echo(), () -> { });
        MuxTransport mux = MuxTransport.bind(loops, UdpTransportTest.LOOPBACK, 0, 0);
        MuxTransport.Registration r = mux.register("u", EchoEngine.echo(), () -> { });
        int port = t.localAddress().getPort();
        int muxPort = mux.localAddress().getPort();
        loops.close();
        assertTrue(t.isClosed());
        assertTrue(r.isClosed());
        for (int p : new int[] {port, muxPort}) {
            try (java.net.DatagramSocket s = new java.net.DatagramSocket(
                    new java.net.InetSocketAddress(UdpTransportTest.LOOPBACK, p))) {
                assertEquals(p, s.getLocalPort());
            }
        }
        t.close(); // after the loops: quiet
        mux.close();
    }
}
