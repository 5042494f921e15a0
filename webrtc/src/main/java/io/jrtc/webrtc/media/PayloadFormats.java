package io.jrtc.webrtc.media;

import io.jrtc.rtp.codec.Av1Packetizer;
import io.jrtc.rtp.codec.CodecType;
import io.jrtc.rtp.codec.Depacketizer;
import io.jrtc.rtp.codec.H264Packetizer;
import io.jrtc.rtp.codec.H265Packetizer;
import io.jrtc.rtp.codec.OpusPacketizer;
import io.jrtc.rtp.codec.Packetizer;
import io.jrtc.rtp.codec.Vp8Packetizer;
import io.jrtc.rtp.codec.Vp9Packetizer;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.MediaKind;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/** From a negotiated SDP codec to the rtp module's packetizer and depacketizer, and its W3C names. */
final class PayloadFormats {
    private PayloadFormats() {
    }

    /** Formats that carry no media of their own: repair, redundancy, FEC. */
    static boolean isMedia(Codec c) {
        switch (c.name().toLowerCase(Locale.ROOT)) {
            case "rtx":
            case "red":
            case "ulpfec":
            case "flexfec-03":
                return false;
            default:
                return true;
        }
    }

    /**
     * The packetizer for {@code c}, or {@code null} when jrtc cannot send it: VP8, VP9, AV1, H.264 (its
     * {@code packetization-mode}), H.265, Opus, and any other audio format as one frame per packet
     * (PCMU, PCMA, G.722, telephone-event, CN, ...). Picture ids start at a random value.
     */
    static Packetizer packetizer(Codec c, MediaKind kind, RandomGenerator random) {
        if (!isMedia(c)) {
            return null;
        }
        switch (c.name().toUpperCase(Locale.ROOT)) {
            case "VP8":
                return new Vp8Packetizer(random.nextInt(1 << 15));
            case "VP9":
                return new Vp9Packetizer(random.nextInt(1 << 15), false);
            case "AV1":
                return new Av1Packetizer();
            case "H264":
                return new H264Packetizer("1".equals(param(c, "packetization-mode")) ? 1 : 0);
            case "H265":
                return new H265Packetizer();
            case "OPUS":
                return new OpusPacketizer();
            default:
                return kind == MediaKind.AUDIO ? WHOLE_FRAME : null;
        }
    }

    /** Whether {@link #packetizer} has one for {@code c}. */
    static boolean canPacketize(Codec c, MediaKind kind) {
        return isMedia(c) && (kind == MediaKind.AUDIO || videoCodec(c) != null);
    }

    /** The rtp module's codec of a video format, or {@code null} when jrtc cannot depacketize it. */
    static CodecType videoCodec(Codec c) {
        switch (c.name().toUpperCase(Locale.ROOT)) {
            case "VP8":
                return CodecType.VP8;
            case "VP9":
                return CodecType.VP9;
            case "AV1":
                return CodecType.AV1;
            case "H264":
                return CodecType.H264;
            case "H265":
                return CodecType.H265;
            default:
                return null;
        }
    }

    /** The video depacketizer of {@code c}, or {@code null}. */
    static Depacketizer videoDepacketizer(Codec c) {
        CodecType v = videoCodec(c);
        return v == null ? null : v.depacketizer();
    }

    /** Whether an encoded frame (as the application gives it) is a keyframe; audio frames always are. */
    static boolean isKeyframe(Codec c, MediaKind kind, byte[] frame) {
        if (kind == MediaKind.AUDIO) {
            return true;
        }
        CodecType v = videoCodec(c);
        return v != null && frame.length > 0 && v.isKeyframe(frame);
    }

    /** W3C mimeType: {@code video/VP8}, {@code audio/opus}. */
    static String mimeType(MediaKind kind, Codec c) {
        return kind.token() + "/" + c.name();
    }

    /** The {@code a=fmtp} parameters as SDP writes them, or {@code null} when there are none. */
    static String fmtpLine(Codec c) {
        if (c.parameters().isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : c.parameters().entrySet()) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(e.getKey());
            if (e.getValue() != null) {
                sb.append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }

    /** Whether {@code c} negotiated the feedback {@code type} with {@code parameter} (null: none). */
    static boolean hasFeedback(Codec c, String type, String parameter) {
        return c.feedback().stream().anyMatch(f -> f.type().equalsIgnoreCase(type)
                && (parameter == null ? f.parameter() == null : parameter.equalsIgnoreCase(f.parameter())));
    }

    private static String param(Codec c, String key) {
        String v = c.parameters().get(key);
        return v == null ? null : v.strip();
    }

    /** An audio frame is one RTP payload as it is (G.711, G.722, telephone-event, ...). */
    private static final Packetizer WHOLE_FRAME = (frame, maxPayload) -> {
        if (frame.length > maxPayload) {
            throw new IllegalArgumentException("an audio frame of " + frame.length + " bytes exceeds the payload size " + maxPayload);
        }
        return List.of(frame.clone());
    };
}
