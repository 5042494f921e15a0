package io.jrtc.examples.rtp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Runs the media-roundtrip example on every sample file with loss, and checks OUT's frames equal IN's. */
class MediaRoundTripTest {
    static final Path MEDIA = Path.of("..", "rtp", "src", "test", "resources", "media");

    @TempDir
    Path dir;

    @Test
    void everySampleSurvivesTheLossyPath() throws Exception {
        String[] files = {"vp8.ivf", "vp9.ivf", "av1.ivf", "h264.h264", "h265.h265", "opus.opus"};
        for (String f : files) {
            for (int mtu : new int[] {1200, 500}) {
                MediaRoundTrip.Summary s = MediaRoundTrip.roundTrip(MEDIA.resolve(f), dir.resolve("out-" + mtu + "-" + f), 0.1, mtu, 3);
                assertTrue(s.identical(), f + " mtu " + mtu);
                assertEquals(s.framesIn(), s.framesWritten());
                assertTrue(s.packetsLost() > 0 || s.packetsSent() < 30, f + ": the path lost packets");
            }
        }
    }
}
