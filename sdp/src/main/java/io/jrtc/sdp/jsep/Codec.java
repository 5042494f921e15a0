package io.jrtc.sdp.jsep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An RTP payload format as a plain value: payload type, encoding name, clock rate, channels (0 when
 * the rtpmap has none), format parameters (ordered, {@code null} value for a bare key), RTCP feedback,
 * and the payload type of its RTX stream ({@code null} for none). An offer writes it as
 * {@code a=rtpmap}, {@code a=rtcp-fb}, {@code a=fmtp} and, with RTX, {@code a=rtpmap:N rtx/clock} plus
 * {@code a=fmtp:N apt=PT}.
 *
 * @param payloadType    the RTP payload type
 * @param name           the encoding name (opus, VP8, H264, ...)
 * @param clockRate      the clock rate in Hz
 * @param channels       the channel count (audio), or null
 * @param parameters     the fmtp parameters in order
 * @param feedback       the RTCP feedback mechanisms
 * @param rtxPayloadType the payload type of its RTX stream, or null
 */
public record Codec(int payloadType, String name, int clockRate, int channels, Map<String, String> parameters,
        List<RtcpFeedback> feedback, Integer rtxPayloadType) {

    /**
     * Checks the components and keeps unmodifiable copies of the collections.
     *
     * @param payloadType the RTP payload type
     * @param name the encoding name (opus, VP8, H264, ...)
     * @param clockRate the clock rate in Hz
     * @param channels the channel count (audio), or null
     * @param parameters the fmtp parameters in order
     * @param feedback the RTCP feedback mechanisms
     * @param rtxPayloadType the payload type of its RTX stream, or null
     */
    public Codec {
        Objects.requireNonNull(name);
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType + " is not 0..127");
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        feedback = List.copyOf(feedback);
    }

    /** {@return whether this is the RTX format (RFC 4588)} */
    public boolean isRtx() {
        return name.equalsIgnoreCase("rtx");
    }

    /**
     * This codec with another payload type.
     *
     * @param pt the RTP payload type
     * @return a copy
     */
    public Codec withPayloadType(int pt) {
        return new Codec(pt, name, clockRate, channels, parameters, feedback, rtxPayloadType);
    }

    /**
     * This codec with another RTX payload type.
     *
     * @param rtxPt the payload type of its RTX stream, or null for none
     * @return a copy
     */
    public Codec withRtx(Integer rtxPt) {
        return new Codec(payloadType, name, clockRate, channels, parameters, feedback, rtxPt);
    }

    /**
     * Opus as Chromium offers it: 111, stereo rtpmap, minptime=10;useinbandfec=1, transport-cc.
     *
     * @param pt the RTP payload type
     * @return the codec
     */
    public static Codec opus(int pt) {
        return new Codec(pt, "opus", 48000, 2, params("minptime", "10", "useinbandfec", "1"),
                List.of(RtcpFeedback.of("transport-cc")), null);
    }

    /** {@return PCMU (G.711 μ-law), static payload type 0} */
    public static Codec pcmu() {
        return new Codec(0, "PCMU", 8000, 0, Map.of(), List.of(), null);
    }

    /** {@return PCMA (G.711 A-law), static payload type 8} */
    public static Codec pcma() {
        return new Codec(8, "PCMA", 8000, 0, Map.of(), List.of(), null);
    }

    /**
     * VP8 with the usual feedback (nack, nack pli, ccm fir, goog-remb, transport-cc).
     *
     * @param pt the RTP payload type
     * @param rtxPt the payload type of its RTX stream, or null for none
     * @return the codec
     */
    public static Codec vp8(int pt, Integer rtxPt) {
        return new Codec(pt, "VP8", 90000, 0, Map.of(), RtcpFeedback.videoDefaults(), rtxPt);
    }

    /**
     * VP9 of one profile, with the usual feedback.
     *
     * @param pt the RTP payload type
     * @param profileId the VP9 profile-id
     * @param rtxPt the payload type of its RTX stream, or null for none
     * @return the codec
     */
    public static Codec vp9(int pt, int profileId, Integer rtxPt) {
        return new Codec(pt, "VP9", 90000, 0, params("profile-id", Integer.toString(profileId)),
                RtcpFeedback.videoDefaults(), rtxPt);
    }

    /**
     * H.264 with the given profile-level-id (six hex digits) and packetization-mode.
     *
     * @param pt the RTP payload type
     * @param profileLevelId the profile-level-id parameter
     * @param packetizationMode the packetization-mode parameter
     * @param rtxPt the payload type of its RTX stream, or null for none
     * @return the codec
     */
    public static Codec h264(int pt, String profileLevelId, int packetizationMode, Integer rtxPt) {
        return new Codec(pt, "H264", 90000, 0, params("level-asymmetry-allowed", "1", "packetization-mode",
                Integer.toString(packetizationMode), "profile-level-id", profileLevelId), RtcpFeedback.videoDefaults(),
                rtxPt);
    }

    /** {@return the audio codecs jrtc offers: Opus, PCMU, PCMA} */
    public static List<Codec> audioDefaults() {
        return List.of(opus(111), pcmu(), pcma());
    }

    /** {@return the video codecs jrtc offers, each with RTX} */
    public static List<Codec> videoDefaults() {
        return List.of(vp8(96, 97), h264(102, "42e01f", 1, 103), vp9(98, 0, 99));
    }

    static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * Whether an offered format and a local one are the same codec for negotiation: same name (case
     * ignored), clock rate and channel count (absent = 1), and the format parameters that matter:
     * H.264 profile (profile_idc and profile-iop of {@code profile-level-id}, default 42 00) and
     * {@code packetization-mode} (default 0), VP9 {@code profile-id} (default 0), AV1 {@code profile}
     * (default 0).
     *
     * @param other the other value
     * @return whether an offered format and a local one are the same codec for negotiation: same name (case
     *         ignored), clock rate and channel count (absent = 1), and the format parameters that matter: H.264
     *         profile (profile_idc and profile-iop of {@code profile-level-id}, default 42 00) and {@code
     *         packetization-mode} (default 0), VP9 {@code profile-id} (default 0), AV1 {@code profile} (default 0)
     */
    public boolean matches(Codec other) {
        if (!name.equalsIgnoreCase(other.name) || clockRate != other.clockRate
                || Math.max(channels, 1) != Math.max(other.channels, 1)) {
            return false;
        }
        switch (name.toUpperCase(Locale.ROOT)) {
            case "H264":
                return h264Profile(parameters).equals(h264Profile(other.parameters))
                        && param(parameters, "packetization-mode", "0").equals(
                                param(other.parameters, "packetization-mode", "0"));
            case "VP9":
                return param(parameters, "profile-id", "0").equals(param(other.parameters, "profile-id", "0"));
            case "AV1":
                return param(parameters, "profile", "0").equals(param(other.parameters, "profile", "0"));
            default:
                return true;
        }
    }

    private static String param(Map<String, String> p, String key, String dflt) {
        String v = p.get(key);
        return v == null ? dflt : v.strip();
    }

    /** profile_idc and profile-iop: the first four hex digits of profile-level-id, lower case. */
    static String h264Profile(Map<String, String> p) {
        String plid = param(p, "profile-level-id", "42001f").toLowerCase(Locale.ROOT);
        return plid.length() == 6 ? plid.substring(0, 4) : plid;
    }
}
