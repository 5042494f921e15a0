package io.jrtc.webrtc;

import io.jrtc.ice.CandidatePair;
import io.jrtc.ice.IceAgent;
import io.jrtc.ice.IceConnectionState;
import io.jrtc.ice.IceGatheringState;

/**
 * A read-only view of the connection's ICE transport (W3C {@code RTCIceTransport}), backed by the
 * sans-IO ICE agent. Values are read on the event loop when asked.
 */
public final class RtcIceTransport {
    /** The selected pair's two ends (W3C {@code RTCIceCandidatePair}). */
    public record CandidatePairView(String local, String remote) {
    }

    private final PeerConnection pc;

    RtcIceTransport(PeerConnection pc) {
        this.pc = pc;
    }

    public IceConnectionState state() {
        return pc.iceConnectionState();
    }

    public IceGatheringState gatheringState() {
        return pc.iceGatheringState();
    }

    /** "controlling", "controlled" or "unknown". */
    public String role() {
        return pc.query(now -> {
            IceAgent a = pc.core().iceAgent();
            return a == null ? "unknown" : a.role().name().toLowerCase(java.util.Locale.ROOT);
        });
    }

    /** The selected pair as SDP candidate strings, or null before one is selected. */
    public CandidatePairView selectedCandidatePair() {
        return pc.query(now -> {
            IceAgent a = pc.core().iceAgent();
            CandidatePair p = a == null ? null : a.selectedPair();
            return p == null ? null : new CandidatePairView(p.local().toSdp(), p.remote().toSdp());
        });
    }
}
