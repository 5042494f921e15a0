package io.jrtc.webrtc;

import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.webrtc.core.CoreTransceiver;

import java.util.function.Consumer;

/**
 * What the remote sends on a transceiver (W3C {@code RTCRtpReceiver}): whole frames assembled from RTP
 * (with NACK and RTX repairing losses, and PLI when a stream breaks), and each media packet for
 * applications that forward RTP.
 */
public final class RtcRtpReceiver {
    private final PeerConnection pc;
    private final CoreTransceiver core;
    private volatile Consumer<AssembledFrame> onFrame = f -> { };
    private volatile Consumer<RtpPacket> onRtp = p -> { };

    RtcRtpReceiver(PeerConnection pc, CoreTransceiver core) {
        this.pc = pc;
        this.core = core;
    }

    public void onFrame(Consumer<AssembledFrame> h) {
        onFrame = h == null ? f -> { } : h;
    }

    public void onRtp(Consumer<RtpPacket> h) {
        onRtp = h == null ? p -> { } : h;
    }

    /** Asks the remote sender for a keyframe (PLI, or FIR when only that was negotiated). */
    public void requestKeyframe() {
        pc.run(now -> pc.core().requestKeyframe(now, core));
    }

    /** The negotiated receive codec, or null before negotiation. */
    public Codec codec() {
        return pc.query(now -> core.receiveCodec());
    }

    void fireFrame(AssembledFrame f) {
        onFrame.accept(f);
    }

    void fireRtp(RtpPacket p) {
        onRtp.accept(p);
    }
}
