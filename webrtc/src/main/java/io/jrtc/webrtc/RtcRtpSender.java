package io.jrtc.webrtc;

import io.jrtc.rtp.RtpPacket;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.webrtc.core.CoreTransceiver;

import java.util.function.LongConsumer;

/**
 * What we send on a transceiver (W3C {@code RTCRtpSender}), fed by the application: encoded frames
 * (packetized with the negotiated codec) or ready RTP packets (forwarded with our SSRC, the negotiated
 * payload type and our own sequence numbers). Retransmissions (NACK → RTX) and sender reports are the
 * stack's; keyframe requests from the remote reach {@link #onKeyframeRequest}.
 *
 * <p>Congestion control is the stack's too: every packet leaves through a pacer, and the send-side
 * bandwidth estimator (transport-cc feedback, else REMB and receiver reports) sets what the encoder
 * should produce: {@link #targetBitrate()}, and {@link #onTargetBitrateChange} on each change of 5 % or
 * more (the same value as {@code targetBitrate} in this sender's {@code outbound-rtp} stats).
 */
public final class RtcRtpSender {
    private final PeerConnection pc;
    private final CoreTransceiver core;
    private volatile Runnable onKeyframeRequest = () -> { };
    private volatile LongConsumer onTargetBitrateChange = bps -> { };

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

    /**
     * The bitrate the encoder should produce now, bits per second: this sender's share of the
     * bandwidth estimate (split evenly over the transceivers that send); -1 before the first packet
     * was sent or when the transceiver does not send.
     */
    public long targetBitrate() {
        return pc.query(now -> pc.core().targetBitrate(core));
    }

    /**
     * Called on the event loop with the new {@link #targetBitrate()} when it changed by 5 % or more
     * (after probes, on congestion, on loss, on a REMB): set the encoder's bitrate there.
     */
    public void onTargetBitrateChange(LongConsumer h) {
        onTargetBitrateChange = h == null ? bps -> { } : h;
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

    void fireTargetBitrate(long bps) {
        onTargetBitrateChange.accept(bps);
    }
}
