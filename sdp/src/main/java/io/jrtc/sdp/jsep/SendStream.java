package io.jrtc.sdp.jsep;

import java.util.Objects;

/**
 * What a transceiver sends: its MediaStream id and track id ({@code a=msid}), its SSRC, the SSRC of
 * its RTX stream ({@code null} for none) and the RTCP CNAME. Written as {@code a=msid},
 * {@code a=ssrc-group:FID} and {@code a=ssrc} lines.
 *
 * @param streamId the MediaStream id (msid)
 * @param trackId  the track id (msid)
 * @param ssrc     the SSRC
 * @param rtxSsrc  the RTX SSRC, or null
 * @param cname    the RTCP CNAME
 */
public record SendStream(String streamId, String trackId, long ssrc, Long rtxSsrc, String cname) {
    /**
     * Checks the components.
     *
     * @param streamId the MediaStream id (msid)
     * @param trackId the track id (msid)
     * @param ssrc the SSRC
     * @param rtxSsrc the RTX SSRC, or null
     * @param cname the RTCP CNAME
     */
    public SendStream {
        Objects.requireNonNull(streamId);
        Objects.requireNonNull(trackId);
        Objects.requireNonNull(cname);
        if (ssrc < 0 || ssrc > 0xFFFFFFFFL || (rtxSsrc != null && (rtxSsrc < 0 || rtxSsrc > 0xFFFFFFFFL))) {
            throw new IllegalArgumentException("ssrc out of 32 bits");
        }
    }
}
