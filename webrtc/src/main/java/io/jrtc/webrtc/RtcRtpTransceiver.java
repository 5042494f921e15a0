package io.jrtc.webrtc;

import io.jrtc.sdp.Direction;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.webrtc.core.CoreTransceiver;

/**
 * One m= section's pair of an RTP sender and receiver (W3C {@code RTCRtpTransceiver}). Changing the
 * direction needs a new offer/answer ({@code onnegotiationneeded}).
 */
public final class RtcRtpTransceiver {
    private final PeerConnection pc;
    final CoreTransceiver core;
    private final RtcRtpSender sender;
    private final RtcRtpReceiver receiver;

    RtcRtpTransceiver(PeerConnection pc, CoreTransceiver core) {
        this.pc = pc;
        this.core = core;
        this.sender = new RtcRtpSender(pc, core);
        this.receiver = new RtcRtpReceiver(pc, core);
        core.attachment = this;
    }

    /** The mid, or null before negotiation assigned one. */
    public String mid() {
        return pc.query(now -> core.mid());
    }

    public MediaKind kind() {
        return core.kind();
    }

    public Direction direction() {
        return pc.query(now -> core.direction());
    }

    public void setDirection(Direction d) {
        pc.run(now -> pc.core().setDirection(core, d));
    }

    /** The direction last negotiated, or null before. */
    public Direction currentDirection() {
        return pc.query(now -> core.currentDirection());
    }

    public RtcRtpSender sender() {
        return sender;
    }

    public RtcRtpReceiver receiver() {
        return receiver;
    }

    public void stop() {
        pc.run(now -> pc.core().stopTransceiver(core));
    }

    @Override
    public String toString() {
        return "RtcRtpTransceiver[" + core + "]";
    }
}
