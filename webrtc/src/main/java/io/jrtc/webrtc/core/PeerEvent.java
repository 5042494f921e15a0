package io.jrtc.webrtc.core;

import io.jrtc.ice.IceConnectionState;
import io.jrtc.ice.IceGatheringState;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcIceCandidate;
import io.jrtc.webrtc.SignalingState;

import java.util.List;

/** What the core reports; the facade turns each into the W3C callback of the same name. */
public sealed interface PeerEvent {

    /** A local candidate to trickle to the peer ({@code onicecandidate}). */
    record IceCandidate(RtcIceCandidate candidate) implements PeerEvent {
    }

    record IceGatheringStateChanged(IceGatheringState state) implements PeerEvent {
    }

    record IceConnectionStateChanged(IceConnectionState state) implements PeerEvent {
    }

    record ConnectionStateChanged(PeerConnectionState state) implements PeerEvent {
    }

    record SignalingStateChanged(SignalingState state) implements PeerEvent {
    }

    /** Something changed that needs an offer/answer ({@code onnegotiationneeded}). */
    record NegotiationNeeded() implements PeerEvent {
    }

    /** The peer opened a channel ({@code ondatachannel}); {@link ChannelOpen} follows. */
    record DataChannel(CoreChannel channel) implements PeerEvent {
    }

    record ChannelOpen(CoreChannel channel) implements PeerEvent {
    }

    record ChannelMessage(CoreChannel channel, boolean binary, byte[] data) implements PeerEvent {
    }

    record ChannelBufferedAmountLow(CoreChannel channel) implements PeerEvent {
    }

    record ChannelError(CoreChannel channel, String message) implements PeerEvent {
    }

    record ChannelClosed(CoreChannel channel) implements PeerEvent {
    }

    /** The remote sends on a transceiver ({@code ontrack}). */
    record Track(CoreTransceiver transceiver, List<String> streamIds, String trackId) implements PeerEvent {
    }

    /** A whole frame assembled from the remote's RTP on a transceiver. */
    record Frame(CoreTransceiver transceiver, AssembledFrame frame) implements PeerEvent {
    }

    /** One media packet from the remote on a transceiver (after SRTP, RTX unwrapped). */
    record Rtp(CoreTransceiver transceiver, RtpPacket packet) implements PeerEvent {
    }

    /** The remote asked for a keyframe (PLI/FIR) on what we send on a transceiver. */
    record KeyframeRequested(CoreTransceiver transceiver) implements PeerEvent {
    }

    /**
     * The bandwidth estimate changed by 5 % or more: {@code targetBps} is what the encoder of this
     * transceiver should now produce, bits per second (its share of the estimate).
     */
    record TargetBitrateChanged(CoreTransceiver transceiver, long targetBps) implements PeerEvent {
    }
}
