package io.jrtc.dtls;

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

/** Runs a DtlsEndpoint over a real UDP socket on 127.0.0.1 (tests only; the endpoint stays sans-IO). */
final class UdpDriver implements AutoCloseable {
    final DatagramChannel channel;
    final Selector selector;
    final DtlsEndpoint endpoint;
    final List<DtlsEvent> events = new ArrayList<>();
    SocketAddress peer;

    UdpDriver(DtlsEndpoint endpoint, InetSocketAddress bind, SocketAddress peer) throws IOException {
        this.endpoint = endpoint;
        this.peer = peer;
        channel = DatagramChannel.open();
        channel.bind(bind);
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    int localPort() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    void flush() throws IOException {
        for (byte[] d; (d = endpoint.pollTransmit()) != null; ) {
            if (peer != null) channel.send(ByteBuffer.wrap(d), peer);
        }
        for (DtlsEvent e; (e = endpoint.pollEvent()) != null; ) events.add(e);
    }

    /** Pumps until {@code done} or {@code millis} of real time pass; returns done. */
    boolean runUntil(BooleanSupplier done, long millis) throws IOException {
        long end = System.nanoTime() + millis * 1_000_000L;
        ByteBuffer buf = ByteBuffer.allocate(65536);
        flush();
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now >= end) return false;
            long wait = Math.min(end, endpoint.pollTimeout()) - now;
            if (wait > 0) selector.select(Math.max(1, Math.min(50, wait / 1_000_000)));
            selector.selectedKeys().clear();
            for (SocketAddress from; (from = channel.receive(buf.clear())) != null; ) {
                if (peer == null) peer = from;
                buf.flip();
                byte[] d = new byte[buf.remaining()];
                buf.get(d);
                endpoint.handleInput(System.nanoTime(), d);
            }
            now = System.nanoTime();
            if (now >= endpoint.pollTimeout()) endpoint.handleTimeout(now);
            flush();
        }
        return true;
    }

    boolean has(Class<? extends DtlsEvent> type) {
        return events.stream().anyMatch(type::isInstance);
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
