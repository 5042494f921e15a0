package io.jrtc.examples.catalogue;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ice-restart} with headless Chromium in a loopback-only namespace: the page pings jrtc over a
 * data channel, restarts ICE after three pongs, and keeps pinging. jrtc must have seen two offers with
 * different ICE ufrags, selected a second pair after the first, received every ping in order (none lost
 * across the restart, more of them after the second pair was selected) on the one channel, which never
 * closed.
 */
class IceRestartTest {

    @Test
    void restartFromThePageKeepsTheChannelUp() throws Exception {
        String chromium = Namespace.chromium().toString();
        Namespace.Result r = Namespace.runJava(CatalogueDriver.class,
                List.of("--chromium", chromium, "--example", "ice-restart", "--timeout", "40"), 90);
        String out = r.output();
        assertEquals(0, r.exitCode(), out);
        assertTrue(out.contains("JAVA sessions 1\n"), out);
        Matcher ufrags = Pattern.compile("JAVA remote ufrags \\[(\\S+), (\\S+)\\]\n").matcher(out);
        assertTrue(ufrags.find(), "two offers expected:\n" + out);
        assertNotEquals(ufrags.group(1), ufrags.group(2), "the second offer must carry new ICE credentials:\n" + out);
        Matcher pairs = Pattern.compile("JAVA pairs \\[([^,\\]]+), ([^,\\]]+)\\]\n").matcher(out);
        assertTrue(pairs.find(), "jrtc must have selected exactly two pairs, one per ICE generation:\n" + out);
        // the restart offer carried the browser's new candidates: the new pair's remote is one of them
        assertTrue(pairs.group(2).endsWith(" host"), "new pair " + pairs.group(2) + " (prflx: the offer lacked its candidates)");
        assertNotEquals(pairs.group(1), pairs.group(2), out);
        Matcher at = Pattern.compile("JAVA pings at each pair \\[(\\d+), (\\d+)\\]\n").matcher(out);
        assertTrue(at.find(), out);
        Matcher pings = Pattern.compile("JAVA pings (\\d+) numbered 1\\.\\.\\d+ in order\n").matcher(out);
        assertTrue(pings.find(), "every ping must have arrived, in order:\n" + out);
        int atRestartPair = Integer.parseInt(at.group(2));
        int total = Integer.parseInt(pings.group(1));
        assertTrue(Integer.parseInt(at.group(1)) < atRestartPair, out);
        assertTrue(total >= atRestartPair + 3, "pings must go on over the new pair: " + total + " in all, "
                + atRestartPair + " when it was selected\n" + out);
        assertTrue(out.contains("JAVA channels opened 1 closed 0\n"), "the channel must stay up:\n" + out);
        assertTrue(out.contains("[page] done: "), out);
        assertTrue(!out.contains("[page] channel \"ping\" CLOSED"), out);
        assertTrue(out.contains("JAVA port released"), out);
    }
}
