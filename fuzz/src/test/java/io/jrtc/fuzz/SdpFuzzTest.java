package io.jrtc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.sdp.SdpParseException;
import io.jrtc.sdp.SessionDescription;

import java.nio.charset.StandardCharsets;

/** SDP: whole descriptions, as text from a signalling channel. */
class SdpFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void description(byte[] data) {
        try {
            SessionDescription parsed = SessionDescription.parse(new String(data, StandardCharsets.UTF_8));
            SessionDescription.parse(parsed.write());
        } catch (SdpParseException expected) {
            // only this may come out
        }
    }
}
