package io.jrtc.examples.webrtc;

import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;
import io.jrtc.webrtc.RtcRtpTransceiver;
import io.jrtc.webrtc.RtcRtpTransceiverInit;
import io.jrtc.webrtc.RtcSessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The echo server against a jrtc {@link PeerConnection} on loopback (no browser): its HTTP contract,
 * the refusals, and the 1,000-message echo with backpressure.
 */
class EchoServerTest {
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private EchoServer server;

    @BeforeEach
    void start() throws Exception {
        server = EchoServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), log, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        server.close();
        System.out.println(logBytes.toString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageAndRefusesBadRequestsWithAOneLineReason() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.url())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("fetch('/offer'"), page.body());

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(server.url() + "offer")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());

        HttpResponse<String> text = post("/offer", "text/plain", "v=0\r\n");
        assertEquals(415, text.statusCode());
        assertTrue(text.body().startsWith("Content-Type must be application/sdp"), text.body());

        HttpResponse<String> notSdp = post("/offer", "application/sdp", "hello");
        assertEquals(400, notSdp.statusCode());

        HttpResponse<String> broken = post("/offer", "application/sdp", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=bogus\r\n");
        assertEquals(400, broken.statusCode(), broken.body());
        for (HttpResponse<String> r : List.of(text, notSdp, broken)) {
            assertEquals(1, r.body().strip().lines().count(), "one line: " + r.body());
        }
        assertTrue(server.sessions().isEmpty());

        // and it still answers a good offer
        try (PeerConnection pc = new PeerConnection(loopback())) {
            pc.createDataChannel("echo");
            HttpResponse<String> ok = post("/offer", "application/sdp; charset=utf-8", completeOffer(pc));
            assertEquals(201, ok.statusCode(), ok.body());
            assertEquals("application/sdp", ok.headers().firstValue("Content-Type").orElse(""));
            assertTrue(ok.headers().firstValue("Location").orElse("").startsWith("/sessions/"));
            assertTrue(ok.body().contains("a=candidate:"), ok.body());
            assertTrue(ok.body().contains("a=end-of-candidates") || ok.body().contains("a=candidate:"), ok.body());
        }
    }

    @Test
    void echoesAThousandMessagesFromAJrtcOffererInOrderWithTheirTypes() throws Exception {
        try (PeerConnection pc = new PeerConnection(loopback())) {
            RtcDataChannel dc = pc.createDataChannel("echo");
            CompletableFuture<Integer> done = new CompletableFuture<>();
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger received = new AtomicInteger();
            Runnable pump = () -> {
                synchronized (sent) {
                    while (sent.get() < EchoMessages.COUNT && dc.bufferedAmount() < (1 << 20)) {
                        int i = sent.getAndIncrement();
                        if (EchoMessages.binary(i)) {
                            dc.send(EchoMessages.bytes(i));
                        } else {
                            dc.send(EchoMessages.text(i));
                        }
                    }
                }
            };
            dc.setBufferedAmountLowThreshold(256 << 10);
            dc.onOpen(pump);
            dc.onBufferedAmountLow(pump);
            dc.onMessage(m -> {
                int i = received.getAndIncrement();
                if (!EchoMessages.matches(i, m.binary(), m.data())) {
                    done.completeExceptionally(new AssertionError("echo " + i + " differs (binary " + m.binary() + ", "
                            + m.data().length + " bytes)"));
                }
                if (i + 1 == EchoMessages.COUNT) {
                    done.complete(i + 1);
                }
            });
            HttpResponse<String> answer = post("/offer", "application/sdp", completeOffer(pc));
            assertEquals(201, answer.statusCode(), answer.body());
            pc.setRemoteDescription(RtcSessionDescription.answer(answer.body())).get(10, TimeUnit.SECONDS);
            assertEquals(EchoMessages.COUNT, done.get(60, TimeUnit.SECONDS));
            EchoServer.Session s = server.sessions().iterator().next();
            assertEquals(EchoMessages.COUNT, s.messagesEchoed("echo"));
            long bytes = 0;
            for (int i = 0; i < EchoMessages.COUNT; i++) {
                bytes += EchoMessages.wireSize(i);
            }
            assertEquals(bytes, s.bytesEchoed());
            String id = answer.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create(server.url() + id.substring(1)))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, deleted.statusCode());
            assertTrue(server.sessions().isEmpty());
        }
        String out = logBytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("[HTTP] offer from 127.0.0.1:"), out);
        assertTrue(out.contains("channel \"echo\" open"), out);
        assertTrue(out.contains("closed: the offerer deleted it (1000 message(s) echoed"), out);
    }

    @Test
    void closesASessionThatStaysIdle() throws Exception {
        server.close();
        server = EchoServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), log, Duration.ofSeconds(1));
        try (PeerConnection pc = new PeerConnection(loopback())) {
            pc.createDataChannel("echo");
            HttpResponse<String> answer = post("/offer", "application/sdp", completeOffer(pc));
            assertEquals(201, answer.statusCode(), answer.body());
            // the answer is never applied: nothing arrives, and the server gives up on the session
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!server.sessions().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(server.sessions().isEmpty(), "the idle session is still open");
        }
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("closed: idle for 1 s"));
    }

    @Test
    void helpExitsZeroAndABadArgumentDoesNot() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(b, true, StandardCharsets.UTF_8);
        assertEquals(0, new EchoServerExample().run(new String[] {"--help"}, p));
        assertTrue(b.toString(StandardCharsets.UTF_8).contains("--http 127.0.0.1:PORT"));
        assertEquals(2, new EchoServerExample().run(new String[] {"--bogus"}, p));
        assertEquals(2, new EchoServerExample().run(new String[] {}, p));
        assertEquals(2, new EchoServerExample().run(new String[] {"--http", "example.org:80"}, p));
        assertFalse(b.toString(StandardCharsets.UTF_8).isEmpty());
    }

    @Test
    void reflectsAJrtcVideoTrackOnItsOwnTransceiver() throws Exception {
        try (PeerConnection pc = new PeerConnection(RtcConfiguration.builder().loopbackOnly()
                .videoCodecs(List.of(Codec.vp8(96, 97))).build())) {
            RtcRtpTransceiver t = pc.addTransceiver(MediaKind.VIDEO, RtcRtpTransceiverInit.sendrecv());
            AtomicInteger back = new AtomicInteger();
            t.receiver().onRtp(p -> back.incrementAndGet());
            HttpResponse<String> answer = post("/offer", "application/sdp", completeOffer(pc));
            assertEquals(201, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("a=sendrecv"), answer.body());
            pc.setRemoteDescription(RtcSessionDescription.answer(answer.body())).get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int i = 0; back.get() < 20 && System.nanoTime() < deadline; i++) {
                t.sender().sendFrame(fakeVp8(i % 30 == 0, 1500), (i * 3000L) & 0xffffffffL);
                Thread.sleep(33);
            }
            assertTrue(back.get() >= 20, "reflected packets: " + back.get());
            EchoServer.Session s = server.sessions().iterator().next();
            assertTrue(s.rtpForwarded(MediaKind.VIDEO) >= 20, "forwarded: " + s.rtpForwarded(MediaKind.VIDEO));
        }
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("reflecting it back, transceiver now sendrecv"));
    }

    /** A VP8 frame that only has to look like one to a packetizer: frame tag, and for a keyframe the start code and size. */
    static byte[] fakeVp8(boolean key, int size) {
        byte[] f = new byte[size];
        new java.util.Random(size).nextBytes(f);
        int partition = size - 10;
        f[0] = (byte) ((key ? 0 : 1) | (1 << 4) | ((partition & 0x7) << 5));
        f[1] = (byte) (partition >> 3);
        f[2] = (byte) (partition >> 11);
        if (key) {
            f[3] = (byte) 0x9d;
            f[4] = 0x01;
            f[5] = 0x2a;
            f[6] = (byte) 320;
            f[7] = (byte) (320 >> 8);
            f[8] = (byte) 240;
            f[9] = 0;
        }
        return f;
    }

    static String completeOffer(PeerConnection pc) throws Exception {
        pc.setLocalDescription(pc.createOffer().get(10, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS);
        pc.gatheringComplete().get(10, TimeUnit.SECONDS);
        return pc.localDescription().sdp();
    }

    static RtcConfiguration loopback() {
        return RtcConfiguration.builder().loopbackOnly().build();
    }
}
