package io.jrtc.ice;

import java.net.InetSocketAddress;

/** What an {@link IceAgent} reports through {@link IceAgent#pollEvent()}. */
public sealed interface IceEvent {

    /** A local candidate to signal to the peer (trickle it, or put it in SDP). */
    record LocalCandidate(Candidate candidate) implements IceEvent {
    }

    /** The gathering state changed ({@code COMPLETE} doubles as the local end-of-candidates). */
    record GatheringStateChanged(IceGatheringState state) implements IceEvent {
    }

    /** The connection state changed (W3C RTCIceConnectionState). */
    record ConnectionStateChanged(IceConnectionState state) implements IceEvent {
    }

    /** A pair in the checklist changed state (for logs and learners). */
    record PairStateChanged(Candidate local, Candidate remote, PairState state) implements IceEvent {
    }

    /** The pair application data uses changed (first selection, renomination, restart). */
    record SelectedPairChanged(Candidate local, Candidate remote) implements IceEvent {
    }

    /** The agent switched role after a role conflict (RFC 8445 §7.3.1.1). */
    record RoleChanged(IceRole role) implements IceEvent {
    }

    /**
     * A datagram that is not STUN arrived on a valid pair (DTLS, SRTP, …). The array is handed over.
     *
     * @param local  the local address it arrived on (the relayed address when it came through TURN)
     * @param remote who sent it
     */
    record DataReceived(InetSocketAddress local, InetSocketAddress remote, byte[] data) implements IceEvent {
        @Override
        public String toString() {
            return "DataReceived[" + remote + " -> " + local + ", " + data.length + " bytes]";
        }
    }
}
