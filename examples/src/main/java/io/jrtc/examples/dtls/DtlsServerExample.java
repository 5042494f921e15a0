package io.jrtc.examples.dtls;

import io.jrtc.core.Hex;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.DtlsEvent;
import io.jrtc.dtls.Fingerprint;
import io.jrtc.examples.Example;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * A DTLS 1.2 server on loopback for one session: answers with a HelloVerifyRequest cookie first, logs
 * every handshake message and state change, prints the suite, SRTP profile and {@code EXPORTER <hex>},
 * echoes each line it receives, and exits when the client sends close_notify.
 *
 * <pre>
 * java -jar examples/target/jrtc-examples.jar dtls-server --listen 127.0.0.1:4444
 * openssl s_client -dtls1_2 -connect 127.0.0.1:4444 -use_srtp SRTP_AEAD_AES_128_GCM \
 *     -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen 56 -cert c.pem -key k.pem
 * </pre>
 */
public final class DtlsServerExample implements Example {
    private volatile String exporterHex;

    @Override
    public String name() {
        return "dtls-server";
    }

    @Override
    public String usage() {
        return "--listen 127.0.0.1:PORT [--mtu N] [--no-cookies] [--fingerprint 'sha-256 AB:CD:…']";
    }

    @Override
    public String description() {
        return "DTLS 1.2 server with cookies and use_srtp: logs the handshake, prints EXPORTER <hex>, echoes lines";
    }

    public String exporterHex() {
        return exporterHex;
    }

    @Override
    public int run(String[] args) throws Exception {
        String listen = "127.0.0.1:4444";
        int mtu = 1200;
        boolean cookies = true;
        Fingerprint expected = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--listen" -> listen = args[++i];
                case "--mtu" -> mtu = Integer.parseInt(args[++i]);
                case "--no-cookies" -> cookies = false;
                case "--fingerprint" -> expected = Fingerprint.parse(args[++i]);
                default -> {
                    System.err.println("usage: dtls-server " + usage());
                    return 2;
                }
            }
        }
        int colon = listen.lastIndexOf(':');
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName(listen.substring(0, colon)),
                Integer.parseInt(listen.substring(colon + 1)));
        if (!local.getAddress().isLoopbackAddress()) {
            System.err.println("examples only listen on loopback; " + local + " is not");
            return 2;
        }
        DtlsClientExample.showProtocolLog(System.out);

        // 1. The endpoint. WebRTC servers ask for the client's certificate and check its fingerprint
        //    (from SDP); without --fingerprint any certificate is accepted and its fingerprint printed.
        //    The engine reads no clock and draws no randomness of its own: both come from here.
        SecureRandom random = new SecureRandom();
        DtlsConfig config = DtlsConfig.builder().certificate(DtlsCertificate.selfSignedEcdsa(random, Instant.now()))
                .random(random).mtu(mtu).helloVerifyRequest(cookies).expectedPeerFingerprint(expected).build();
        System.out.println("[DTLS] our certificate fingerprint: " + config.certificate().fingerprint());
        DtlsEndpoint dtls = DtlsEndpoint.server(config);

        try (DatagramChannel channel = DatagramChannel.open(); Selector selector = Selector.open()) {
            channel.bind(local);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            System.out.println("[DTLS] listening on " + channel.getLocalAddress());
            SocketAddress peer = null;
            ByteBuffer buf = ByteBuffer.allocate(65536);
            long giveUp = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < giveUp && dtls.state() != DtlsEndpoint.State.CLOSED) {
                long wait = Math.min(dtls.pollTimeout(), giveUp) - System.nanoTime();
                selector.select(Math.max(1, Math.min(1000, wait / 1_000_000)));
                selector.selectedKeys().clear();
                for (SocketAddress from; (from = channel.receive(buf.clear())) != null; ) {
                    if (peer == null) {
                        peer = from;
                        System.out.println("[DTLS] first datagram from " + peer);
                    } else if (!peer.equals(from)) {
                        continue; // one session only
                    }
                    dtls.handleInput(System.nanoTime(), buf.array(), 0, buf.position());
                }
                long now = System.nanoTime();
                if (now >= dtls.pollTimeout()) dtls.handleTimeout(now);
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
                        String text = new String(ad.data(), StandardCharsets.UTF_8);
                        System.out.println("[DTLS] received: " + text.strip() + " (echoing it)");
                        dtls.send(("echo: " + text).getBytes(StandardCharsets.UTF_8));
                    } else {
                        System.out.println("[DTLS] " + e);
                    }
                }
                for (byte[] d; peer != null && (d = dtls.pollTransmit()) != null; ) channel.send(ByteBuffer.wrap(d), peer);
            }
            for (byte[] d; peer != null && (d = dtls.pollTransmit()) != null; ) channel.send(ByteBuffer.wrap(d), peer);
        }
        return exporterHex != null ? 0 : 1;
    }
}
