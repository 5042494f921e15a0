package io.jrtc.ice;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Drives sans-IO engines over real UDP sockets on 127.0.0.1 in real time (for interop tests): each
 * engine owns some sockets; what it transmits leaves from the socket named by the datagram's source.
 */
final class LoopbackRunner implements AutoCloseable {

    interface Input {
        void handle(long now, Datagram d);
    }

    private static final class Entry {
        final Engine<Datagram, ?> engine;
        final Input input;
        final List<Object> events = new ArrayList<>();

        Entry(Engine<Datagram, ?> engine, Input input) {
            this.engine = engine;
            this.input = input;
        }
    }

    private final Selector selector;
    private final Map<InetSocketAddress, DatagramChannel> sockets = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(65536);

    /** Virtual time added to the real clock, so a test can jump a sans-IO engine minutes ahead. */
    private static long offset;

    LoopbackRunner() {
        offset = 0;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binds a socket on 127.0.0.1 (an ephemeral port) and returns its address. */
    InetSocketAddress bind() {
        try {
            DatagramChannel ch = DatagramChannel.open();
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            ch.configureBlocking(false);
            InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
            sockets.put(local, ch);
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers an engine for the sockets in {@code locals}; returns the list its events are collected into. */
    List<Object> add(Engine<Datagram, ?> engine, Input input, InetSocketAddress... locals) {
        Entry e = new Entry(engine, input);
        entries.add(e);
        for (InetSocketAddress l : locals) {
            try {
                sockets.get(l).register(selector, SelectionKey.OP_READ, e);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return e.events;
    }

    /** Sends raw bytes from one of our sockets (for hand-written peers such as an echo). */
    void sendRaw(InetSocketAddress from, InetSocketAddress to, byte[] data) {
        try {
            sockets.get(from).send(ByteBuffer.wrap(data), to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Receives one datagram on a socket that no engine owns, waiting up to {@code wait}; null if none. */
    Datagram receiveRaw(InetSocketAddress on, Duration wait) {
        long end = now() + wait.toNanos();
        DatagramChannel ch = sockets.get(on);
        try {
            while (now() < end) {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) ch.receive(buffer);
                if (from != null) {
                    buffer.flip();
                    byte[] data = new byte[buffer.remaining()];
                    buffer.get(data);
                    return new Datagram(from, on, data);
                }
                step(Duration.ofMillis(2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }

    /** The clock every engine here is driven with: the real monotonic clock plus the jumps made so far. */
    static long now() {
        return System.nanoTime() + offset;
    }

    /** Jumps the engines' clock ahead (the sockets and the peer on them stay in real time). */
    void advance(Duration d) {
        offset += d.toNanos();
    }

    /** Runs until {@code done} or {@code limit} of real time; returns whether done. */
    boolean runUntil(BooleanSupplier done, Duration limit) {
        long end = now() + limit.toNanos();
        while (now() < end) {
            if (done.getAsBoolean()) {
                return true;
            }
            step(Duration.ofMillis(20));
        }
        return done.getAsBoolean();
    }

    void step(Duration maxWait) {
        try {
            flush();
            long now = now();
            long deadline = now + maxWait.toNanos();
            for (Entry e : entries) {
                deadline = Math.min(deadline, e.engine.pollTimeout());
            }
            long waitMs = Math.max(0, (deadline - now) / 1_000_000);
            if (waitMs == 0) {
                selector.selectNow();
            } else {
                selector.select(waitMs);
            }
            for (SelectionKey k : selector.selectedKeys()) {
                DatagramChannel ch = (DatagramChannel) k.channel();
                Entry e = (Entry) k.attachment();
                InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
                while (true) {
                    buffer.clear();
                    InetSocketAddress from = (InetSocketAddress) ch.receive(buffer);
                    if (from == null) {
                        break;
                    }
                    buffer.flip();
                    byte[] data = Arrays.copyOf(buffer.array(), buffer.limit());
                    e.input.handle(now(), new Datagram(from, local, data));
                }
            }
            selector.selectedKeys().clear();
            now = now();
            for (Entry e : entries) {
                if (e.engine.pollTimeout() <= now) {
                    e.engine.handleTimeout(now);
                }
            }
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flush() throws IOException {
        for (Entry e : entries) {
            for (Datagram d; (d = e.engine.pollTransmit()) != null; ) {
                DatagramChannel ch = sockets.get(d.source());
                if (ch != null && d.destination().getAddress().isLoopbackAddress()) {
                    ch.send(ByteBuffer.wrap(d.data()), d.destination());
                }
            }
            for (Object ev; (ev = e.engine.pollEvent()) != null; ) {
                e.events.add(ev);
            }
        }
    }

    @Override
    public void close() {
        for (DatagramChannel ch : sockets.values()) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
