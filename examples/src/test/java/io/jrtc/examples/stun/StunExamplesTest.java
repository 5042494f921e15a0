package io.jrtc.examples.stun;

import io.jrtc.core.Datagram;
import io.jrtc.stun.IntegrityKey;
import io.jrtc.stun.StunServer;
import io.jrtc.testkit.LoopbackPorts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** Runs the STUN examples end to end on 127.0.0.1. */
class StunExamplesTest {

    private static final class Capture {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void stunDemoRunsEveryStepAndExitsZero() throws Exception {
        Capture c = new Capture();
        assertEquals(0, new StunDemo().run(new String[0], c.out), c.text());
        String log = c.text();
        assertTrue(log.contains("[STUN] client: success response after"), log);
        assertTrue(Pattern.compile("XOR-MAPPED-ADDRESS 127\\.0\\.0\\.1:\\d+").matcher(log).find(), log);
        assertTrue(log.contains("transmission(s)") && log.contains("and 2 transmission(s)"), "the lost copy was retransmitted: " + log);
        assertTrue(log.contains("MESSAGE-INTEGRITY verified with the password"), log);
        assertTrue(log.contains("error response 401 Unauthenticated"), log);
        assertTrue(log.contains("FINGERPRINT mismatch"), log);
        assertTrue(log.contains("the server answered 3 requests and dropped 2 malformed datagrams"), log);
    }

    @Test
    void stunClientAgainstStunServer() throws Exception {
        StunServerExample serverExample = new StunServerExample();
        Capture serverLog = new Capture();
        AtomicInteger serverExit = new AtomicInteger(-1);
        Thread server = new Thread(() -> {
            try {
                serverExit.set(serverExample.run(new String[] {"--listen", "127.0.0.1:0", "--max-requests", "1"}, serverLog.out));
            } catch (Exception e) {
                e.printStackTrace(serverLog.out);
            }
        }, "stun-server-example");
        server.start();
        long end = System.nanoTime() + 10_000_000_000L;
        while (serverExample.boundAddress() == null && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        InetSocketAddress bound = serverExample.boundAddress();
        assertNotNull(bound, serverLog.text());

        Capture client = new Capture();
        int exit = new StunClientExample().run(new String[] {"127.0.0.1:" + bound.getPort()}, client.out);
        server.join(10_000);
        assertEquals(0, exit, client.text());
        Matcher m = Pattern.compile("XOR-MAPPED-ADDRESS 127\\.0\\.0\\.1:(\\d+)").matcher(client.text());
        assertTrue(m.find(), client.text());
        assertTrue(Pattern.compile("RTT \\d+\\.\\d{3} ms").matcher(client.text()).find(), client.text());
        assertEquals(0, serverExit.get(), serverLog.text());
        // the server logged who asked: the very address the client was told
        assertTrue(serverLog.text().contains("127.0.0.1:" + m.group(1) + " asked: Binding request"), serverLog.text());
        assertTrue(serverLog.text().contains("XOR-MAPPED-ADDRESS 127.0.0.1:" + m.group(1)), serverLog.text());
    }

    @Test
    void stunClientReportsATimeout() throws Exception {
        int silent = LoopbackPorts.freeUdpPort();
        Capture c = new Capture();
        // RTO 5 ms: the transaction gives up after 5 x (1+2+4+8+16+32 + 16) = 395 ms
        int exit = new StunClientExample().run(new String[] {"127.0.0.1:" + silent, "--rto", "5"}, c.out);
        assertEquals(1, exit, c.text());
        assertTrue(c.text().contains("error: no response from 127.0.0.1:" + silent + " after 7 transmissions"), c.text());
    }

    @Test
    void stunClientReportsAnErrorResponse() throws Exception {
        // A responder that demands short-term credentials: our unsigned request gets 400.
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            StunServer strict = new StunServer(new StunServer.Config("strict", IntegrityKey.shortTerm("secret")));
            Thread t = new Thread(() -> {
                try {
                    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                    socket.receive(p);
                    byte[] data = java.util.Arrays.copyOf(p.getData(), p.getLength());
                    strict.handleInput(0, new Datagram((InetSocketAddress) p.getSocketAddress(),
                            (InetSocketAddress) socket.getLocalSocketAddress(), data));
                    Datagram answer = strict.pollTransmit();
                    socket.send(new DatagramPacket(answer.data(), answer.data().length, answer.destination()));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            t.start();
            Capture c = new Capture();
            int exit = new StunClientExample().run(new String[] {"127.0.0.1:" + socket.getLocalPort()}, c.out);
            t.join(5_000);
            assertEquals(1, exit, c.text());
            assertTrue(c.text().contains("answered 400 MESSAGE-INTEGRITY and USERNAME required"), c.text());
        }
    }
}
