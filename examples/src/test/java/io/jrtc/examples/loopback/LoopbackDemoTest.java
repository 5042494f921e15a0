package io.jrtc.examples.loopback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the {@code loopback} demo in this JVM (its output captured) and checks what it narrates. */
class LoopbackDemoTest {

    record Run(int exitCode, String output) {
    }

    static Run run(String... args) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = new LoopbackDemo().run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return new Run(rc, buf.toString(StandardCharsets.UTF_8));
    }

    static void assertContains(String out, String... expected) {
        for (String s : expected) {
            assertTrue(out.contains(s), "missing \"" + s + "\" in:\n" + out);
        }
    }

    @Test
    @Timeout(60)
    void narratesEveryLayerAndExitsZero() throws Exception {
        Run r = run();
        String out = r.output();
        assertEquals(0, r.exitCode(), out);
        assertFalse(out.contains("FAILED"), out);
        assertContains(out,
                // [SDP]
                "[SDP]   alice.createOffer()", "m=video mid 0 sendrecv: VP8/90000 (pt 96", "m=application mid 1: UDP/DTLS/SCTP",
                "a=setup:actpass", "a=setup:active", "a=ice-ufrag:", "bob.setRemoteDescription(offer)",
                "[RTP]   bob ontrack: video on mid 0", "alice.setRemoteDescription(answer)", "bob is the DTLS client",
                // [ICE]
                "[ICE]   alice trickles candidate:", "typ host", "[ICE]   bob trickles candidate:",
                "[ICE]   alice ICE connection state checking", "[ICE]   alice ICE connection state connected, selected pair 127.0.0.1:",
                "[ICE]   bob ICE connection state connected, selected pair 127.0.0.1:", "succeeded, nominated",
                "<- selected", "[PC]    alice connection state connected (ICE and DTLS are up)",
                // [DTLS]
                "[DTLS]  alice: role server, DTLS 1.2 (tlsVersion FEFD), TLS_ECDHE_",
                "[DTLS]  bob:   role client", "= a=fingerprint in bob's answer = stats",
                "= a=fingerprint in alice's offer = stats",
                // [SRTP]
                "[SRTP]  use_srtp (a DTLS hello extension) chose SRTP_", "from the DTLS exporter \"EXTRACTOR-dtls_srtp\"",
                // [SCTP] / [DC]
                "[SCTP]  association up over DTLS", "[DC]    bob ondatachannel: \"chat\" id 1, ordered, reliable",
                "[DC]    alice's \"chat\" onopen", "all 5 echoes came back in order, type kept, byte for byte identical",
                // [RTP] / [RTCP]
                "[RTP]   bob: first frame: frame 0, key frame 320x180",
                "[RTCP]  bob: after 10 frames, receiver.requestKeyframe() -> RTCP PLI to alice",
                "[RTCP]  alice: sender.onKeyframeRequest fired", "ms after his PLI",
                "each byte-identical to what alice sent", "back, identical",
                // [STATS]
                "[STATS] alice candidate-pair selected packetsSent", "[STATS] bob   inbound-rtp    video",
                "framesDecoded 30", "[STATS] alice outbound-rtp   video", "messagesSent 5", "messagesReceived 5",
                // closing
                "[PC]    alice connection state closed", "[PC]    bob connection state closed",
                "[TIME]  createOffer -> connected: alice ", "done: every layer checked, exit code 0");
        for (String text : Walkthrough.TEXTS) {
            assertContains(out, "  bob <- text \"" + text + "\"", "  alice <- text \"" + text + "\"");
        }
        assertContains(out, "alice <- binary " + Walkthrough.BINARY_SIZE + " bytes");
        assertEquals(Walkthrough.TEXTS.size() + 1, count(out, "), identical (round trip "), out);

        // 30 frames, or 31 when bob's PLI arrived after the last one and alice answered it with one more
        Matcher frames = Pattern.compile("bob got (\\d+)/(\\d+) frames \\((\\d+) key frames.*alice got all (\\d+) back").matcher(out);
        assertTrue(frames.find(), out);
        int got = Integer.parseInt(frames.group(1));
        assertTrue(got >= LoopbackDemo.DEFAULT_FRAMES && got == Integer.parseInt(frames.group(2))
                && got == Integer.parseInt(frames.group(4)) && Integer.parseInt(frames.group(3)) >= 2, frames.group());
        Matcher packets = Pattern.compile("\\[STATS\\] bob   inbound-rtp +video +ssrc \\d+, packetsReceived (\\d+)").matcher(out);
        assertTrue(packets.find() && Long.parseLong(packets.group(1)) > 0, out);
    }

    @Test
    @Timeout(60)
    void nonTrickleSendsTheCandidatesInTheDescriptions() throws Exception {
        Run r = run("--non-trickle", "--frames", "6");
        String out = r.output();
        assertEquals(0, r.exitCode(), out);
        assertContains(out, "alice.localDescription(), the complete offer", "alice gathered candidate:",
                "bob.localDescription(), the complete answer", "  a=candidate:", "each byte-identical to what alice sent", "done:");
        assertFalse(out.contains("trickles"), out);
    }

    @Test
    @Timeout(120)
    void fiveRunsInARowLeaveNoSocketOrThreadBehind() throws Exception {
        Set<String> before = jrtcThreads();
        int threadsAfterFirst = -1;
        for (int i = 1; i <= 5; i++) {
            Run r = run("--frames", "6");
            assertEquals(0, r.exitCode(), "run " + i + ":\n" + r.output());
            List<Integer> ports = ports(r.output());
            assertEquals(2, ports.size(), r.output());
            for (int port : ports) {
                // the demo closed its socket: the port can be bound again at once
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                    assertEquals(port, s.getLocalPort());
                }
            }
            // EventLoops.close() returns when the loops have terminated; a loop thread may take a moment
            // more to leave run() after completing that future, so wait (bounded) for it to be gone
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!before.equals(jrtcThreads()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(before, jrtcThreads(), "run " + i + " left event loop threads behind");
            int threads = Thread.activeCount();
            if (i == 1) {
                threadsAfterFirst = threads;
            } else {
                assertTrue(threads <= threadsAfterFirst + 2, "run " + i + ": " + threads + " threads, " + threadsAfterFirst
                        + " after the first run: " + Thread.getAllStackTraces().keySet());
            }
        }
    }

    @Test
    @Timeout(60)
    void repeatPrintsOneTimingPerRunAndTheMedians() throws Exception {
        Run r = run("--repeat", "3", "--frames", "3");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(3, count(r.output(), ": createOffer -> both connected "), r.output());
        assertContains(r.output(), "3 runs: connected median ", "\"chat\" open median ",
                "without the first (cold JVM) run: connected median ");
        assertFalse(r.output().contains("[SDP]"), "the narration is kept back: " + r.output());
    }

    @Test
    @Timeout(30)
    void aTimeoutExitsOneWithTheReason() throws Exception {
        // 3000 frames at 30 frames/s cannot be sent in one second
        Run r = run("--timeout", "1", "--frames", "3000");
        assertEquals(1, r.exitCode(), r.output());
        assertContains(r.output(), "FAILED: timeout");
        assertFalse(r.output().contains("done:"), r.output());
    }

    @Test
    void helpExitsZeroAndBadArgumentsTwo() throws Exception {
        Run help = run("--help");
        assertEquals(0, help.exitCode());
        assertContains(help.output(), "usage: loopback [--timeout SECONDS]", "--non-trickle");
        assertEquals(2, run("--frames", "two").exitCode());
        assertEquals(2, run("--timeout", "0").exitCode());
        assertEquals(2, run("--bogus").exitCode());
        assertEquals(2, run("--repeat", "0").exitCode());
    }

    @Test
    void syntheticFramesAreVp8AndRecognisedByteForByte() {
        byte[] key = SyntheticVp8.frame(0, true);
        byte[] delta = SyntheticVp8.frame(7, false);
        assertTrue(SyntheticVp8.isKeyframe(key));
        assertFalse(SyntheticVp8.isKeyframe(delta));
        // RFC 6386 9.1: the key frame start code and the picture size after the frame tag
        assertEquals(0x9d, key[3] & 0xff);
        assertEquals(0x01, key[4] & 0xff);
        assertEquals(0x2a, key[5] & 0xff);
        assertEquals(SyntheticVp8.WIDTH, (key[6] & 0xff) | (key[7] & 0x3f) << 8);
        assertEquals(SyntheticVp8.HEIGHT, (key[8] & 0xff) | (key[9] & 0x3f) << 8);
        // show_frame set, first partition size = the rest
        int tag = (key[0] & 0xff) | (key[1] & 0xff) << 8 | (key[2] & 0xff) << 16;
        assertEquals(1, (tag >> 4) & 1);
        assertEquals(key.length - 10, tag >>> 5);
        assertEquals(0, SyntheticVp8.number(key));
        assertEquals(7, SyntheticVp8.number(delta));
        delta[delta.length - 1] ^= 1;
        assertEquals(-1, SyntheticVp8.number(delta));
        assertEquals(-1, SyntheticVp8.number(new byte[] {1, 2}));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<Integer> ports(String out) {
        List<Integer> ports = new ArrayList<>();
        Matcher m = Pattern.compile("-> UDP socket 127\\.0\\.0\\.1:(\\d+)").matcher(out);
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
        }
        return ports;
    }

    private static Set<String> jrtcThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("jrtc-io")) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
