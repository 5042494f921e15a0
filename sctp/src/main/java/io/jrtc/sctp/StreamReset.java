package io.jrtc.sctp;

import io.jrtc.core.Engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stream reset (RFC 6525), the outgoing kind that data channels close with (RFC 8831 §6.7).
 *
 * <pre>
 * us                                                   peer
 * resetStreams(6): waits until stream 6's queue is empty
 * RE-CONFIG [Outgoing SSN Reset Request #n, streams 6, last TSN L]  ──▶
 *                               the peer resets its incoming 6 once everything up to L arrived
 *                               ("in progress" until then), and quotes #n back
 *                               ◀── RE-CONFIG [Re-configuration Response #n: success]
 * OutgoingStreamsReset(6): our SSNs on 6 start at 0           IncomingStreamsReset(6) at the peer
 * </pre>
 *
 * One request is outstanding at a time; it is retransmitted on the RTO and the peer's requests are
 * deduplicated by sequence number (a repeated one gets the same response). Incoming-reset,
 * SSN/TSN-reset and add-streams requests are answered "denied".
 */
final class StreamReset {
    private static final long M32 = 0xffffffffL;
    private static final long NONE = Engine.NO_TIMEOUT;

    private final SendQueue sendQueue;
    private final ReassemblyQueue reassembly;
    private final ArrayDeque<Chunk> control;
    private final ArrayDeque<SctpEvent> events;
    private final ArrayDeque<SctpEvent> inbox;
    private final Set<Integer> pending = new LinkedHashSet<>();
    private Param.OutgoingSsnReset outstanding;
    private long retransmitAt = NONE;
    private long mySeq;
    private long peerSeqExpected;
    private Param.ReconfigResponse lastResponse;
    /** A peer request waiting for its last TSN to arrive. */
    private Param.OutgoingSsnReset deferred;

    StreamReset(SendQueue sendQueue, ReassemblyQueue reassembly, ArrayDeque<Chunk> control, ArrayDeque<SctpEvent> events,
                ArrayDeque<SctpEvent> inbox) {
        this.sendQueue = sendQueue;
        this.reassembly = reassembly;
        this.control = control;
        this.events = events;
        this.inbox = inbox;
    }

    /** RFC 6525 §3.1: both request sequence numbers start at the initial TSNs. */
    void start(long myInitialTsn, long peerInitialTsn) {
        mySeq = myInitialTsn;
        peerSeqExpected = peerInitialTsn;
    }

    /** The application asked to reset these outgoing streams: they take no more messages. */
    void request(int... streams) {
        for (int s : streams) {
            sendQueue.stream(s).resetPending = true;
            pending.add(s);
        }
    }

    /** When our outstanding request is due for retransmission, or {@code NO_TIMEOUT}. */
    long timerAt() {
        return retransmitAt;
    }

    void timeout(long now, long rto) {
        if (retransmitAt > now) return;
        retransmitAt = NONE;
        if (outstanding != null) {
            control.add(new Chunk.ReConfig(List.of(outstanding)));
            retransmitAt = now + rto;
        }
    }

    /**
     * Sends a request for the pending streams whose queues are empty, unless one is outstanding.
     * {@code lastTsn} is the last TSN we assigned (the peer resets once it has everything up to it).
     */
    void maybeSend(long now, Bundler out, boolean peerSupports, long lastTsn, long rto) {
        if (outstanding != null || pending.isEmpty()) return;
        if (!peerSupports) {
            SctpAssociation.LOG.log(System.Logger.Level.DEBUG, "[SCTP] peer does not support RE-CONFIG; streams {0} cannot be reset", pending);
            return;
        }
        List<Integer> ready = new ArrayList<>();
        for (int s : pending) {
            if (sendQueue.stream(s).queue.isEmpty()) ready.add(s);
        }
        if (ready.isEmpty()) return;
        pending.removeAll(ready);
        outstanding = new Param.OutgoingSsnReset(mySeq, (peerSeqExpected - 1) & M32, lastTsn, ready);
        SctpAssociation.log("→ RE-CONFIG outgoing SSN reset request #%d for streams %s", mySeq, ready);
        out.add(new Chunk.ReConfig(List.of(outstanding)));
        retransmitAt = now + rto;
    }

    /** A RE-CONFIG chunk from the peer; {@code cumTsn}: our cumulative TSN of its data. */
    void onReConfig(long now, Chunk.ReConfig r, long cumTsn, long rto) {
        for (Param p : r.params()) {
            if (p instanceof Param.OutgoingSsnReset req) {
                long seq = req.requestSeq();
                if (seq == peerSeqExpected) {
                    if (Wire.tsnCompare(cumTsn, req.lastTsn()) >= 0) {
                        perform(req);
                    } else {
                        deferred = req;
                        control.add(new Chunk.ReConfig(List.of(Param.ReconfigResponse.of(seq, Param.ReconfigResponse.IN_PROGRESS))));
                    }
                } else if (seq == ((peerSeqExpected - 1) & M32) && lastResponse != null) {
                    control.add(new Chunk.ReConfig(List.of(lastResponse)));
                } else {
                    control.add(new Chunk.ReConfig(List.of(Param.ReconfigResponse.of(seq, Param.ReconfigResponse.ERROR_BAD_SEQUENCE))));
                }
            } else if (p instanceof Param.ReconfigResponse resp) {
                onResponse(now, resp, rto);
            } else if (p instanceof Param.IncomingSsnReset req) {
                control.add(new Chunk.ReConfig(List.of(Param.ReconfigResponse.of(req.requestSeq(), Param.ReconfigResponse.DENIED))));
            } else if (p instanceof Param.SsnTsnReset req) {
                control.add(new Chunk.ReConfig(List.of(Param.ReconfigResponse.of(req.requestSeq(), Param.ReconfigResponse.DENIED))));
            } else if (p instanceof Param.AddStreams req) {
                control.add(new Chunk.ReConfig(List.of(Param.ReconfigResponse.of(req.requestSeq(), Param.ReconfigResponse.DENIED))));
            }
        }
    }

    /** More of the peer's data arrived: a deferred request is performed once its last TSN is in. */
    void dataArrived(long cumTsn) {
        if (deferred != null && Wire.tsnCompare(cumTsn, deferred.lastTsn()) >= 0) {
            Param.OutgoingSsnReset r = deferred;
            deferred = null;
            perform(r);
        }
    }

    /** The association ended. */
    void stop() {
        retransmitAt = NONE;
    }

    private void perform(Param.OutgoingSsnReset req) {
        SctpAssociation.log("← RE-CONFIG: peer reset its outgoing streams %s; → success", req.streams());
        for (int s : req.streams()) reassembly.resetStream(s);
        lastResponse = Param.ReconfigResponse.of(req.requestSeq(), Param.ReconfigResponse.SUCCESS_PERFORMED);
        peerSeqExpected = (peerSeqExpected + 1) & M32;
        control.add(new Chunk.ReConfig(List.of(lastResponse)));
        inbox.add(new SctpEvent.IncomingStreamsReset(req.streams())); // after the stream's last messages
    }

    private void onResponse(long now, Param.ReconfigResponse resp, long rto) {
        Param.OutgoingSsnReset req = outstanding;
        if (req == null || resp.responseSeq() != req.requestSeq()) return;
        if (resp.result() == Param.ReconfigResponse.IN_PROGRESS) {
            retransmitAt = now + rto;
            return;
        }
        outstanding = null;
        retransmitAt = NONE;
        mySeq = (mySeq + 1) & M32;
        if (resp.result() == Param.ReconfigResponse.SUCCESS_PERFORMED || resp.result() == Param.ReconfigResponse.SUCCESS_NOTHING_TO_DO) {
            SctpAssociation.log("← RE-CONFIG response: streams %s reset", req.streams());
            for (int s : req.streams()) sendQueue.resetSequences(s);
            events.add(new SctpEvent.OutgoingStreamsReset(req.streams()));
        } else {
            SctpAssociation.LOG.log(System.Logger.Level.DEBUG, "[SCTP] stream reset refused with result {0}", resp.result());
            for (int s : req.streams()) sendQueue.stream(s).resetPending = false;
        }
    }
}
