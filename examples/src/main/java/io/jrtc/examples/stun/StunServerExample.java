package io.jrtc.examples.stun;

import io.jrtc.core.Datagram;
import io.jrtc.examples.Example;
import io.jrtc.stun.StunAttribute;
import io.jrtc.stun.StunServer;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * {@code stun-server --listen 127.0.0.1:PORT [--max-requests N]}: a STUN Binding server. It logs each
 * request (who asked) and what it answered; malformed datagrams are logged, counted and dropped.
 * With {@code --max-requests} it exits after answering that many (for tests and demos).
 *
 * <p>The protocol is the sans-IO {@link StunServer}; this file is the socket loop around it.
 */
public final class StunServerExample implements Example {
    private volatile InetSocketAddress bound;

    @Override
    public String name() {
        return "stun-server";
    }

    @Override
    public String usage() {
        return "--listen 127.0.0.1:PORT [--max-requests N]";
    }

    @Override
    public String description() {
        return "a STUN Binding server; logs who asked and what it answered";
    }

    /** The address the server is bound to, once it is (port 0 asks for an ephemeral one). */
    public InetSocketAddress boundAddress() {
        return bound;
    }

    @Override
    public int run(String[] args) throws Exception {
        return run(args, System.out);
    }

    public int run(String[] args, PrintStream out) throws Exception {
        InetSocketAddress listen = null;
        long maxRequests = Long.MAX_VALUE;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--listen": listen = StunClientExample.parseHostPort(args[i + 1]); break;
                case "--max-requests": maxRequests = Long.parseLong(args[i + 1]); break;
                default: listen = null; i = args.length; break;
            }
        }
        if (listen == null || args.length % 2 != 0) {
            out.println("usage: stun-server " + usage());
            return 2;
        }
        StunServer server = new StunServer(new StunServer.Config("jrtc stun-server", null));
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(listen);
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            bound = local;
            out.println("[STUN] listening on " + StunClientExample.hostPort(local));
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            while (server.answered() < maxRequests) {
                SocketAddress from = channel.receive(buffer.clear()); // blocking: the server has no timers
                byte[] data = new byte[buffer.flip().remaining()];
                buffer.get(data);
                server.handleInput(System.nanoTime(), new Datagram((InetSocketAddress) from, local, data));
                for (Datagram d; (d = server.pollTransmit()) != null; ) {
                    channel.send(ByteBuffer.wrap(d.data()), d.destination());
                }
                for (StunServer.Event e; (e = server.pollEvent()) != null; ) {
                    if (e instanceof StunServer.Answered a) {
                        String what = a.response().attribute(StunAttribute.XorMappedAddress.class)
                                .map(x -> "XOR-MAPPED-ADDRESS " + StunClientExample.hostPort(x.address()))
                                .or(() -> a.response().attribute(StunAttribute.MappedAddress.class)
                                        .map(x -> "MAPPED-ADDRESS " + StunClientExample.hostPort(x.address()) + " (RFC 3489 client)"))
                                .orElseGet(() -> a.response().attribute(StunAttribute.ErrorCode.class)
                                        .map(x -> "error " + x.code() + " " + x.reason()).orElse("?"));
                        out.println("[STUN] " + StunClientExample.hostPort(a.from()) + " asked: " + a.request().method()
                                + " " + a.request().messageClass() + " tid=" + a.request().transactionId().hex()
                                + "; answered " + a.response().messageClass() + " with " + what);
                    } else if (e instanceof StunServer.Dropped d) {
                        out.println("[STUN] dropped " + data.length + " bytes from " + d.from() + ": " + d.reason()
                                + (d.malformed() ? " (malformed: " + server.malformed() + " so far)" : ""));
                    }
                }
            }
            out.println("[STUN] answered " + server.answered() + " request(s), dropped " + server.malformed()
                    + " malformed datagram(s); exiting");
        }
        return 0;
    }
}
