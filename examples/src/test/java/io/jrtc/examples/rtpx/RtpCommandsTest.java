package io.jrtc.examples.rtpx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrtc.core.Bytes;
import io.jrtc.examples.rtp.RtpRecv;
import io.jrtc.examples.rtp.RtpSend;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.codec.CodecType;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.rtcp.SenderReport;
import io.jrtc.rtp.stream.FrameSender;
import io.jrtc.testkit.LoopbackPorts;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two commands on their own (no external stack): what rtp-recv keeps, counts and writes; argument errors. */
class RtpCommandsTest {
    @TempDir
    Path dir;

    /** A VP8-looking frame: keyframe tag and start code with a 160x120 size, or an inter frame. */
    private static byte[] vp8Frame(boolean key, int size, int seed) {
        byte[] f = new byte[size];
        new SplittableRandom(seed).nextBytes(f);
        if (key) {
            f[0] = (byte) (f[0] & ~1);
            f[3] = (byte) 0x9d;
            f[4] = 0x01;
            f[5] = 0x2a;
            f[6] = (byte) 160;
            f[7] = 0;
            f[8] = (byte) 120;
            f[9] = 0;
        } else {
            f[0] = (byte) (f[0] | 1);
        }
        return f;
    }

    @Test
    void rtpRecvWritesTheStreamInOrderAndCountsEverythingElse() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            frames.add(vp8Frame(i % 10 == 0, 300 + 97 * i, i));
        }
        FrameSender sender = new FrameSender(CodecType.VP8.packetizer(), 96, 0x1111L, 65530, 500); // wraps the sequence number
        List<byte[]> datagrams = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            for (RtpPacket p : sender.send(frames.get(i), 4_294_960_000L + 3000L * i)) { // wraps the timestamp
                datagrams.add(p.encode());
            }
        }
        // reordered within a window of 4 packets, the last packet kept last (nothing after it reveals a hole)
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i + 4 < datagrams.size() - 1; i += 4) {
            Collections.shuffle(datagrams.subList(i, i + 4), new java.util.Random(r.nextLong()));
        }
        List<byte[]> junk = List.of(
                RtcpPacket.encodeCompound(List.of(new SenderReport(0x1111L, 0, 0, 0, 0, List.of(), Bytes.EMPTY))), // RTCP on the same port
                RtpPacket.of(true, 97, 1, 0, 0x1111L, Bytes.wrap(new byte[10])).encode(),               // another payload type
                RtpPacket.of(true, 96, 1, 0, 0x2222L, Bytes.wrap(vp8Frame(true, 50, 1))).encode(),       // another SSRC
                new byte[] {(byte) 0x80, 96, 0});                                                         // truncated RTP header

        try (DatagramSocket socket = RtpRecv.open(new InetSocketAddress(LoopbackPorts.loopback(), 0));
             DatagramSocket tx = new DatagramSocket(new InetSocketAddress(LoopbackPorts.loopback(), 0))) {
            Path out = dir.resolve("out.ivf");
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            CompletableFuture<RtpRecv.Summary> recv = CompletableFuture.supplyAsync(() -> {
                try {
                    return RtpRecv.receive(socket, CodecType.VP8, 96, out, 300, 10_000, new PrintStream(log, true, StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            InetSocketAddress to = (InetSocketAddress) socket.getLocalSocketAddress();
            for (int i = 0; i < datagrams.size(); i++) {
                tx.send(new DatagramPacket(datagrams.get(i), datagrams.get(i).length, to));
                if (i == 3) {
                    for (byte[] j : junk) {
                        tx.send(new DatagramPacket(j, j.length, to));
                    }
                }
            }
            RtpRecv.Summary s = recv.get(30, TimeUnit.SECONDS);
            assertEquals(datagrams.size() + junk.size(), s.datagrams(), log.toString(StandardCharsets.UTF_8));
            assertEquals(datagrams.size(), s.packets());
            assertEquals(1, s.rtcp());
            assertEquals(1, s.otherPayloadType());
            assertEquals(1, s.otherSsrc());
            assertEquals(1, s.malformed());
            assertEquals(frames.size(), s.framesWritten());
            assertEquals(2, s.keyframes());

            IvfFile ivf = IvfFile.parse(Files.readAllBytes(out));
            assertEquals("VP80", ivf.fourcc());
            assertEquals(160, ivf.width());
            assertEquals(120, ivf.height());
            assertEquals(90_000, ivf.timebaseDenominator());
            assertEquals(frames.size(), ivf.frames().size());
            for (int i = 0; i < frames.size(); i++) {
                assertArrayEquals(frames.get(i), ivf.frames().get(i).data().toByteArray(), "frame " + i);
                assertEquals(3000L * i, ivf.frames().get(i).timestamp(), "time of frame " + i + " across the timestamp wrap");
            }
        }
    }

    @Test
    void rtpRecvWithNothingArrivingEndsWithExitOne() throws Exception {
        int port = LoopbackPorts.freeUdpPort();
        Path out = dir.resolve("none.opus");
        int code = new RtpRecv().run(new String[] {"--listen", "127.0.0.1:" + port, "--codec", "opus", "--pt", "111", "--out",
            out.toString(), "--wait-ms", "200"});
        assertEquals(1, code);
        assertTrue(Files.exists(out), "an empty but valid file is still written");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThrows(IllegalArgumentException.class, () -> new RtpRecv().run(new String[] {"--listen", "127.0.0.1:5000"}));
        assertThrows(IllegalArgumentException.class, () -> new RtpRecv().run(new String[] {"--listen", "127.0.0.1:5000", "--codec",
            "vp7", "--pt", "96", "--out", "x"}));
        assertThrows(IllegalArgumentException.class, () -> new RtpRecv().run(new String[] {"--listen", "127.0.0.1", "--codec",
            "vp8", "--pt", "96", "--out", "x"}));
        assertThrows(IllegalArgumentException.class, () -> new RtpRecv().run(new String[] {"--listen", "127.0.0.1:5000", "--codec",
            "vp8", "--pt", "128", "--out", "x"}));
        assertThrows(IllegalArgumentException.class, () -> new RtpSend().run(new String[] {"f.ivf", "--codec", "vp8", "--pt", "96"}));
        assertThrows(IllegalArgumentException.class, () -> new RtpSend().run(new String[] {"f.ivf", "--to", "127.0.0.1:5000",
            "--codec", "vp8", "--pt", "96", "--ssrc", "0x1ffffffff"}));
        assertThrows(IllegalArgumentException.class, () -> new RtpSend().run(new String[] {"f.ivf", "g.ivf", "--to", "127.0.0.1:5000",
            "--codec", "vp8", "--pt", "96"}));
    }
}
