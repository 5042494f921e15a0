package io.jrtc.rtp.codec;

/** The codecs this module packetizes, with their RTP clock rates. */
public enum CodecType {
    /** Opus (RFC 7587), 48 kHz. */
    OPUS(48_000, false),
    /** VP8 (RFC 7741). */
    VP8(90_000, true),
    /** VP9 (RFC 9628). */
    VP9(90_000, true),
    /** AV1 (the AOM RTP payload format). */
    AV1(90_000, true),
    /** H.264 (RFC 6184). */
    H264(90_000, true),
    /** H.265 (RFC 7798). */
    H265(90_000, true);

    private final int clockRate;
    private final boolean video;

    CodecType(int clockRate, boolean video) {
        this.clockRate = clockRate;
        this.video = video;
    }

    /** {@return the RTP clock rate in Hz} */
    public int clockRate() {
        return clockRate;
    }

    /** {@return whether it is a video codec} */
    public boolean isVideo() {
        return video;
    }

    /** {@return a packetizer with default settings (H.264 packetization-mode 1, VP9 non-flexible)} */
    public Packetizer packetizer() {
        switch (this) {
            case OPUS:
                return new OpusPacketizer();
            case VP8:
                return new Vp8Packetizer(0);
            case VP9:
                return new Vp9Packetizer(0, false);
            case AV1:
                return new Av1Packetizer();
            case H264:
                return new H264Packetizer(1);
            default:
                return new H265Packetizer();
        }
    }

    /** {@return a depacketizer for the codec} */
    public Depacketizer depacketizer() {
        switch (this) {
            case OPUS:
                return new OpusDepacketizer();
            case VP8:
                return new Vp8Depacketizer();
            case VP9:
                return new Vp9Depacketizer();
            case AV1:
                return new Av1Depacketizer();
            case H264:
                return new H264Depacketizer();
            default:
                return new H265Depacketizer();
        }
    }

    /**
     * Whether an encoded frame (as stored in IVF / Annex B / Ogg) is a keyframe.
     *
     * @param frame the encoded frame
     * @return whether a decoder can start with it (always true for Opus)
     */
    public boolean isKeyframe(byte[] frame) {
        switch (this) {
            case OPUS:
                return true;
            case VP8:
                return frame.length > 0 && (frame[0] & 1) == 0;
            case VP9:
                return Vp9Packetizer.isKeyframe(frame);
            case AV1:
                return Av1Packetizer.isKeyframe(frame);
            case H264:
                return H264Packetizer.isKeyframe(frame);
            default:
                return H265Packetizer.isKeyframe(frame);
        }
    }
}
