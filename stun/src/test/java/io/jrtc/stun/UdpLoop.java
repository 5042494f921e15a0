package io.jrtc.stun;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Drives a sans-IO engine on a real UDP socket (loopback only, for interop tests): sends its
 * transmits, feeds it what arrives, fires its timers with {@link System#nanoTime()}.
 */
final class UdpLoop<E> implements AutoCloseable {
    interface Input {
        void handle(long now, Datagram datagram);
    }

    private final Engine<Datagram, E> engine;
    private final Input input;
    private final DatagramChannel channel;
    private final Selector selector;
    private final InetSocketAddress local;
    private final List<E> events = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(65536);

    UdpLoop(Engine<Datagram, E> engine, Input input, DatagramChannel channel) throws IOException {
        this.engine = engine;
        this.input = input;
        this.channel = channel;
        if (!((InetSocketAddress) channel.getLocalAddress()).getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("interop tests use loopback only");
        }
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    static DatagramChannel bindLoopback() throws IOException {
        return DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    InetSocketAddress local() {
        return local;
    }

    /** Events so far (this loop's thread only, or after {@link #runUntil} returned). */
    List<E> events() {
        return events;
    }

    /** Runs until {@code done} or {@code limitMillis} of real time passed; returns whether done. */
    boolean runUntil(BooleanSupplier done, long limitMillis) throws IOException {
        long end = System.nanoTime() + limitMillis * 1_000_000L;
        while (true) {
            drain();
            if (done.getAsBoolean()) {
                return true;
            }
            long now = System.nanoTime();
            if (now >= end) {
                return false;
            }
            long until = Math.min(end, engine.pollTimeout());
            long waitMs = Math.max(1, (until - now + 999_999) / 1_000_000);
            selector.select(Math.min(waitMs, 100));
            selector.selectedKeys().clear();
            for (SocketAddress from; (from = channel.receive(buffer.clear())) != null; ) {
                byte[] data = new byte[buffer.flip().remaining()];
                buffer.get(data);
                input.handle(System.nanoTime(), new Datagram((InetSocketAddress) from, local, data));
            }
            now = System.nanoTime();
            if (now >= engine.pollTimeout()) {
                engine.handleTimeout(now);
            }
        }
    }

    private void drain() throws IOException {
        for (Datagram d; (d = engine.pollTransmit()) != null; ) {
            if (!d.destination().getAddress().isLoopbackAddress()) {
                throw new IllegalStateException("refusing to send off loopback: " + d.destination());
            }
            channel.send(ByteBuffer.wrap(d.data()), d.destination());
        }
        for (E e; (e = engine.pollEvent()) != null; ) {
            events.add(e);
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
