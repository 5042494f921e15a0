package io.jrtc.examples.stun;

import io.jrtc.core.Datagram;
import io.jrtc.core.Hex;
import io.jrtc.examples.Example;
import io.jrtc.stun.IntegrityKey;
import io.jrtc.stun.MessageClass;
import io.jrtc.stun.Method;
import io.jrtc.stun.StunAttribute;
import io.jrtc.stun.StunClientTransaction;
import io.jrtc.stun.StunMessage;
import io.jrtc.stun.StunParseException;
import io.jrtc.stun.StunServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.function.Predicate;

/**
 * {@code stun-demo}: the project's first demo. A STUN server and a STUN client run in this process on
 * 127.0.0.1 (real UDP sockets, ephemeral ports) and every protocol step is narrated:
 *
 * <ol>
 *   <li>a plain Binding request and its XOR-MAPPED-ADDRESS answer, decoded field by field;</li>
 *   <li>the same when the network loses the first copy: the retransmission timer at work;</li>
 *   <li>an ICE-style connectivity check signed with MESSAGE-INTEGRITY (short-term credentials);</li>
 *   <li>garbage thrown at the server: dropped and counted, and the server keeps answering.</li>
 * </ol>
 */
public final class StunDemo implements Example {
    @Override
    public String name() {
        return "stun-demo";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public String description() {
        return "the main demo: a STUN server and client on 127.0.0.1, every protocol step narrated";
    }

    @Override
    public int run(String[] args) throws Exception {
        return run(args, System.out);
    }

    /** One engine on one loopback socket. */
    private static final class Node {
        final String name;
        final DatagramChannel channel;
        final InetSocketAddress address;

        Node(String name, Selector selector) throws IOException {
            this.name = name;
            this.channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
            this.address = (InetSocketAddress) channel.getLocalAddress();
        }
    }

    private PrintStream out;
    private Selector selector;
    private final SecureRandom random = new SecureRandom();

    public int run(String[] args, PrintStream out) throws Exception {
        this.out = out;
        try (Selector sel = Selector.open()) {
            this.selector = sel;
            Node serverNode = new Node("server", sel);
            Node iceNode = new Node("ice-agent", sel);
            Node clientNode = new Node("client", sel);
            StunServer server = new StunServer(new StunServer.Config("jrtc stun-demo", null));
            IntegrityKey icePassword = IntegrityKey.shortTerm("demo-ice-password-24chars");
            StunServer iceResponder = new StunServer(new StunServer.Config("jrtc stun-demo", icePassword));
            say("server listening on %s (a Binding responder, sans-IO engine StunServer)", hp(serverNode.address));
            say("client socket on %s", hp(clientNode.address));

            // ---------------------------------------------------------------- 1
            say("");
            say("--- 1. a Binding request: \"what is my address, as you see it?\" ---");
            StunMessage request = StunMessage.builder(MessageClass.REQUEST, Method.BINDING)
                    .randomTransactionId(random)
                    .add(new StunAttribute.Software("jrtc stun-demo client"))
                    .build();
            byte[] wire = request.encodeWithFingerprint();
            say("client builds a %s, transaction id %s (96 random bits: matches the answer to the question)",
                    "Binding request", request.transactionId().hex());
            explain(wire);
            StunClientTransaction.Event e = transact(clientNode, serverNode, server, request, null, d -> false);
            report(e);
            if (e instanceof StunClientTransaction.Success s) {
                say("the response, decoded (XOR-MAPPED-ADDRESS is XORed so that NATs rewriting addresses in "
                        + "payloads leave it alone):");
                explain(s.response().encode());
                say("client: that is my address as the server sees it (on loopback, simply my own socket; behind "
                        + "a NAT, the NAT's public address)");
            }

            // ---------------------------------------------------------------- 2
            say("");
            say("--- 2. the same over a lossy network: the first copy is lost ---");
            StunMessage again = StunMessage.builder(MessageClass.REQUEST, Method.BINDING).randomTransactionId(random)
                    .add(new StunAttribute.Software("jrtc stun-demo client")).build();
            boolean[] droppedOne = {false};
            e = transact(clientNode, serverNode, server, again, null, d -> {
                if (!droppedOne[0]) {
                    droppedOne[0] = true;
                    say("(the demo's network drops this datagram)");
                    return true;
                }
                return false;
            });
            report(e);

            // ---------------------------------------------------------------- 3
            say("");
            say("--- 3. an ICE connectivity check with short-term credentials ---");
            say("the ICE agent on %s requires MESSAGE-INTEGRITY keyed with its password (exchanged in SDP)",
                    hp(iceNode.address));
            StunMessage check = StunMessage.builder(MessageClass.REQUEST, Method.BINDING).randomTransactionId(random)
                    .add(new StunAttribute.Username("remoteUfrag:localUfrag"))
                    .add(new StunAttribute.Priority(0x6e7f1eff))
                    .add(new StunAttribute.IceControlling(random.nextLong()))
                    .add(StunAttribute.UseCandidate.INSTANCE)
                    .build();
            byte[] signed = check.encode(icePassword);
            say("client signs: MESSAGE-INTEGRITY = HMAC-SHA1(key = password, message up to the attribute, "
                    + "with the length field counting MESSAGE-INTEGRITY), then FINGERPRINT");
            explain(signed);
            e = transact(clientNode, iceNode, iceResponder, check, icePassword, d -> false);
            report(e);
            if (e instanceof StunClientTransaction.Success s) {
                say("client verified the response's MESSAGE-INTEGRITY with the same password: %s",
                        s.response().verifyIntegrity(icePassword) ? "authentic" : "FORGED");
            }
            say("a check signed with a wrong password gets 401:");
            e = transact(clientNode, iceNode, iceResponder, StunMessage.builder(MessageClass.REQUEST, Method.BINDING)
                    .randomTransactionId(random).add(new StunAttribute.Username("remoteUfrag:localUfrag")).build(),
                    IntegrityKey.shortTerm("a-wrong-password"), d -> false);
            report(e);

            // ---------------------------------------------------------------- 4
            say("");
            say("--- 4. hostile input: the server drops what does not parse, counts it, and goes on ---");
            byte[] garbage = new byte[64];
            random.nextBytes(garbage);
            garbage[0] = 0x00; // looks like STUN at first glance
            byte[] lying = request.encodeWithFingerprint();
            lying[lying.length - 1] ^= 0x55; // FINGERPRINT no longer matches
            for (byte[] bad : new byte[][] {garbage, lying}) {
                clientNode.channel.send(ByteBuffer.wrap(bad), serverNode.address);
                say("client -> server: %d bytes of junk", bad.length);
                pumpServer(serverNode, server, 1);
            }
            e = transact(clientNode, serverNode, server, StunMessage.builder(MessageClass.REQUEST, Method.BINDING)
                    .randomTransactionId(random).build(), null, d -> false);
            report(e);

            say("");
            say("done: the server answered %d requests and dropped %d malformed datagrams; the ICE responder "
                    + "answered %d", server.answered(), server.malformed(), iceResponder.answered());
            for (Node n : new Node[] {serverNode, iceNode, clientNode}) {
                n.channel.close();
            }
            return server.answered() == 3 && server.malformed() == 2 && iceResponder.answered() == 2 ? 0 : 1;
        }
    }

    /** Runs one client transaction against {@code server} over real loopback sockets, narrating each datagram. */
    private StunClientTransaction.Event transact(Node client, Node serverNode, StunServer server, StunMessage request,
                                                 IntegrityKey key, Predicate<Datagram> lose) throws IOException {
        long start = System.nanoTime();
        StunClientTransaction tx = StunClientTransaction.builder(request, serverNode.address).from(client.address).key(key).start(start);
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        while (true) {
            for (Datagram d; (d = tx.pollTransmit()) != null; ) {
                long next = (tx.pollTimeout() - System.nanoTime()) / 1_000_000;
                say("client -> %s: %s, %d bytes (transmission %d of at most 7; if no answer, again in %d ms)",
                        hp(d.destination()), request.method() + " " + request.messageClass(), d.data().length,
                        tx.transmissions(), Math.max(0, next));
                if (!lose.test(d)) {
                    client.channel.send(ByteBuffer.wrap(d.data()), d.destination());
                }
            }
            StunClientTransaction.Event event = tx.pollEvent();
            if (event != null) {
                return event;
            }
            long waitMs = Math.max(1, (tx.pollTimeout() - System.nanoTime() + 999_999) / 1_000_000);
            selector.select(waitMs);
            selector.selectedKeys().clear();
            pumpServer(serverNode, server, 0);
            for (SocketAddress from; (from = client.channel.receive(buffer.clear())) != null; ) {
                byte[] data = new byte[buffer.flip().remaining()];
                buffer.get(data);
                say("client <- %s: %d bytes", hp((InetSocketAddress) from), data.length);
                tx.handleInput(System.nanoTime(), new Datagram((InetSocketAddress) from, client.address, data));
            }
            long now = System.nanoTime();
            if (now >= tx.pollTimeout()) {
                say("client: no answer within the retransmission timeout -> send again, and double the timeout");
                tx.handleTimeout(now);
            }
        }
    }

    /** Lets the server engine handle what its socket has (waiting for at least {@code atLeast} datagrams). */
    private void pumpServer(Node node, StunServer server, int atLeast) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        int handled = 0;
        long end = System.nanoTime() + 2_000_000_000L;
        while (true) {
            SocketAddress from = node.channel.receive(buffer.clear());
            if (from == null) {
                if (handled >= atLeast || System.nanoTime() > end) {
                    return;
                }
                Thread.onSpinWait();
                continue;
            }
            handled++;
            byte[] data = new byte[buffer.flip().remaining()];
            buffer.get(data);
            InetSocketAddress src = (InetSocketAddress) from;
            server.handleInput(System.nanoTime(), new Datagram(src, node.address, data));
            for (StunServer.Event ev; (ev = server.pollEvent()) != null; ) {
                if (ev instanceof StunServer.Answered a) {
                    StunMessage q = a.request();
                    say("%s <- %s: %s tid=%s%s", node.name, hp(src), q.method() + " " + q.messageClass(),
                            q.transactionId().hex(), q.hasFingerprint() ? ", FINGERPRINT ok" : "");
                    if (q.hasIntegrity()) {
                        say("%s: MESSAGE-INTEGRITY %s", node.name, a.response().isSuccessResponse()
                                ? "verified with the password" : "does NOT verify");
                    }
                    StunMessage r = a.response();
                    String detail = r.attribute(StunAttribute.XorMappedAddress.class)
                            .map(x -> "XOR-MAPPED-ADDRESS " + hp(x.address()))
                            .orElseGet(() -> r.attribute(StunAttribute.ErrorCode.class)
                                    .map(c -> "ERROR-CODE " + c.code() + " " + c.reason()).orElse(""));
                    say("%s -> %s: %s with %s%s", node.name, hp(src), r.method() + " " + r.messageClass(), detail,
                            r.isSuccessResponse() && q.hasIntegrity() ? ", signed with MESSAGE-INTEGRITY" : "");
                } else if (ev instanceof StunServer.Dropped d) {
                    say("%s dropped a datagram from %s: %s (malformed so far: %d)", node.name, hp(src), d.reason(),
                            server.malformed());
                }
            }
            for (Datagram d; (d = server.pollTransmit()) != null; ) {
                node.channel.send(ByteBuffer.wrap(d.data()), d.destination());
            }
        }
    }

