package io.jrtc.testkit;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * coturn ({@code turnserver}) on 127.0.0.1 with one static long-term user, started and killed by a test
 * (skipped locally when it is not installed, a failure with {@code CI=true}, like every real peer).
 */
public final class Coturn implements AutoCloseable {
    public static final String USER = "alice";
    public static final String PASSWORD = "wonderland-secret";
    public static final String REALM = "jrtc.test";

    public final InetSocketAddress address;
    private final ChildProcess process;

    private Coturn(InetSocketAddress address, ChildProcess process) {
        this.address = address;
        this.process = process;
    }

    /** Starts coturn (skips the test locally when it is not installed); {@code staleNonceSeconds} 0 = default. */
    public static Coturn start(int staleNonceSeconds) throws Exception {
        String exe = RealPeers.require("turnserver", "apt-get install coturn").toString();
        int port = LoopbackPorts.freeUdpPort();
        List<String> cmd = new ArrayList<>(List.of(exe, "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + port, "--allow-loopback-peers", "--user=" + USER + ":" + PASSWORD,
                "--realm=" + REALM, "--lt-cred-mech", "--no-tls", "--no-dtls", "--no-cli", "--log-file=stdout",
                "--fingerprint", "--min-port=49152", "--max-port=65000", "--pidfile=/tmp/jrtc-coturn-" + port + ".pid"));
        if (staleNonceSeconds > 0) {
            cmd.add("--stale-nonce=" + staleNonceSeconds);
        }
        // killed with its descendants on close(), or by the watchdog after 10 minutes if a test hangs
        Coturn c = new Coturn(new InetSocketAddress("127.0.0.1", port), ChildProcess.command(cmd).start(Duration.ofMinutes(10)));
        try {
            c.awaitReady();
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Sends STUN Binding requests until coturn answers (it takes a moment to bind). */
    private void awaitReady() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(100);
            for (int i = 0; i < 100; i++) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("turnserver exited: " + log());
                }
                byte[] req = bindingRequest(i);
                s.send(new DatagramPacket(req, req.length, address));
                try {
                    s.receive(new DatagramPacket(new byte[1500], 1500));
                    return;
                } catch (SocketTimeoutException notYet) {
                    // again
                }
            }
        }
        throw new IllegalStateException("turnserver did not answer on " + address + ": " + log());
    }

    /** A bare STUN Binding request (RFC 8489 §5: type 0x0001, no attributes, the magic cookie, a transaction id). */
    private static byte[] bindingRequest(int i) {
        byte[] b = new byte[20];
        b[1] = 0x01;
        b[4] = 0x21;
        b[5] = 0x12;
        b[6] = (byte) 0xA4;
        b[7] = 0x42;
        for (int k = 8; k < 20; k++) { // a transaction id of its own per attempt
            b[k] = (byte) (i * 31 + k);
        }
        return b;
    }

    public String log() {
        return process.output();
    }

    /** SIGTERM, then coturn and its descendants killed after 3 s. */
    @Override
    public void close() {
        process.close();
    }
}
