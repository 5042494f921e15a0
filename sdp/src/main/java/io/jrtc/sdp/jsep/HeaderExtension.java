package io.jrtc.sdp.jsep;

import io.jrtc.sdp.Direction;

import java.util.Objects;

/** An RTP header extension ({@code a=extmap}, RFC 8285): its id in this session and its URI. */
public record HeaderExtension(int id, String uri, Direction direction) {
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public static final String TOFFSET = "urn:ietf:params:rtp-hdrext:toffset";
    public static final String VIDEO_ORIENTATION = "urn:3gpp:video-orientation";

    public HeaderExtension {
        Objects.requireNonNull(uri);
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("extension id " + id + " is not 1..255");
        }
    }

    public static HeaderExtension of(int id, String uri) {
        return new HeaderExtension(id, uri, null);
    }

    public static java.util.List<HeaderExtension> audioDefaults() {
        return java.util.List.of(of(1, AUDIO_LEVEL), of(2, ABS_SEND_TIME), of(3, TRANSPORT_CC), of(4, MID));
    }

    public static java.util.List<HeaderExtension> videoDefaults() {
        return java.util.List.of(of(14, TOFFSET), of(2, ABS_SEND_TIME), of(13, VIDEO_ORIENTATION), of(3, TRANSPORT_CC),
                of(4, MID), of(10, RID), of(11, REPAIRED_RID));
    }
}
