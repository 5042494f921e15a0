package io.jrtc.examples.dtls;

import io.jrtc.core.Hex;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.DtlsEvent;
import io.jrtc.dtls.Fingerprint;
import io.jrtc.examples.Example;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * A DTLS 1.2 client on loopback: handshakes with a server (ours, or {@code openssl s_server -dtls1_2}),
 * logs every handshake message and state change, prints the suite, the SRTP profile and the exported
 * SRTP keying material ({@code EXPORTER <hex>}), sends one line and prints the answer.
 *
 * <pre>
 * openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout k.pem -out c.pem -subj /CN=x
 * openssl s_server -dtls1_2 -accept 127.0.0.1:4444 -cert c.pem -key k.pem -use_srtp SRTP_AEAD_AES_128_GCM \
 *     -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen 56
 * java -jar examples/target/jrtc-examples.jar dtls-client 127.0.0.1:4444
 * </pre>
 */
public final class DtlsClientExample implements Example {
    private static final Logger DTLS_LOG = Logger.getLogger("jrtc.dtls");
    private volatile String exporterHex;

    @Override
    public String name() {
        return "dtls-client";
    }

    @Override
    public String usage() {
        return "HOST:PORT [--mtu N] [--fingerprint 'sha-256 AB:CD:…'] [--message TEXT]";
    }

    @Override
    public String description() {
        return "DTLS 1.2 client with use_srtp: logs the handshake, prints EXPORTER <hex> (works against openssl s_server)";
    }

    /** The exported keying material of the last run, in hex (for tests). */
    public String exporterHex() {
        return exporterHex;
    }

    /** Shows the endpoint's DEBUG narration ([DTLS] lines) on stdout. */
    static void showProtocolLog(PrintStream out) {
        StreamHandler h = new StreamHandler(out, new Formatter() {
            @Override
            public String format(LogRecord r) {
                return r.getMessage() + System.lineSeparator();
            }
        }) {
            @Override
            public synchronized void publish(LogRecord r) {
                super.publish(r);
                flush();
            }
        };
        h.setLevel(Level.ALL);
        DTLS_LOG.setLevel(Level.FINE);
        DTLS_LOG.setUseParentHandlers(false);
        for (var old : DTLS_LOG.getHandlers()) DTLS_LOG.removeHandler(old);
        DTLS_LOG.addHandler(h);
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: dtls-client " + usage());
            return 2;
        }
        int mtu = 1200;
        Fingerprint expected = null;
        String message = "hello from jrtc dtls-client";
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--mtu" -> mtu = Integer.parseInt(args[i + 1]);
                case "--fingerprint" -> expected = Fingerprint.parse(args[i + 1]);
                case "--message" -> message = args[i + 1];
                default -> {
                    System.err.println("unknown option " + args[i]);
                    return 2;
                }
            }
        }
        int colon = args[0].lastIndexOf(':');
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(args[0].substring(0, colon)),
                Integer.parseInt(args[0].substring(colon + 1)));
        if (!server.getAddress().isLoopbackAddress()) {
            System.err.println("examples only talk to loopback; " + server + " is not");
            return 2;
        }
        showProtocolLog(System.out);

        // 1. The endpoint: a fresh self-signed ECDSA P-256 certificate, all four SRTP profiles offered.
        //    The engine reads no clock and draws no randomness of its own: both come from here.
        SecureRandom random = new SecureRandom();
        DtlsConfig config = DtlsConfig.builder().certificate(DtlsCertificate.selfSignedEcdsa(random, Instant.now()))
                .random(random).mtu(mtu).expectedPeerFingerprint(expected).build();
        System.out.println("[DTLS] our certificate fingerprint: " + config.certificate().fingerprint());
        DtlsEndpoint dtls = DtlsEndpoint.client(config);

        try (DatagramChannel channel = DatagramChannel.open(); Selector selector = Selector.open()) {
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.connect(server);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            System.out.println("[DTLS] client " + channel.getLocalAddress() + " -> server " + server);

            // 2. The loop every sans-IO engine needs: input, timers, then drain transmits and events.
            dtls.start(System.nanoTime());
            ByteBuffer buf = ByteBuffer.allocate(65536);
            long giveUp = System.nanoTime() + 30_000_000_000L;
            boolean sent = false;
            boolean answered = false;
            long closeAt = Long.MAX_VALUE;
            while (System.nanoTime() < giveUp && dtls.state() != DtlsEndpoint.State.CLOSED) {
                for (byte[] d; (d = dtls.pollTransmit()) != null; ) channel.write(ByteBuffer.wrap(d));
                for (DtlsEvent e; (e = dtls.pollEvent()) != null; ) {
                    if (e instanceof DtlsEvent.HandshakeComplete hc) {
                        System.out.println("[DTLS] handshake complete: suite " + hc.suite() + ", group " + hc.group()
                                + ", extended master secret " + hc.extendedMasterSecret());
                        System.out.println("[DTLS] SRTP profile " + (hc.srtpProfile() == null ? null : hc.srtpProfile().dtlsName()));
                        System.out.println("[DTLS] peer certificate fingerprint " + hc.peerFingerprint());
                        int len = hc.srtpProfile() == null ? 60 : hc.srtpProfile().keyingMaterialLength();
                        exporterHex = Hex.encode(dtls.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, len));
                        System.out.println("EXPORTER " + exporterHex);
                    } else if (e instanceof DtlsEvent.ApplicationData ad) {
                        System.out.println("[DTLS] received: " + new String(ad.data(), StandardCharsets.UTF_8).strip());
                        answered = true;
                        closeAt = System.nanoTime();
                    } else {
                        System.out.println("[DTLS] " + e);
                    }
                }
                if (dtls.isEstablished() && !sent) {
                    System.out.println("[DTLS] sending: " + message);
                    dtls.send((message + "\n").getBytes(StandardCharsets.UTF_8));
                    sent = true;
                    closeAt = System.nanoTime() + 3_000_000_000L; // wait up to 3 s for an answer
                    continue;
                }
                if (System.nanoTime() >= closeAt) {
                    if (!answered) System.out.println("[DTLS] no answer; closing");
                    dtls.close(System.nanoTime());
                    continue;
                }
                long wait = Math.min(Math.min(dtls.pollTimeout(), closeAt), giveUp) - System.nanoTime();
                selector.select(Math.max(1, Math.min(1000, wait / 1_000_000)));
                selector.selectedKeys().clear();
                for (int n; (n = channel.read(buf.clear())) > 0; ) {
                    dtls.handleInput(System.nanoTime(), buf.array(), 0, n);
                }
                long now = System.nanoTime();
                if (now >= dtls.pollTimeout()) dtls.handleTimeout(now);
            }
            for (byte[] d; (d = dtls.pollTransmit()) != null; ) channel.write(ByteBuffer.wrap(d));
            for (DtlsEvent e; (e = dtls.pollEvent()) != null; ) System.out.println("[DTLS] " + e);
        }
        return exporterHex != null ? 0 : 1;
    }
}