    private void report(StunClientTransaction.Event e) {
        if (e instanceof StunClientTransaction.Success s) {
            InetSocketAddress mapped = s.response().attribute(StunAttribute.XorMappedAddress.class)
                    .map(StunAttribute.XorMappedAddress::address).orElse(null);
            say("client: success response after %.3f ms and %d transmission(s): XOR-MAPPED-ADDRESS %s",
                    s.rttNanos() / 1e6, s.transmissions(), mapped == null ? "(none)" : hp(mapped));
        } else if (e instanceof StunClientTransaction.ErrorResponse er) {
            say("client: error response %d %s", er.error().code(), er.error().reason());
        } else {
            say("client: timed out");
        }
    }

    /** Decodes a message on the wire, field by field. */
    private void explain(byte[] wire) {
        StunMessage m;
        try {
            m = StunMessage.parse(wire);
        } catch (StunParseException e) {
            say("  (cannot parse: %s)", e.getMessage());
            return;
        }
        say("  %s", Hex.encode(wire));
        say("  header: type 0x%02x%02x = %s %s | length %d | magic cookie 2112a442 | transaction id %s",
                wire[0], wire[1], m.method(), m.messageClass(), wire.length - 20, m.transactionId().hex());
        int p = 20;
        for (StunAttribute a : m.attributes()) {
            if (a instanceof StunAttribute.XorMappedAddress x) {
                int xport = ((wire[p + 6] & 0xff) << 8) | (wire[p + 7] & 0xff);
                say("  +%-3d %s (0x%04x), %d byte value: family %d, port 0x%04x xor 0x2112 = %d, address %s "
                        + "xor 2112a442 = %s", p, a.typeName(), a.type(), a.valueLength(), wire[p + 5],
                        xport, x.address().getPort(), Hex.encode(wire, p + 8, a.valueLength() - 4),
                        x.address().getAddress().getHostAddress());
                p += a.encodedLength();
                continue;
            }
            String value = a instanceof StunAttribute.Fingerprint f
                    ? String.format("CRC-32 of the bytes before it xor 0x5354554e = 0x%08x", f.crc())
                    : a instanceof StunAttribute.MessageIntegrity mi ? "HMAC-SHA1 " + mi.hmac().hex()
                    : a.toString();
            say("  +%-3d %s (0x%04x), %d byte value: %s", p, a.typeName(), a.type(), a.valueLength(), value);
            p += a.encodedLength();
        }
    }

    private void say(String format, Object... args) {
        out.println(format.isEmpty() ? "" : "[STUN] " + String.format(format, args));
    }

    private static String hp(InetSocketAddress a) {
        return StunClientExample.hostPort(a);
    }
}
