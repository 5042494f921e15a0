package io.jrtc.webrtc;

import io.jrtc.webrtc.transport.EventLoops;
import io.jrtc.webrtc.transport.MuxTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server's PeerConnections sharing one UDP port, and the key log file. */
class PeerConnectionMuxTest {

    @Test
    @Timeout(60)
    void fourServerConnectionsShareOneMuxPort() throws Exception {
        try (EventLoops loops = EventLoops.create(2);
             MuxTransport mux = MuxTransport.bind(loops, InetAddress.getLoopbackAddress(), 0, 0)) {
            List<PeerConnection> all = new ArrayList<>();
            List<CompletableFuture<String>> echoes = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    PeerConnection server = new PeerConnection(RtcConfiguration.builder().loopbackOnly().muxPort(mux)
                            .eventLoops(loops).label("server" + i).rethrowInternalErrors(true).build());
                    PeerConnection client = new PeerConnection(RtcConfiguration.builder().loopbackOnly().eventLoops(loops)
                            .label("client" + i).rethrowInternalErrors(true).build());
                    all.add(server);
                    all.add(client);
                    assertEquals(mux.localAddress(), server.localAddress(), "the server side uses the shared port");
                    int n = i;
                    server.onDataChannel(ch -> ch.onMessage(m -> ch.send("server" + n + " echoes " + m.text())));
                    RtcDataChannel ch = client.createDataChannel("c" + i);
                    CompletableFuture<String> echo = new CompletableFuture<>();
                    ch.onOpen(() -> ch.send("client" + n));
                    ch.onMessage(m -> echo.complete(m.text()));
                    echoes.add(echo);
                    PeerConnectionLoopbackTest.connect(client, server);
                }
                for (int i = 0; i < 4; i++) {
                    assertEquals("server" + i + " echoes client" + i, echoes.get(i).get(20, TimeUnit.SECONDS));
                }
                assertEquals(4, mux.registrations());
                assertEquals(0, mux.stats().unroutable(), mux.stats().toString());
            } finally {
                for (PeerConnection pc : all) {
                    pc.close();
                }
            }
        }
    }

    @Test
    @Timeout(30)
    void theKeyLogFileGetsTheDtlsSecrets(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys.log");
        try (EventLoops loops = EventLoops.create(1);
             PeerConnection a = new PeerConnection(RtcConfiguration.builder().loopbackOnly().eventLoops(loops)
                     .keyLogFile(keys).build());
             PeerConnection b = new PeerConnection(RtcConfiguration.builder().loopbackOnly().eventLoops(loops).build())) {
            CompletableFuture<Void> open = new CompletableFuture<>();
            RtcDataChannel ch = a.createDataChannel("k");
            ch.onOpen(() -> open.complete(null));
            PeerConnectionLoopbackTest.connect(a, b);
            open.get(10, TimeUnit.SECONDS);
            List<String> lines = Files.readAllLines(keys);
            assertTrue(!lines.isEmpty() && lines.get(0).matches("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}"), lines.toString());
        }
    }
}
