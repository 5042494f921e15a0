package io.jrtc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.ice.IceParseException;
import io.jrtc.sdp.CandidateAttribute;
import io.jrtc.sdp.SdpParseException;
import io.jrtc.sdp.SessionDescription;

import java.nio.charset.StandardCharsets;

/** SDP: whole descriptions and candidate lines, as text from a signalling channel. */
class SdpFuzzTest {
    static {
        Drain.setUp();
    }

    @FuzzTest(maxDuration = "60s")
    void description(byte[] data) {
        try {
            SessionDescription parsed = SessionDescription.parse(new String(data, StandardCharsets.UTF_8));
            SessionDescription.parse(parsed.write());
        } catch (SdpParseException expected) {
            // only this may come out
        }
    }

    /**
     * One ICE candidate as signalling carries it ({@code candidate:…}, with or without {@code a=}): both
     * parsers, SDP's and the ICE agent's ({@code addIceCandidate}).
     */
    @FuzzTest(maxDuration = "60s")
    void candidate(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            CandidateAttribute c = CandidateAttribute.parse(text);
            Same.value("SDP candidate", c, CandidateAttribute.parse(c.toCandidateString()));
        } catch (SdpParseException expected) {
            // only this may come out
        }
        try {
            io.jrtc.ice.Candidate.parse(text);
        } catch (IceParseException expected) {
            // only this may come out
        }
    }
}
