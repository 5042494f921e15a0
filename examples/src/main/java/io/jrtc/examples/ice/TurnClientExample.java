package io.jrtc.examples.ice;

import io.jrtc.core.Datagram;
import io.jrtc.examples.Example;
import io.jrtc.ice.TurnClient;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * {@code turn-client SERVER:PORT --user U --pass P}: allocates a relayed address on a TURN server
 * (RFC 8656, UDP, long-term credentials), prints {@code RELAYED <ip>:<port>}, sends a datagram
 * through the relay to a small echo on 127.0.0.1, and prints what came back. Every TURN step
 * (401 challenge, Allocate, CreatePermission, Send indication, ChannelBind, Refresh) is narrated.
 */
public final class TurnClientExample implements Example {

    @Override
    public String name() {
        return "turn-client";
    }

    @Override
    public String usage() {
        return "SERVER:PORT --user U --pass P";
    }

    @Override
    public String description() {
        return "allocates on a TURN server (loopback), prints RELAYED ip:port, echoes a datagram through the relay";
    }

    @Override
    public int run(String[] args) throws Exception {
        return run(args, System.out);
    }

    public int run(String[] args, PrintStream out) throws Exception {
        String server = null;
        String user = null;
        String pass = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--user" -> user = i + 1 < args.length ? args[++i] : null;
                case "--pass" -> pass = i + 1 < args.length ? args[++i] : null;
                default -> server = args[i];
            }
        }
        if (server == null || user == null || pass == null || server.lastIndexOf(':') < 0) {
            out.println("usage: turn-client " + usage());
            return 2;
        }
        int colon = server.lastIndexOf(':');
        InetSocketAddress serverAddress = new InetSocketAddress(InetAddress.getByName(server.substring(0, colon)),
                Integer.parseInt(server.substring(colon + 1)));
        if (!serverAddress.getAddress().isLoopbackAddress()) {
            out.println("[TURN] this example only talks to loopback servers (network rule): " + serverAddress);
            return 2;
        }
        IceLog log = new IceLog(out, false);
        try (log; Selector selector = Selector.open();
             DatagramChannel client = DatagramChannel.open(); DatagramChannel echo = DatagramChannel.open()) {
            client.bind(new InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
            echo.bind(new InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
            client.register(selector, SelectionKey.OP_READ);
            echo.register(selector, SelectionKey.OP_READ);
            InetSocketAddress local = (InetSocketAddress) client.getLocalAddress();
            InetSocketAddress echoAddress = (InetSocketAddress) echo.getLocalAddress();
            out.println("[TURN] client socket " + local + ", echo peer " + echoAddress + ", server " + serverAddress);

            // the sans-IO client: it says what to send; this loop sends it and feeds back what arrives
            TurnClient turn = TurnClient.builder(local, serverAddress).credentials(user, pass).random(new SecureRandom()).build();
            turn.allocate(System.nanoTime());
            String message = "hello through the relay";
            String echoed = null;
            boolean sent = false;
            int exit = 1;
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            long end = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < end) {
                for (Datagram d; (d = turn.pollTransmit()) != null; ) {
                    client.send(ByteBuffer.wrap(d.data()), d.destination());
                }
                for (TurnClient.Event e; (e = turn.pollEvent()) != null; ) {
                    if (e instanceof TurnClient.Event.Allocated a) {
                        out.println("RELAYED " + a.relayed().getAddress().getHostAddress() + ":" + a.relayed().getPort());
                    } else if (e instanceof TurnClient.Event.Data d) {
                        echoed = new String(d.data(), StandardCharsets.UTF_8);
                        out.println("[TURN] came back from " + d.peer() + " through the relay: \"" + echoed + "\"");
                    } else if (e instanceof TurnClient.Event.Failed f) {
                        out.println("[TURN] failed: " + f.reason());
                        end = 0;
                    }
                }
                if (turn.isAllocated() && !sent) {
                    out.println("[TURN] sending \"" + message + "\" to the echo " + echoAddress + " through the relay");
                    turn.send(System.nanoTime(), echoAddress, message.getBytes(StandardCharsets.UTF_8));
                    sent = true;
                    continue;
                }
                if (echoed != null) {
                    exit = message.equals(echoed) ? 0 : 1;
                    break;
                }
                long waitMs = Math.max(1, Math.min(100, (turn.pollTimeout() - System.nanoTime()) / 1_000_000));
                selector.select(waitMs);
                selector.selectedKeys().clear();
                // the echo peer: whatever reaches it (from the relayed address) goes straight back
                for (InetSocketAddress from; ; ) {
                    buffer.clear();
                    from = (InetSocketAddress) echo.receive(buffer);
                    if (from == null) {
                        break;
                    }
                    buffer.flip();
                    out.println("[TURN] echo got " + buffer.remaining() + " bytes from " + from + " (the relayed address), sending them back");
                    echo.send(buffer, from);
                }
                for (InetSocketAddress from; ; ) {
                    buffer.clear();
                    from = (InetSocketAddress) client.receive(buffer);
                    if (from == null) {
                        break;
                    }
                    buffer.flip();
                    byte[] data = new byte[buffer.remaining()];
                    buffer.get(data);
                    if (from.equals(serverAddress)) {
                        turn.handleInput(System.nanoTime(), data);
                    }
                }
                long now = System.nanoTime();
                if (turn.pollTimeout() <= now) {
                    turn.handleTimeout(now);
                }
            }
            turn.close(System.nanoTime());
            for (Datagram d; (d = turn.pollTransmit()) != null; ) {
                client.send(ByteBuffer.wrap(d.data()), d.destination());
            }
            out.println(exit == 0 ? "[TURN] done: allocation released" : "[TURN] FAILED: nothing came back within 10 s");
            return exit;
        }
    }
}
