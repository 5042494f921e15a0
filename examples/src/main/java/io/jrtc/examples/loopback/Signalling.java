package io.jrtc.examples.loopback;

import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.RtcIceCandidate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One direction of the signalling channel for trickled candidates, from one peer to the other. In a
 * real application this is a WebSocket or an HTTP request; here it is a method call. A candidate
 * can be gathered before the other side has the description it belongs to, and
 * {@code addIceCandidate} needs that description (W3C: InvalidStateError otherwise), so candidates
 * wait here until {@link #remoteDescriptionSet()} says the other side has it.
 */
final class Signalling {
    private final Narrator narrator;
    private final String from;
    private final String toName;
    private final PeerConnection to;
    private final boolean trickle;
    private final List<RtcIceCandidate> held = new ArrayList<>();
    private final List<CompletableFuture<Void>> added = new ArrayList<>();
    private boolean open;
    private boolean ended;
    private int count;

    /** With {@code trickle} false, candidates are only narrated: they travel inside the complete description. */
    Signalling(Narrator narrator, String from, String toName, PeerConnection to, boolean trickle) {
        this.narrator = narrator;
        this.from = from;
        this.toName = toName;
        this.to = to;
        this.trickle = trickle;
    }

    /** {@code from}'s onicecandidate: a candidate, or null at the end of gathering. */
    synchronized void candidate(RtcIceCandidate c) {
        if (!trickle) {
            if (c == null || c.isEndOfCandidates()) {
                narrator.say("ICE", from + ": gathering complete, " + count + " candidate" + (count == 1 ? "" : "s")
                        + ": localDescription() now carries them");
            } else {
                count++;
                narrator.say("ICE", from + " gathered " + c.candidate() + " (it goes into " + from + "'s description)");
            }
            return;
        }
        if (c == null || c.isEndOfCandidates()) {
            narrator.say("ICE", from + ": gathering complete, " + count + " candidate" + (count == 1 ? "" : "s")
                    + " (end-of-candidates to " + toName + ")");
            ended = true;
            if (open) {
                added.add(to.addIceCandidate(null));
            }
            return;
        }
        count++;
        narrator.say("ICE", from + " trickles " + c.candidate() + " (mid " + c.sdpMid() + ")"
                + (open ? "" : ", held until " + toName + " has " + from + "'s description"));
        if (open) {
            added.add(to.addIceCandidate(c));
        } else {
            held.add(c);
        }
    }

    /** The other side now has {@code from}'s description: what was held goes across. */
    synchronized void remoteDescriptionSet() {
        if (!trickle) {
            return;
        }
        open = true;
        for (RtcIceCandidate c : held) {
            added.add(to.addIceCandidate(c));
        }
        if (!held.isEmpty()) {
            narrator.say("ICE", toName + ".addIceCandidate(...) for the " + held.size() + " held candidate"
                    + (held.size() == 1 ? "" : "s") + " of " + from);
        }
        held.clear();
        if (ended) {
            added.add(to.addIceCandidate(null));
        }
    }

    /** How many candidates went (or wait to go) across. */
    synchronized int count() {
        return count;
    }

    /** Completes when every addIceCandidate so far has; fails with the first failure. */
    synchronized CompletableFuture<Void> allAdded() {
        return CompletableFuture.allOf(added.toArray(CompletableFuture[]::new));
    }
}
