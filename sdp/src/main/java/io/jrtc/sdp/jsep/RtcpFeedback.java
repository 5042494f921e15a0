package io.jrtc.sdp.jsep;

import java.util.Objects;

/** One {@code a=rtcp-fb} mechanism: {@code nack}, {@code nack pli}, {@code ccm fir}, {@code transport-cc}, ... */
public record RtcpFeedback(String type, String parameter) {
    public RtcpFeedback {
        Objects.requireNonNull(type);
    }

    public static RtcpFeedback of(String type) {
        return new RtcpFeedback(type, null);
    }

    public static RtcpFeedback of(String type, String parameter) {
        return new RtcpFeedback(type, parameter);
    }

    /** The usual video set of Chromium: goog-remb, transport-cc, ccm fir, nack, nack pli. */
    public static java.util.List<RtcpFeedback> videoDefaults() {
        return java.util.List.of(of("goog-remb"), of("transport-cc"), of("ccm", "fir"), of("nack"), of("nack", "pli"));
    }
}
