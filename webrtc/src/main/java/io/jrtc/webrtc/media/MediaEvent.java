package io.jrtc.webrtc.media;

import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.stream.AssembledFrame;

/** What a {@link MediaSession} reports to the application, from {@link MediaSession#pollEvent()}. */
public sealed interface MediaEvent permits MediaEvent.TrackStarted, MediaEvent.FrameReceived, MediaEvent.RtpReceived,
        MediaEvent.KeyframeRequested, MediaEvent.TargetBitrateChanged {

    /** The mid of the m= section this event is about. */
    String mid();

    /** The first packet of a remote stream ({@code ssrc}, its primary SSRC) arrived on section {@code mid}. */
    record TrackStarted(String mid, long ssrc) implements MediaEvent {
    }

    /**
     * A whole encoded frame arrived on {@code mid}, in order, depacketized with the codec of
     * {@code payloadType}: a video frame once all its packets are there (NACK/RTX repaired), an audio
     * frame (one packet) as soon as it arrives.
     */
    record FrameReceived(String mid, AssembledFrame frame, int payloadType) implements MediaEvent {
    }

    /**
     * One primary media packet of a remote stream on {@code mid}, in arrival order: retransmissions
     * come unwrapped from RTX (original SSRC, payload type and sequence number), duplicates are left
     * out; padding-only packets are included (empty payload) because they take a sequence number.
     */
    record RtpReceived(String mid, RtpPacket packet) implements MediaEvent {
    }

    /**
     * The bandwidth estimate changed by 5 % or more: {@code targetBps} is this section's share of it
     * (see {@link MediaSession#targetBitrate}), for its encoder; {@code estimate} says where it came from.
     */
    record TargetBitrateChanged(String mid, long targetBps, io.jrtc.rtp.cc.BandwidthEstimate estimate) implements MediaEvent {
    }

    /** The remote receiver sent a PLI or a (new) FIR for what we send on {@code mid}: send a keyframe. */
    record KeyframeRequested(String mid) implements MediaEvent {
    }
}
