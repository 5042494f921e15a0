package io.jrtc.examples.catalogue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code reflect} with headless Chromium in a loopback-only namespace: the page sends its (fake) camera
 * and microphone with each video codec in turn (one connection each). For each, jrtc must have
 * negotiated that codec and Opus, received and sent back the packets, assembled at least 30 video
 * frames (a keyframe among them) from what it received, and the page must have decoded at least 30
 * frames and 50 audio packets of what came back, in that codec.
 */
class ReflectTest {
    private static final List<String> CODECS = List.of("VP8", "VP9", "H264", "AV1");
    private static String out;

    @BeforeAll
    static void run() throws Exception {
        String chromium = Namespace.chromium().toString();
        Namespace.Result r = Namespace.runJava(CatalogueDriver.class, List.of("--chromium", chromium, "--example", "reflect",
                "--codecs", String.join(",", CODECS), "--timeout", "120"), 180);
        out = r.output();
        assertEquals(0, r.exitCode(), out);
    }

    @ParameterizedTest
    @CsvSource({"1, VP8", "2, VP9", "3, H264", "4, AV1"})
    void cameraAndMicrophoneComeBack(int session, String codec) {
        Matcher page = Pattern.compile("\\[page\\] reflected " + codec + ": video video/" + codec + " (\\d+) frames decoded, "
                + "\\d+x\\d+; audio audio/opus (\\d+) packets").matcher(out);
        assertTrue(page.find(), "the page did not decode " + codec + " and Opus coming back:\n" + out);
        Matcher java = Pattern.compile("JAVA session page " + session + ": video " + codec + ", (\\d+) packets, (\\d+) frames "
                + "\\((\\d+) key\\); audio opus, (\\d+) packets").matcher(out);
        assertTrue(java.find(), "jrtc's session " + session + " did not carry " + codec + ":\n" + out);
        assertTrue(Long.parseLong(java.group(1)) >= 30, java.group());
        assertTrue(Long.parseLong(java.group(2)) >= 30, "frames assembled: " + java.group());
        assertTrue(Long.parseLong(java.group(3)) >= 1, "no keyframe assembled: " + java.group());
        assertTrue(Long.parseLong(java.group(4)) >= 50, java.group());
        assertTrue(out.contains("JAVA port released"), out);
    }
}
