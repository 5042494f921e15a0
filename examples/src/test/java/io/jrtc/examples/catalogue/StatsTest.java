package io.jrtc.examples.catalogue;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stats} with headless Chromium in a loopback-only namespace: the page sends its (fake) camera
 * and keeps a channel busy, and shows both sides' getStats six times. jrtc must have served those
 * reports, assembled the camera's frames and received the channel's messages, and its own report must
 * have the W3C entries with counters that agree with what it saw and with what the page showed.
 */
class StatsTest {

    @Test
    void bothSidesStatsReachThePage() throws Exception {
        String chromium = Namespace.chromium().toString();
        Namespace.Result r = Namespace.runJava(CatalogueDriver.class,
                List.of("--chromium", chromium, "--example", "stats", "--timeout", "40"), 90);
        String out = r.output();
        assertEquals(0, r.exitCode(), out);
        Matcher types = Pattern.compile("JAVA types \\[(.*)\\]\n").matcher(out);
        assertTrue(types.find(), out);
        for (String t : List.of("candidate-pair", "certificate", "codec", "data-channel", "inbound-rtp", "local-candidate",
                "peer-connection", "remote-candidate", "transport")) {
            assertTrue(types.group(1).contains(t), t + " missing in jrtc's report: " + types.group(1));
        }
        // the page showed jrtc's report (the same types) and drew the graph from both transports
        Matcher done = Pattern.compile("\\[page\\] done: jrtc types (\\S+); browser outbound-rtp video packetsSent (\\d+), "
                + "jrtc inbound-rtp video packetsReceived (\\d+)").matcher(out);
        assertTrue(done.find(), out);
        assertEquals(types.group(1).replace(", ", ","), done.group(1), out);
        long pageSawReceived = Long.parseLong(done.group(3));
        assertTrue(pageSawReceived > 0, out);
        Matcher kbps = Pattern.compile("\\[page\\] kbit/s: browser sends (\\d+), receives (\\d+); jrtc sends (\\d+), "
                + "receives (\\d+)").matcher(out);
        int lines = 0;
        while (kbps.find()) {
            lines++;
            for (int g = 1; g <= 4; g++) {
                assertTrue(Long.parseLong(kbps.group(g)) > 0, "a line of the graph did not move: " + kbps.group());
            }
        }
        assertTrue(lines >= 5, lines + " graph points:\n" + out);
        // jrtc's own counters: frames assembled, packets and messages received, and its report agrees
        Matcher served = Pattern.compile("JAVA reports served (\\d+), frames assembled (\\d+), channel messages received (\\d+)")
                .matcher(out);
        assertTrue(served.find(), out);
        assertTrue(Integer.parseInt(served.group(1)) >= 6, out);
        assertTrue(Long.parseLong(served.group(2)) >= 10, "frames assembled: " + served.group(2));
        long messages = Long.parseLong(served.group(3));
        assertTrue(messages >= 10, out);
        long packets = member(out, "JAVA inbound-rtp ", "packetsReceived");
        assertTrue(packets >= pageSawReceived, "counters only grow: " + packets + " now, " + pageSawReceived + " shown\n" + out);
        long dcReceived = member(out, "JAVA data-channel ", "messagesReceived");
        assertTrue(dcReceived > 0 && dcReceived <= messages + 50 && messages <= dcReceived + 50,
                "the report's messagesReceived " + dcReceived + " vs " + messages + " counted by onMessage");
        assertTrue(member(out, "JAVA transport ", "bytesReceived") > member(out, "JAVA inbound-rtp ", "bytesReceived"), out);
        assertTrue(out.contains("JAVA port released"), out);
    }

    private static long member(String out, String prefix, String name) {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "\\{[^\n]*\\b" + name + "=(\\d+)").matcher(out);
        assertTrue(m.find(), prefix + name + " not found:\n" + out);
        return Long.parseLong(m.group(1));
    }
}
