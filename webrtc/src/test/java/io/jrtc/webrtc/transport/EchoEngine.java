package io.jrtc.webrtc.transport;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;
import io.jrtc.webrtc.core.DatagramEngine;

import java.net.InetSocketAddress;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A tiny engine for the transport tests: echoes every datagram to its sender (unless told not to),
 * records what it got, has one timer that fires at a set time (reporting the event "timer" and
 * optionally sending a tick), and throws on a datagram whose first byte is 'X'. It records every
 * thread that calls it, so tests can check it ran on its loop only.
 */
final class EchoEngine implements DatagramEngine<String> {
    final boolean echo;
    final boolean record;
    final Queue<Datagram> inputs = new ConcurrentLinkedQueue<>();
    final Queue<Datagram> out = new ConcurrentLinkedQueue<>();
    final Queue<String> events = new ConcurrentLinkedQueue<>();
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    volatile long received;
    volatile long receivedBytes;
    volatile long transmitted;
    volatile long transmittedBytes;
    volatile long timerAt = Engine.NO_TIMEOUT;
    volatile long firedAt;
    volatile int fired;
    volatile InetSocketAddress tickTo;

    EchoEngine(boolean echo, boolean record) {
        this.echo = echo;
        this.record = record;
    }

    static EchoEngine echo() {
        return new EchoEngine(true, true);
    }

    static EchoEngine sink() {
        return new EchoEngine(false, true);
    }

    private void touch() {
        threads.add(Thread.currentThread());
    }

    @Override
    public void handleInput(long now, Datagram d) {
        touch();
        received++;
        receivedBytes += d.data().length;
        if (record) {
            inputs.add(d);
        }
        if (d.data().length > 0 && d.data()[0] == 'X') {
            throw new IllegalStateException("a hostile datagram from " + d.source());
        }
        if (echo) {
            out.add(new Datagram(d.destination(), d.source(), d.data()));
        }
    }

    /** Queues a datagram to send (call it on the loop, through execute). */
    void send(InetSocketAddress to, byte[] data) {
        touch();
        out.add(new Datagram(null, to, data));
    }

    /** Sets the timer (call it on the loop, through execute). */
    void setTimer(long at) {
        touch();
        timerAt = at;
    }

    @Override
    public void handleTimeout(long now) {
        touch();
        if (now >= timerAt) {
            fired++;
            firedAt = now;
            timerAt = Engine.NO_TIMEOUT;
            events.add("timer");
            InetSocketAddress to = tickTo;
            if (to != null) {
                out.add(new Datagram(null, to, "tick".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            }
        }
    }

    @Override
    public Datagram pollTransmit() {
        touch();
        Datagram d = out.poll();
        if (d != null) {
            transmitted++;
            transmittedBytes += d.data().length;
        }
        return d;
    }

    @Override
    public String pollEvent() {
        touch();
        return events.poll();
    }

    @Override
    public long pollTimeout() {
        touch();
        return timerAt;
    }
}
