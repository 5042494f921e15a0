package io.jrtc.examples.stack;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real-socket ortc-demo end to end on 127.0.0.1. */
class OrtcDemoTest {
    @Test
    void wholeStackComesUpOnLoopback() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = new OrtcDemo().run(new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, out);
        for (String s : new String[] {"[ICE] alice selected pair", "[ICE] bob selected pair", "[DTLS] alice handshake complete",
                "[DTLS] bob handshake complete", "matches the signalled one", "[SRTP] alice keyed from the DTLS exporter",
                "identical to what was sent", "[SCTP] alice association established", "[DC] bob channel \"chat\" open",
                "[DC] bob received \"hello bob, alice here\"", "[DC] alice received \"hi alice, this is bob\"", "done:"}) {
            assertTrue(out.contains(s), s + " missing in:\n" + out);
        }
    }
}
