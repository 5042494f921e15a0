package io.jrtc.sdp.jsep;

import io.jrtc.sdp.Direction;

import java.util.Objects;

/**
 * An RTP header extension ({@code a=extmap}, RFC 8285): its id in this session and its URI.
 *
 * @param id        the extension id (1..14 one-byte, up to 255 two-byte)
 * @param uri       the extension's URI
 * @param direction its direction, or null
 */
public record HeaderExtension(int id, String uri, Direction direction) {
    /** The URI of the audio-level header extension: {@code urn:ietf:params:rtp-hdrext:ssrc-audio-level}. */
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /**
     * The URI of the abs-send-time header extension: {@code
     * http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time}.
     */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /**
     * The URI of the transport-cc header extension: {@code
     * http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01}.
     */
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** The URI of the mid header extension: {@code urn:ietf:params:rtp-hdrext:sdes:mid}. */
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** The URI of the rid header extension: {@code urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id}. */
    public static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** The URI of the repaired-rid header extension: {@code urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id}. */
    public static final String REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    /** The URI of the toffset header extension: {@code urn:ietf:params:rtp-hdrext:toffset}. */
    public static final String TOFFSET = "urn:ietf:params:rtp-hdrext:toffset";
    /** The URI of the video-orientation header extension: {@code urn:3gpp:video-orientation}. */
    public static final String VIDEO_ORIENTATION = "urn:3gpp:video-orientation";

    /**
     * Checks the components.
     *
     * @param id the extension id (1..14 one-byte, up to 255 two-byte)
     * @param uri the extension's URI
     * @param direction its direction, or null
     */
    public HeaderExtension {
        Objects.requireNonNull(uri);
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("extension id " + id + " is not 1..255");
        }
    }

    /**
     * A header extension with no direction and no attributes.
     *
     * @param id the id
     * @param uri the extension's URI
     * @return the extension
     */
    public static HeaderExtension of(int id, String uri) {
        return new HeaderExtension(id, uri, null);
    }

    /** {@return the header extensions jrtc offers for audio} */
    public static java.util.List<HeaderExtension> audioDefaults() {
        return java.util.List.of(of(1, AUDIO_LEVEL), of(2, ABS_SEND_TIME), of(3, TRANSPORT_CC), of(4, MID));
    }

    /** {@return the header extensions jrtc offers for video} */
    public static java.util.List<HeaderExtension> videoDefaults() {
        return java.util.List.of(of(14, TOFFSET), of(2, ABS_SEND_TIME), of(13, VIDEO_ORIENTATION), of(3, TRANSPORT_CC),
                of(4, MID), of(10, RID), of(11, REPAIRED_RID));
    }
}
