package io.jrtc.stun;

import io.jrtc.core.Bytes;
import io.jrtc.core.Hex;
import io.jrtc.stun.StunAttribute.*;
import io.jrtc.testkit.ChildProcess;
import io.jrtc.testkit.LoopbackPorts;
import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Interop with coturn on 127.0.0.1: our client transaction against {@code turnserver}, and coturn's
 * {@code turnutils_stunclient} against our server engine on a real socket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoturnInteropTest {
    private ChildProcess turnserver;
    private int turnPort;
    private Path turnLog;

    @BeforeAll
    void startTurnserver() throws IOException {
        Path exe = RealPeers.require("turnserver", "apt-get install coturn");
        turnPort = LoopbackPorts.freeUdpPort();
        Path dir = Files.createTempDirectory("jrtc-coturn");
        turnLog = dir.resolve("turnserver.log");
        // killed with its descendants by close(), or by the watchdog if the class hangs for 5 minutes
        turnserver = ChildProcess.command(exe.toString(), "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + turnPort, "--no-tls", "--no-dtls", "--no-cli", "--stun-only",
                "--log-file=stdout", "--simple-log", "--pidfile=" + dir.resolve("turnserver.pid"),
                "--userdb=" + dir.resolve("turndb"))
                .outputFile(turnLog).start(Duration.ofMinutes(5));
    }

    @AfterAll
    void stopTurnserver() {
        if (turnserver != null) {
            turnserver.close();
        }
    }

    private String turnLog() throws IOException {
        return turnLog == null ? "" : Files.readString(turnLog);
    }

    @Test
    void ourClientAgainstTurnserver() throws Exception {
        assertTrue(turnserver.isAlive(), "turnserver exited: " + turnLog());
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", turnPort);
        StunMessage request = StunMessage.builder(MessageClass.REQUEST, Method.BINDING)
                .randomTransactionId(new SecureRandom()).add(new Software("jrtc interop test")).build();
        // turnserver needs a moment to open its socket: the retransmissions (RTO 500 ms) cover that
        StunClientTransaction tx = StunClientTransaction.builder(request, server).start(System.nanoTime());
        try (UdpLoop<StunClientTransaction.Event> loop = new UdpLoop<>(tx, tx::handleInput, UdpLoop.bindLoopback())) {
            assertTrue(loop.runUntil(tx::isDone, 20_000), "no answer from turnserver; its log:\n" + turnLog());
            var success = assertInstanceOf(StunClientTransaction.Success.class, loop.events().get(0),
                    () -> "turnserver log:\n" + turnLogQuietly());
            StunMessage response = success.response();
            assertEquals(request.transactionId(), response.transactionId());
            assertEquals(loop.local(), response.attribute(XorMappedAddress.class).orElseThrow().address(),
                    "coturn reports the address we sent from");
            assertTrue(response.attribute(Software.class).orElseThrow().value().startsWith("Coturn"),
                    response.toString());
            assertTrue(response.verifyFingerprint(), "coturn answers a fingerprinted request with a valid FINGERPRINT");
        }
    }

    @Test
    void classicRfc3489RequestAgainstTurnserver() throws Exception {
        assertTrue(turnserver.isAlive(), "turnserver exited: " + turnLog());
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", turnPort);
        byte[] tid = new byte[16];
        new SecureRandom().nextBytes(tid);
        tid[0] = 0x55; // anything but the magic cookie
        byte[] request = StunMessage.builder(MessageClass.REQUEST, Method.BINDING).transactionId(Bytes.wrap(tid)).build().encode();
        try (DatagramChannel ch = UdpLoop.bindLoopback()) {
            ch.configureBlocking(true);
            ch.socket().setSoTimeout(500);
            StunMessage response = null;
            for (int attempt = 0; attempt < 20 && response == null; attempt++) {
                ch.send(ByteBuffer.wrap(request), server);
                ByteBuffer buf = ByteBuffer.allocate(2048);
                ch.configureBlocking(false);
                long end = System.nanoTime() + 500_000_000L;
                while (System.nanoTime() < end && ch.receive(buf) == null) {
                    Thread.sleep(10);
                }
                if (buf.position() > 0) {
                    buf.flip();
                    byte[] data = new byte[buf.remaining()];
                    buf.get(data);
                    assertTrue(StunMessage.isClassicStun(data, 0, data.length), Hex.encode(data));
                    response = StunMessage.parse(data, 0, data.length, true);
                }
            }
            assertNotNull(response, "no answer to an RFC 3489 request; turnserver log:\n" + turnLog());
            assertTrue(response.isClassic());
            assertTrue(response.isSuccessResponse());
            assertEquals(Bytes.wrap(tid), response.transactionId());
            assertEquals(ch.getLocalAddress(), response.attribute(MappedAddress.class).orElseThrow().address());
        }
    }

    private String turnLogQuietly() {
        try {
            return turnLog();
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void turnutilsStunclientAgainstOurServer() throws Exception {
        Path client = RealPeers.require("turnutils_stunclient", "apt-get install coturn");
        StunServer engine = new StunServer(new StunServer.Config("jrtc interop", null));
        List<StunServer.Event> seen = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (UdpLoop<StunServer.Event> loop = new UdpLoop<>(engine, engine::handleInput, UdpLoop.bindLoopback())) {
            int port = loop.local().getPort();
            Thread serving = new Thread(() -> {
                try {
                    loop.runUntil(stop::get, 30_000);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, "stun-server-loop");
            serving.start();
            ChildProcess.Result r;
            try {
                r = ChildProcess.command(client.toString(), "-p", Integer.toString(port), "127.0.0.1")
                        .run(Duration.ofSeconds(20));
            } finally {
                stop.set(true);
                serving.join(5_000);
            }
            seen.addAll(loop.events());
            assertFalse(r.timedOut(), r.describe());
            String output = r.output();
            assertEquals(0, r.exitCode(), r.describe());
            Matcher m = Pattern.compile("UDP reflexive addr: 127\\.0\\.0\\.1:(\\d+)").matcher(output);
            assertTrue(m.find(), "turnutils_stunclient output: " + output);
            int reflexivePort = Integer.parseInt(m.group(1));
            var answered = seen.stream().filter(e -> e instanceof StunServer.Answered).map(e -> (StunServer.Answered) e)
                    .findFirst().orElseThrow(() -> new AssertionError("our server answered nothing: " + seen));
            assertEquals(reflexivePort, answered.from().getPort(), "the client printed the port our server saw");
            assertTrue(answered.request().isRequest());
            assertTrue(answered.response().isSuccessResponse());
            assertEquals(0, engine.malformed());
        }
    }
}
