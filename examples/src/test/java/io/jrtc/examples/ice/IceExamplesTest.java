package io.jrtc.examples.ice;

import io.jrtc.testkit.ChildProcess;
import io.jrtc.testkit.LoopbackPorts;
import io.jrtc.testkit.RealPeers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the ICE examples end to end on 127.0.0.1. */
class IceExamplesTest {

    private static final class Capture {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void iceDemoNarratesChecksPairsAndTheSelectedPair() throws Exception {
        Capture c = new Capture();
        assertEquals(0, new IceDemo().run(new String[0], c.out), c.text());
        String log = c.text();
        assertTrue(log.contains("[ICE] signalling: alice trickles a=candidate:"), log);
        assertTrue(Pattern.compile("\\[ICE] alice: check 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:\\d+").matcher(log).find(), log);
        assertTrue(log.contains("USE-CANDIDATE"), log);
        assertTrue(log.contains(": IN_PROGRESS") && log.contains(": SUCCEEDED"), "pair states: " + log);
        assertTrue(log.contains("[ICE] alice: selected pair") && log.contains("[ICE] bob: selected pair"), log);
        assertTrue(log.contains("[ICE] bob: connection state checking -> connected"), log);
        assertTrue(log.contains("connected -> completed"), log);
        assertTrue(log.contains("[ICE] bob received \"hello bob, this is alice\""), log);
        assertTrue(log.contains("[ICE] alice received \"hello alice, bob here\""), log);
    }

    @Test
    void turnClientAgainstCoturn() throws Exception {
        String exe = RealPeers.require("turnserver", "apt-get install coturn").toString();
        int port = LoopbackPorts.freeUdpPort();
        // killed with its descendants when the test ends, or by the watchdog after 2 minutes
        try (ChildProcess p = ChildProcess.command(List.of(exe, "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + port, "--allow-loopback-peers", "--user=demo:demo-pass", "--realm=jrtc.example",
                "--lt-cred-mech", "--no-tls", "--no-dtls", "--no-cli", "--log-file=stdout",
                "--pidfile=/tmp/jrtc-examples-coturn-" + port + ".pid")).start(Duration.ofMinutes(2))) {
            awaitStun(new InetSocketAddress("127.0.0.1", port), p);
            Capture c = new Capture();
            int exit = new TurnClientExample().run(new String[] {"127.0.0.1:" + port, "--user", "demo", "--pass", "demo-pass"}, c.out);
            String log = c.text();
            assertEquals(0, exit, log);
            assertTrue(Pattern.compile("(?m)^RELAYED 127\\.0\\.0\\.1:\\d+$").matcher(log).find(), log);
            assertTrue(log.contains("401 Unauthorized"), log);
            assertTrue(log.contains("came back from") && log.contains("\"hello through the relay\""), log);
            assertTrue(log.contains("allocation released"), log);

            Capture wrong = new Capture();
            assertEquals(1, new TurnClientExample().run(new String[] {"127.0.0.1:" + port, "--user", "demo", "--pass", "nope"}, wrong.out),
                    wrong.text());
        }
    }

    private static void awaitStun(InetSocketAddress server, ChildProcess p) throws Exception {
        // a Binding request: type 0x0001, length 0, magic cookie, transaction id
        byte[] req = new byte[20];
        req[1] = 1;
        req[4] = 0x21;
        req[5] = 0x12;
        req[6] = (byte) 0xA4;
        req[7] = 0x42;
        req[8] = 7;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(100);
            for (int i = 0; i < 100 && p.isAlive(); i++) {
                s.send(new DatagramPacket(req, req.length, server));
                try {
                    s.receive(new DatagramPacket(new byte[1500], 1500));
                    return;
                } catch (SocketTimeoutException again) {
                    // not up yet
                }
            }
        }
        throw new IllegalStateException("turnserver did not come up on " + server + ": " + p.output());
    }
}
