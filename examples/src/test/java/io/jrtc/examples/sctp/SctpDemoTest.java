package io.jrtc.examples.sctp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SctpDemoTest {
    @Test
    void demoTransfersAndNarrates() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = new SctpDemo(new PrintStream(buf, true, StandardCharsets.UTF_8)).run(new String[] {"--loss", "0.02", "--bytes", "2000000"});
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, out);
        for (String s : new String[] {"INIT tag=", "INIT-ACK", "COOKIE-ECHO", "COOKIE-ACK", "transferred 2000000 bytes", "retransmissions",
                "final cwnd", "SHUTDOWN-COMPLETE", "association closed"}) {
            assertTrue(out.contains(s), s + " missing in:\n" + out);
        }
    }
}
