package io.jrtc.webrtc;

import io.jrtc.rtp.RtpPacket;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.webrtc.core.CoreTransceiver;

/**
 * What we send on a transceiver (W3C {@code RTCRtpSender}), fed by the application: encoded frames
 * (packetized with the negotiated codec) or ready RTP packets (forwarded with our SSRC, the negotiated
 * payload type and our own sequence numbers). Retransmissions (NACK → RTX) and sender reports are the
 * stack's; keyframe requests from the remote reach {@link #onKeyframeRequest}.
 */
public final class RtcRtpSender {
    private final PeerConnection pc;
    private final CoreTransceiver core;
    private volatile Runnable onKeyframeRequest = () -> { };

    RtcRtpSender(PeerConnection pc, CoreTransceiver core) {
        this.pc = pc;
        this.core = core;
    }

    /** Sends one encoded frame with its RTP timestamp (in the codec's clock rate). */
    public void sendFrame(byte[] encodedFrame, long rtpTimestamp) {
        byte[] copy = encodedFrame.clone();
        pc.run(now -> pc.core().sendFrame(now, core, copy, rtpTimestamp));
    }

    /** Forwards one RTP packet (its payload and timestamp are kept). */
    public void sendRtp(RtpPacket packet) {
        pc.run(now -> pc.core().sendRtp(now, core, packet));
    }

    /** Called on the event loop when the remote sends PLI or FIR. */
    public void onKeyframeRequest(Runnable h) {
        onKeyframeRequest = h == null ? () -> { } : h;
    }

    public long ssrc() {
        return core.ssrc();
    }

    /** The negotiated send codec, or null before negotiation. */
    public Codec codec() {
        return pc.query(now -> core.sendCodec());
    }

    void fireKeyframeRequest() {
        onKeyframeRequest.run();
    }
}
