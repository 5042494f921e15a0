package io.jrtc.sdp.jsep;

import java.util.Objects;

/**
 * One {@code a=rtcp-fb} mechanism: {@code nack}, {@code nack pli}, {@code ccm fir}, {@code transport-cc}, ...
 *
 * @param type      the mechanism (nack, ccm, goog-remb, transport-cc)
 * @param parameter its parameter (pli, fir), or null
 */
public record RtcpFeedback(String type, String parameter) {
    /**
     * Checks the components.
     *
     * @param type the mechanism (nack, ccm, goog-remb, transport-cc)
     * @param parameter its parameter (pli, fir), or null
     */
    public RtcpFeedback {
        Objects.requireNonNull(type);
    }

    /**
     * A feedback mechanism without a parameter ({@code nack}, {@code transport-cc}).
     *
     * @param type the mechanism ({@code nack}, {@code ccm}, ...)
     * @return the mechanism
     */
    public static RtcpFeedback of(String type) {
        return new RtcpFeedback(type, null);
    }

    /**
     * A feedback mechanism with a parameter ({@code nack pli}, {@code ccm fir}).
     *
     * @param type the mechanism ({@code nack}, {@code ccm}, ...)
     * @param parameter its parameter ({@code pli}, {@code fir}, ...)
     * @return the mechanism
     */
    public static RtcpFeedback of(String type, String parameter) {
        return new RtcpFeedback(type, parameter);
    }

    /** {@return the usual video set of Chromium: goog-remb, transport-cc, ccm fir, nack, nack pli} */
    public static java.util.List<RtcpFeedback> videoDefaults() {
        return java.util.List.of(of("goog-remb"), of("transport-cc"), of("ccm", "fir"), of("nack"), of("nack", "pli"));
    }
}
