package io.jrtc.examples.stun;

import io.jrtc.core.Datagram;
import io.jrtc.examples.Example;
import io.jrtc.stun.MessageClass;
import io.jrtc.stun.Method;
import io.jrtc.stun.StunAttribute;
import io.jrtc.stun.StunClientTransaction;
import io.jrtc.stun.StunTimers;
import io.jrtc.stun.StunMessage;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * {@code stun-client HOST:PORT [--rto MS]}: sends one Binding request and prints the reflexive
 * address the server saw ({@code XOR-MAPPED-ADDRESS ip:port}) and the round-trip time. On a timeout
 * or an error response it prints an {@code error:} line and exits with 1.
 *
 * <p>The STUN logic is the sans-IO {@link StunClientTransaction}; this file only moves its datagrams
 * over a real UDP socket and fires its timer.
 */
public final class StunClientExample implements Example {
    @Override
    public String name() {
        return "stun-client";
    }

    @Override
    public String usage() {
        return "HOST:PORT [--rto MS]";
    }

    @Override
    public String description() {
        return "one STUN Binding request; prints XOR-MAPPED-ADDRESS and the RTT";
    }

    @Override
    public int run(String[] args) throws Exception {
        return run(args, System.out);
    }

    public int run(String[] args, PrintStream out) throws Exception {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--rto"))) {
            out.println("usage: stun-client " + usage());
            return 2;
        }
        InetSocketAddress server = parseHostPort(args[0]);
        StunTimers config = StunTimers.DEFAULT;
        if (args.length == 3) {
            config = config.withRto(Duration.ofMillis(Long.parseLong(args[2])));
        }

        // 1. Build the request: a Binding request with a fresh random 96-bit transaction id.
        StunMessage request = StunMessage.builder(MessageClass.REQUEST, Method.BINDING)
                .randomTransactionId(new SecureRandom())
                .add(new StunAttribute.Software("jrtc stun-client"))
                .build();

        try (DatagramChannel channel = DatagramChannel.open();
             Selector selector = Selector.open()) {
            // A loopback server is asked from a loopback socket; any other from the wildcard address.
            InetAddress bindTo = server.getAddress().isLoopbackAddress() ? server.getAddress()
                    : server.getAddress() instanceof java.net.Inet6Address ? InetAddress.getByName("::")
                    : InetAddress.getByName("0.0.0.0");
            channel.bind(new InetSocketAddress(bindTo, 0));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            out.println("[STUN] Binding request tid=" + request.transactionId().hex() + " from port " + local.getPort()
                    + " to " + hostPort(server));

            // 2. The transaction owns the timers: RTO, doubling, Rc transmissions, final wait.
            StunClientTransaction tx = StunClientTransaction.builder(request, server).timers(config).start(System.nanoTime());
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            StunClientTransaction.Event outcome = null;
            while (outcome == null) {
                for (Datagram d; (d = tx.pollTransmit()) != null; ) {
                    channel.send(ByteBuffer.wrap(d.data()), d.destination());
                    out.println("[STUN] sent " + d.data().length + " bytes (transmission " + tx.transmissions() + ")");
                }
                outcome = tx.pollEvent();
                if (outcome != null) {
                    break;
                }
                long waitMs = Math.max(1, (tx.pollTimeout() - System.nanoTime() + 999_999) / 1_000_000);
                selector.select(waitMs);
                selector.selectedKeys().clear();
                for (SocketAddress from; (from = channel.receive(buffer.clear())) != null; ) {
                    byte[] data = new byte[buffer.flip().remaining()];
                    buffer.get(data);
                    tx.handleInput(System.nanoTime(), new Datagram((InetSocketAddress) from, local, data));
                }
                tx.handleTimeout(System.nanoTime());
            }

            // 3. Report.
            if (outcome instanceof StunClientTransaction.Success s) {
                var mapped = s.response().attribute(StunAttribute.XorMappedAddress.class);
                if (mapped.isEmpty()) {
                    out.println("error: the success response from " + hostPort(s.from()) + " has no XOR-MAPPED-ADDRESS");
                    return 1;
                }
                InetSocketAddress a = mapped.get().address();
                out.println("XOR-MAPPED-ADDRESS " + hostPort(a));
                out.printf("RTT %.3f ms (%d transmission%s)%n", s.rttNanos() / 1e6, s.transmissions(),
                        s.transmissions() == 1 ? "" : "s");
                s.response().attribute(StunAttribute.Software.class)
                        .ifPresent(sw -> out.println("[STUN] server software: " + sw.value()));
                return 0;
            } else if (outcome instanceof StunClientTransaction.ErrorResponse e) {
                out.println("error: " + hostPort(server) + " answered " + e.error().code() + " " + e.error().reason());
                return 1;
            } else {
                var t = (StunClientTransaction.Timeout) outcome;
                out.printf("error: no response from %s after %d transmissions (%.1f s)%n", hostPort(server), t.transmissions(),
                        t.elapsedNanos() / 1e9);
                return 1;
            }
        }
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** {@code 127.0.0.1:3478}, {@code [::1]:3478} or {@code host:port}. */
    static InetSocketAddress parseHostPort(String s) throws Exception {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected HOST:PORT, got " + s);
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(s.substring(colon + 1)));
    }
}
