package io.jrtc.examples.catalogue;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code data-channels} with headless Chromium in a loopback-only namespace: the page sends three
 * texts and 1000 bytes; jrtc must have received exactly those, in order, and the page must have shown
 * jrtc's greeting, its four answers and its clock.
 */
class DataChannelsTest {

    @Test
    void pageAndJrtcExchangeMessagesBothWays() throws Exception {
        String chromium = Namespace.chromium().toString();
        Namespace.Result r = Namespace.runJava(CatalogueDriver.class,
                List.of("--chromium", chromium, "--example", "data-channels", "--timeout", "40"), 90);
        String out = r.output();
        assertEquals(0, r.exitCode(), out);
        // what jrtc received, in order and nothing else
        List<String> received = out.lines().filter(l -> l.startsWith("JAVA received ")).toList();
        assertEquals(List.of("JAVA received text \"hello 1\"", "JAVA received text \"hello 2\"",
                "JAVA received text \"hello 3\"", "JAVA received binary 1000 bytes 0001020304050607"), received, out);
        // what the page got from jrtc
        for (String s : List.of("[page] channel \"chat\" open", "[page] jrtc says: hello from jrtc: this channel is open",
                "[page] jrtc says: jrtc got \"hello 1\"", "[page] jrtc says: jrtc got \"hello 3\"",
                "[page] jrtc says: jrtc got 1000 bytes, starting 00010203", "[page] jrtc says: jrtc time ",
                "[DC] page 1 \"chat\" open", "JAVA port released")) {
            assertTrue(out.contains(s), s + " missing in:\n" + out);
        }
    }
}
