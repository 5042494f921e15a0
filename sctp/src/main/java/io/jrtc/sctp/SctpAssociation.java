package io.jrtc.sctp;

import io.jrtc.core.Bytes;
import io.jrtc.core.Engine;
import io.jrtc.core.EngineErrors;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One SCTP association (RFC 9260) as a sans-IO state machine: SCTP packets in through
 * {@link #handleInput(long, byte[])}, packets out through {@link #pollTransmit()}, messages and state
 * changes out through {@link #pollEvent()}. Nothing here reads a clock or touches a socket; over
 * WebRTC the packets are DTLS application data (RFC 8261).
 *
 * <pre>{@code
 * SctpAssociation a = new SctpAssociation(SctpConfig.defaults(random));
 * a.connect(now);                                  // both WebRTC peers do this
 * a.handleInput(now, packetFromDtls);              // every SCTP packet that arrives
 * a.send(now, stream, ppid, bytes, SendOptions.RELIABLE_ORDERED);
 * for (byte[] p; (p = a.pollTransmit()) != null; ) dtls.send(p);
 * for (SctpEvent e; (e = a.pollEvent()) != null; ) ...;
 * }</pre>
 *
 * <p>Flow control (RFC 9260 §6.1, §6.2): our a_rwnd counts what the application has not taken from
 * {@link #pollEvent()} yet, and {@link #setReceivePaused} stops handing messages over, so a slow
 * reader closes the peer's window instead of running out of memory; {@link #trySend} returns
 * {@code false} on a full send buffer. A closed peer window is probed with one chunk and is not
 * taken for loss (cwnd stays, and answered probes do not count towards the abort threshold).
 *
 * <p>This class is the state machine (RFC 9260 §4: the handshake of §5, shutdown of §9, abort) and
 * the wiring; the protocol's parts are package-private collaborators, one file each:
 * {@code StateCookie}, {@code DataTracker} (received TSNs and SACKs), {@code ReassemblyQueue},
 * {@code SendQueue}, {@code RetransmissionQueue} with {@code RtoEstimator} and
 * {@code CongestionWindow}, {@code Bundler}, {@code Heartbeats} and {@code StreamReset}. The module
 * README draws who owns what.
 *
 * <p>A single path is assumed (no multi-homing, as in WebRTC). Confined to one thread; no locks.
 */
public final class SctpAssociation implements Engine<byte[], SctpEvent> {
    static final System.Logger LOG = System.getLogger("jrtc.sctp");

    /** RFC 9260 §4 states (CLOSED also covers "never connected", the passive side before COOKIE-ECHO). */
    public enum State {
        /** No association: not connected yet, or ended (see {@link SctpEvent.Closed}, {@link SctpEvent.Aborted}). */
        CLOSED,
        /** INIT sent, waiting for the INIT-ACK. */
        COOKIE_WAIT,
        /** COOKIE-ECHO sent, waiting for the COOKIE-ACK. */
        COOKIE_ECHOED,
        /** Up: data flows both ways. */
        ESTABLISHED,
        /** {@link #shutdown} called: our outstanding data is still being delivered. */
        SHUTDOWN_PENDING,
        /** SHUTDOWN sent, waiting for the SHUTDOWN-ACK. */
        SHUTDOWN_SENT,
        /** The peer sent SHUTDOWN: our outstanding data is still being delivered. */
        SHUTDOWN_RECEIVED,
        /** SHUTDOWN-ACK sent, waiting for the SHUTDOWN-COMPLETE. */
        SHUTDOWN_ACK_SENT
    }

    static final long M32 = 0xffffffffL;
    private static final long NONE = NO_TIMEOUT;
    /** TSNs above the cumulative ack we track (received bitmap). */
    static final int RX_WINDOW = DataTracker.RX_WINDOW;
    /** Bookkeeping charged per queued message against the send buffer, so tiny messages cannot exhaust memory. */
    static final int MESSAGE_OVERHEAD = SendQueue.MESSAGE_OVERHEAD;
    private static final int FRAG_OVERHEAD = ReassemblyQueue.FRAG_OVERHEAD;

    private final SctpConfig cfg;
    /** Events reported at once (handshake, send side, errors, ABORT). */
    private final ArrayDeque<SctpEvent> events = new ArrayDeque<>();
    /**
     * Events that keep their order with the received data (messages, too-large reports, incoming
     * resets, graceful close): held while the receiver is paused.
     */
    private final ArrayDeque<SctpEvent> inbox = new ArrayDeque<>();
    /** Control chunks for the next packet. */
    private final ArrayDeque<Chunk> control = new ArrayDeque<>();

    // The collaborators.
    private final StateCookie cookies;
    private final DataTracker tracker;
    private final ReassemblyQueue reassembly;
    private final SendQueue sendQueue;
    private final RtoEstimator rto;
    private final CongestionWindow cc;
    private final RetransmissionQueue rtx;
    private final Bundler bundler;
    private final Heartbeats heartbeats;
    private final StreamReset streamReset;

    private State state = State.CLOSED;
    private boolean finished;
    private long lastNow;

    // Handshake and negotiated parameters.
    private long myTag;
    private long myInitialTsn;
    private long peerTag;
    private long peerInitialTsn;
    private int outStreams;
    private int inStreams;
    private boolean peerForwardTsn;
    private boolean peerReconfig;
    private boolean interleaving;
    private boolean sendZeroChecksum;
    private Chunk.Init ourInit;
    private Chunk.CookieEcho ourCookieEcho;
    private long t1 = NONE;
    private int t1Count;
    private long t2 = NONE;
    /** Consecutive timeouts and unanswered heartbeats (RFC 9260 §8.1: Association.Max.Retrans). */
    private int errorCount;

    // Receiver-side flow control.
    private boolean receivePaused;
    /** Resumed with messages waiting and pollEvent() not called since (pollTimeout() says now). */
    private boolean resumed;

    // Counters kept here (the collaborators count their own).
    private long packetsReceived, malformed, badTag, messagesDelivered, bytesDelivered, droppedChunks,
            internalErrors, droppedOverWindow, invalidStreamChunks, sendRefusals, resourceAborts;
    /** Whether an internal error is rethrown after it is counted (tests and fuzzing); see {@link EngineErrors}. */
    private final boolean rethrowInternalErrors = EngineErrors.rethrowByDefault();

    /**
     * A new association in state {@link State#CLOSED}: {@link #connect} opens it, or a peer's INIT
     * does (the passive side). The cookie secret is drawn from {@code config.random()} here.
     *
     * @param config the settings ({@link SctpConfig#defaults})
     */
    public SctpAssociation(SctpConfig config) {
        this.cfg = config;
        cookies = new StateCookie(config.random());
        tracker = new DataTracker(config.receiveBuffer());
        reassembly = new ReassemblyQueue(inbox, config.maxMessageSize());
        sendQueue = new SendQueue(config, events);
        rto = new RtoEstimator(config.rtoInitialNanos(), config.rtoMinNanos(), config.rtoMaxNanos());
        cc = new CongestionWindow(config.mtu(), config.congestionControl());
        rtx = new RetransmissionQueue(config, sendQueue, cc, rto);
        bundler = new Bundler(config);
        heartbeats = new Heartbeats(config.random(), config.heartbeatIntervalNanos());
        streamReset = new StreamReset(sendQueue, reassembly, control, events, inbox);
    }

    // ------------------------------------------------------------------------------------------------
    // Public API

    /** {@return the state (RFC 9260 §4)} */
    public State state() {
        return state;
    }

    /** {@return the configuration this association was made with} */
    public SctpConfig config() {
        return cfg;
    }

    /** {@return whether I-DATA (RFC 8260) was negotiated} */
    public boolean interleaving() {
        return interleaving;
    }

    /** {@return a snapshot of the counters and the congestion state: a new immutable record on every call} */
    public SctpStats stats() {
        return new SctpStats(bundler.packetsSent(), packetsReceived, malformed, badTag, rtx.dataChunksSent(), rtx.retransmissions(),
                rtx.fastRetransmits(), rtx.t3Expirations(), sendQueue.abandonedMessages(), messagesDelivered, bytesDelivered,
                tracker.duplicateTsns(), droppedChunks, internalErrors, cc.cwnd(), cc.ssthresh(), rtx.flight(), rto.rto(), rto.srtt(),
                rtx.zeroWindowProbes(), tracker.windowUpdates(), droppedOverWindow, advertisedRwnd(), rtx.peerARwnd(),
                invalidStreamChunks, sendRefusals, resourceAborts);
    }

    /**
     * {@return the bytes received and not yet taken by the application} They wait for reassembly or
     * ordering, or are complete and not yet returned by {@link #pollEvent()} (each message and
     * fragment charged 64 bytes on top of its payload). Our a_rwnd is the receive buffer minus this.
     */
    public long receiveBuffered() {
        return reassembly.buffered() + reassembly.held();
    }

    /**
     * Stops or resumes handing received messages to the application: receiver-side flow control
     * (RFC 9260 §6.2). While paused, {@link #pollEvent()} returns no {@link SctpEvent.Message} (nor
     * the events that keep their order with the data: {@link SctpEvent.MessageTooLarge},
     * {@link SctpEvent.IncomingStreamsReset}, {@link SctpEvent.Closed}); DATA still arrives and is
     * acknowledged, and the complete messages wait here, counted against our a_rwnd, so the window
     * shrinks to 0 and the peer stops sending (it then probes with one chunk, which is dropped while
     * the buffer is full). After resuming, the waiting messages come out of {@link #pollEvent()} in
     * order ({@link #pollTimeout()} says now until {@code pollEvent()} is called); as soon as the
     * window has grown by an MTU from a small advertised value, a window-update SACK is due at once
     * (again, {@code pollTimeout()} says now). Other events (BufferedAmountLow,
     * SendBufferAvailable, Aborted, ...) are reported while paused.
     *
     * <p>Independently of pausing, a message counts against the window until {@code pollEvent()}
     * returns it: an application that stops polling also stops the peer.
     *
     * @param now    the current time, nanoseconds
     * @param paused {@code true} to hold messages back, {@code false} to hand them over again
     */
    public void setReceivePaused(long now, boolean paused) {
        lastNow = Math.max(lastNow, now);
        resumed = receivePaused && !paused && !inbox.isEmpty();
        receivePaused = paused;
    }

    /** {@return whether {@link #setReceivePaused} paused delivery} */
    public boolean receivePaused() {
        return receivePaused;
    }

    /** {@return our verification tag (the one the peer puts in its packets), 0 before the handshake} */
    public long localVerificationTag() {
        return myTag;
    }

    /** {@return a one-line dump of the sender's internals, for diagnosing tests} */
    public String debugState() {
        return rtx.debugState();
    }

    /**
     * Sends INIT (the active open). WebRTC peers both call this; simultaneous open is handled.
     *
     * @param now the current time, nanoseconds
     * @throws IllegalStateException when the association is not {@link State#CLOSED} or has ended
     */
    public void connect(long now) {
        lastNow = Math.max(lastNow, now);
        if (state != State.CLOSED || finished) {
            throw new IllegalStateException("connect() in state " + state);
        }
        myTag = nonZeroTag();
        myInitialTsn = cfg.random().nextLong() & M32;
        ourInit = new Chunk.Init(myTag, cfg.receiveBuffer(), cfg.streams(), cfg.streams(), myInitialTsn, ourParams());
        state = State.COOKIE_WAIT;
        t1Count = 0;
        log("→ INIT tag=%08x initial TSN=%d a_rwnd=%d streams=%d", myTag, myInitialTsn, cfg.receiveBuffer(), cfg.streams());
        bundler.emit(0, List.of(ourInit), false);
        t1 = now + rto.rto();
    }

    /**
     * Queues a message on a stream. The array is handed over (not copied): do not modify it afterwards.
     * When the send buffer cannot take the message this throws {@link SendBufferFullException} and
     * changes nothing (the association goes on); an application that may outpace the peer uses
     * {@link #trySend} instead, or keeps {@link #bufferedAmount()} bounded.
     *
     * @param now     the current time, nanoseconds (a PR-SCTP lifetime counts from it)
     * @param stream  the stream id, below the negotiated outbound streams
     * @param ppid    the payload protocol identifier (data channels: 51 text, 53 binary, ...)
     * @param data    the message, at least one byte
     * @param options ordering and partial reliability
     * @throws IllegalArgumentException for an empty message, one larger than the max message size, or
     *                                  a stream the peer does not have
     * @throws SendBufferFullException  when the send buffer is full (an {@link IllegalStateException})
     * @throws IllegalStateException    when the association cannot send (closed, shutting down, stream being reset)
     */
    public void send(long now, int stream, long ppid, byte[] data, SendOptions options) {
        if (!trySend(now, stream, ppid, data, options)) {
            throw new SendBufferFullException("send buffer full: " + sendQueue.used() + " bytes in "
                    + (sendQueue.charge() - sendQueue.used()) / MESSAGE_OVERHEAD + " messages buffered, limit " + cfg.sendBuffer()
                    + " (each message counts " + MESSAGE_OVERHEAD + " bytes extra); use trySend and wait for SendBufferAvailable");
        }
    }

    /**
     * Queues a message like {@link #send}, but returns {@code false} instead of throwing when the send
     * buffer cannot take it: nothing is queued, and a {@link SctpEvent.SendBufferAvailable} follows
     * once the buffer has drained to half its size (and has room for this message). A message is
     * always accepted into an empty buffer, whatever its size. The array is handed over when
     * accepted.
     *
     * @param now     the current time, nanoseconds
     * @param stream  the stream id
     * @param ppid    the payload protocol identifier
     * @param data    the message, at least one byte
     * @param options ordering and partial reliability
     * @return whether the message was queued
     * @throws IllegalArgumentException as {@link #send}
     * @throws IllegalStateException    when the association cannot send (closed, shutting down, stream being reset)
     */
    public boolean trySend(long now, int stream, long ppid, byte[] data, SendOptions options) {
        lastNow = Math.max(lastNow, now);
        if (finished || state.ordinal() >= State.SHUTDOWN_PENDING.ordinal()) {
            throw new IllegalStateException("association is " + (finished ? "closed" : state));
        }
        if (data.length == 0) {
            throw new IllegalArgumentException("SCTP cannot carry an empty message (data channels send one zero byte with PPID 56/57)");
        }
        if (data.length > cfg.maxMessageSize()) {
            throw new IllegalArgumentException("message of " + data.length + " bytes exceeds the max message size " + cfg.maxMessageSize());
        }
        if (stream < 0 || stream > 0xffff || (state == State.ESTABLISHED && stream >= outStreams)) {
            throw new IllegalArgumentException("stream " + stream + " out of range (" + outStreams + " outbound streams)");
        }
        SendQueue.OutStream st = sendQueue.stream(stream);
        if (st.resetPending) {
            throw new IllegalStateException("stream " + stream + " is being reset");
        }
        if (!sendQueue.admit(data.length)) {
            sendRefusals++;
            return false;
        }
        sendQueue.enqueue(now, st, ppid, data, options);
        return true;
    }

    /**
     * Queues a small protocol message (data channels use it for DCEP) that must not wait for the
     * application's data: never refused for a full send buffer (it is still counted in it) and never
     * throws.
     *
     * @param now     the current time, nanoseconds
     * @param stream  the stream id
     * @param ppid    the payload protocol identifier
     * @param data    the message
     * @param options ordering and partial reliability
     * @return {@code false} when the association cannot send it at all (closed, shutting down, no
     *         such stream, stream being reset, empty or too large)
     */
    public boolean sendControlMessage(long now, int stream, long ppid, byte[] data, SendOptions options) {
        lastNow = Math.max(lastNow, now);
        if (finished || state.ordinal() >= State.SHUTDOWN_PENDING.ordinal() || data.length == 0 || data.length > cfg.maxMessageSize()
                || stream < 0 || stream > 0xffff || (state == State.ESTABLISHED && stream >= outStreams)) {
            return false;
        }
        SendQueue.OutStream st = sendQueue.stream(stream);
        if (st.resetPending) return false;
        sendQueue.enqueue(now, st, ppid, data, options);
        return true;
    }

    /**
     * Bytes queued or sent and not yet acknowledged on a stream (a data channel's bufferedAmount).
     *
     * @param stream the stream id
     * @return the bytes, {@code 0} for a stream never used
     */
    public long bufferedAmount(int stream) {
        return sendQueue.bufferedAmount(stream);
    }

    /** {@return the bytes queued or unacknowledged on all streams} */
    public long bufferedAmount() {
        return sendQueue.used();
    }

    /**
     * A {@link SctpEvent.BufferedAmountLow} is reported when the stream's buffered amount falls to this.
     *
     * @param stream    the stream id
     * @param threshold bytes ({@code 0}: when everything was acknowledged)
     */
    public void setBufferedAmountLowThreshold(int stream, long threshold) {
        sendQueue.stream(stream).lowThreshold = threshold;
    }

    /**
     * Resets outgoing streams (RFC 6525): after everything queued on them has been sent, the peer is
     * asked to reset its incoming side. {@link SctpEvent.OutgoingStreamsReset} reports completion;
     * until then the streams take no new messages.
     *
     * @param now     the current time, nanoseconds
     * @param streams the stream ids
     */
    public void resetStreams(long now, int... streams) {
        lastNow = Math.max(lastNow, now);
        streamReset.request(streams);
    }

    /**
     * Starts the graceful SHUTDOWN: queued data is delivered first, then {@link SctpEvent.Closed}.
     *
     * @param now the current time, nanoseconds
     */
    public void shutdown(long now) {
        lastNow = Math.max(lastNow, now);
        if (state == State.ESTABLISHED) {
            log("shutdown requested: waiting for outstanding data");
            state = State.SHUTDOWN_PENDING;
            checkShutdown(now);
        } else if (state == State.COOKIE_WAIT || state == State.COOKIE_ECHOED) {
            terminate(new SctpEvent.Closed());
        }
    }

    /**
     * Sends ABORT with a user-initiated cause and closes at once; {@link SctpEvent.Aborted} follows.
     *
     * @param now    the current time, nanoseconds
     * @param reason the text of the cause (RFC 9260 §3.3.10.12), for the peer
     */
    public void abort(long now, String reason) {
        lastNow = Math.max(lastNow, now);
        if (finished) return;
        if (state != State.CLOSED && state != State.COOKIE_WAIT) {
            log("→ ABORT (%s)", reason);
            bundler.emit(peerTag, List.of(new Chunk.Abort(false, List.of(ErrorCause.text(ErrorCause.USER_INITIATED_ABORT, reason)))), true);
        }
        terminate(new SctpEvent.Aborted(false, reason));
    }

    // ------------------------------------------------------------------------------------------------
    // Engine

    /**
     * Handles one SCTP packet. Malformed or misdirected packets are dropped and counted, never thrown.
     *
     * @param now    the current time, nanoseconds
     * @param packet the SCTP packet (the DTLS record's application data)
     */
    public void handleInput(long now, byte[] packet) {
        lastNow = Math.max(lastNow, now);
        SctpPacket p;
        try {
            p = SctpPacket.parse(packet, cfg.zeroChecksum());
        } catch (SctpParseException e) {
            malformed++;
            LOG.log(System.Logger.Level.DEBUG, "[SCTP] dropped malformed packet: {0}", e.getMessage());
            return;
        }
        if (finished) {
            // RFC 9260 §8.4 (5): an out-of-the-blue SHUTDOWN-ACK (our SHUTDOWN-COMPLETE was lost)
            // gets a SHUTDOWN-COMPLETE with the T bit and the packet's own tag
            if (p.chunks().get(0) instanceof Chunk.ShutdownAck && p.verificationTag() == myTag && myTag != 0) {
                bundler.emit(p.verificationTag(), List.of(new Chunk.ShutdownComplete(true)), false);
            }
            return;
        }
        try {
            onPacket(now, p);
        } catch (RuntimeException e) {
            internalErrors++;
            EngineErrors.caught(LOG, "SCTP", "handleInput", e, rethrowInternalErrors);
        }
    }

    @Override
    public void handleTimeout(long now) {
        lastNow = Math.max(lastNow, now);
        if (finished) return;
        try {
            if (t1 <= now) onT1(now);
            if (t2 <= now) onT2(now);
            if (rtx.t3() <= now) onT3(now);
            tracker.timeout(now);
            streamReset.timeout(now, rto.rto());
            if (heartbeats.dueAt() <= now) onHeartbeatTimer(now);
        } catch (RuntimeException e) {
            internalErrors++;
            EngineErrors.caught(LOG, "SCTP", "handleTimeout", e, rethrowInternalErrors);
        }
    }

    @Override
    public byte[] pollTransmit() {
        if (bundler.nothingToTransmit() && !finished) {
            try {
                flush(lastNow);
            } catch (RuntimeException e) {
                internalErrors++;
                EngineErrors.caught(LOG, "SCTP", "pollTransmit", e, rethrowInternalErrors);
            }
        }
        return bundler.poll();
    }

    /**
     * {@return the next event, or {@code null}} Received messages (and the events ordered with them)
     * come out only while the receiver is not paused ({@link #setReceivePaused}); a message stops
     * counting against our receive window when it is returned here.
     */
    @Override
    public SctpEvent pollEvent() {
        resumed = false;
        SctpEvent e = events.poll();
        if (e != null || receivePaused) return e;
        e = inbox.poll();
        if (e instanceof SctpEvent.Message m) consumed(m.data().length);
        return e;
    }

    /** The application took a message: its bytes leave the window; a window update when it reopened by an MTU. */
    private void consumed(int len) {
        reassembly.taken(len);
        messagesDelivered++;
        bytesDelivered += len;
        // RFC 9260 §6.2: update the window as the application consumes, but (SWS avoidance) only once it
        // grew by an MTU, and only from a small advertised window (from a large one the peer is not
        // blocked: its data keeps coming, and every SACK for it carries the window)
        long last = tracker.lastAdvertisedRwnd();
        if (!finished && last < cfg.receiveBuffer() / 2 && canReceiveData()
                && advertisedRwnd() - last >= Math.min(cfg.mtu(), cfg.receiveBuffer() / 2)) {
            tracker.windowUpdate(lastNow); // due now, so a caller that already drained pollTransmit() sends it
        }
    }

    @Override
    public long pollTimeout() {
        if (finished) return NONE;
        if (resumed) return lastNow; // messages to hand over since a resume: come back and poll
        long t = Math.min(Math.min(t1, t2), Math.min(rtx.t3(), tracker.delayedAckAt()));
        return Math.min(t, Math.min(streamReset.timerAt(), heartbeats.dueAt()));
    }

    // ------------------------------------------------------------------------------------------------
    // Input

    private void onPacket(long now, SctpPacket p) {
        if (p.destinationPort() != cfg.localPort() || p.sourcePort() != cfg.remotePort()) {
            badTag++;
            return;
        }
        List<Chunk> chunks = p.chunks();
        Chunk first = chunks.get(0);
        long vtag = p.verificationTag();
        if (first instanceof Chunk.Init) {
            if (chunks.size() != 1 || vtag != 0) {
                badTag++;
                return;
            }
        } else if (first instanceof Chunk.Abort a) {
            if (!(a.reflected() ? vtag == peerTag && peerTag != 0 : vtag == myTag && myTag != 0)) {
                badTag++;
                return;
            }
        } else if (first instanceof Chunk.ShutdownComplete sc) {
            if (!(sc.reflected() ? vtag == peerTag : vtag == myTag)) {
                badTag++;
                return;
            }
        } else if (first instanceof Chunk.CookieEcho && state == State.CLOSED) {
            // the cookie itself carries and authenticates our tag; checked in onCookieEcho
        } else if (vtag != myTag || myTag == 0) {
            badTag++;
            return;
        }
        packetsReceived++;
        boolean hadData = false;
        for (Chunk c : chunks) {
            if (finished) return;
            if (c instanceof Chunk.Data d) {
                hadData = true;
                onData(d);
            } else if (c instanceof Chunk.IData d) {
                hadData = true;
                onIData(d);
            } else if (c instanceof Chunk.Sack s) {
                onSack(now, s);
            } else if (c instanceof Chunk.Init i) {
                onInit(now, i);
            } else if (c instanceof Chunk.InitAck ia) {
                onInitAck(now, ia);
            } else if (c instanceof Chunk.CookieEcho ce) {
                if (!onCookieEcho(now, ce, vtag)) return;
            } else if (c instanceof Chunk.CookieAck) {
                if (state == State.COOKIE_ECHOED) {
                    log("← COOKIE-ACK");
                    establish(now);
                }
            } else if (c instanceof Chunk.Heartbeat hb) {
                if (state != State.CLOSED) control.add(new Chunk.HeartbeatAck(hb.info()));
            } else if (c instanceof Chunk.HeartbeatAck ha) {
                long r = heartbeats.acknowledged(now, ha);
                if (r != Heartbeats.NOT_OURS) {
                    errorCount = 0;
                    rto.sample(now, r);
                }
            } else if (c instanceof Chunk.Abort a) {
                String why = a.causes().isEmpty() ? "no cause given" : a.causes().get(0).describe();
                log("← ABORT (%s)", why);
                terminate(new SctpEvent.Aborted(true, why));
                return;
            } else if (c instanceof Chunk.Shutdown s) {
                onShutdown(now, s);
            } else if (c instanceof Chunk.ShutdownAck) {
                onShutdownAck();
            } else if (c instanceof Chunk.ShutdownComplete) {
                if (state == State.SHUTDOWN_ACK_SENT) {
                    log("← SHUTDOWN-COMPLETE");
                    terminate(new SctpEvent.Closed());
                }
                return;
            } else if (c instanceof Chunk.Error e) {
                log("← ERROR %s", e.causes());
                events.add(new SctpEvent.ErrorReceived(e.causes()));
            } else if (c instanceof Chunk.ForwardTsn f) {
                hadData = true;
                if (canReceiveData() && !interleaving && tracker.skipTo(f.newCumTsn())) reassembly.forwardTsn(f, inStreams);
            } else if (c instanceof Chunk.IForwardTsn f) {
                hadData = true;
                if (canReceiveData() && interleaving && tracker.skipTo(f.newCumTsn())) reassembly.iForwardTsn(f, inStreams);
            } else if (c instanceof Chunk.ReConfig r) {
                if (state.ordinal() >= State.ESTABLISHED.ordinal()) streamReset.onReConfig(now, r, tracker.cumulativeTsn(), rto.rto());
            } else if (c instanceof Chunk.Unknown u) {
                int action = u.type() >>> 6;
                if (action == 1 || action == 3) {
                    control.add(new Chunk.Error(List.of(new ErrorCause(ErrorCause.UNRECOGNIZED_CHUNK_TYPE, u.raw()))));
                }
                if (action < 2) return;
            }
        }
        if (hadData) {
            streamReset.dataArrived(tracker.cumulativeTsn());
            tracker.packetProcessed(now, state.ordinal() >= State.SHUTDOWN_PENDING.ordinal(), cfg.delayedAckNanos());
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Handshake (RFC 9260 §5)

    private List<Param> ourParams() {
        List<Param> ps = new ArrayList<>();
        byte[] ext = cfg.interleaving()
                ? new byte[] {(byte) Chunk.RE_CONFIG, (byte) Chunk.FORWARD_TSN, (byte) Chunk.I_DATA, (byte) Chunk.I_FORWARD_TSN}
                : new byte[] {(byte) Chunk.RE_CONFIG, (byte) Chunk.FORWARD_TSN};
        ps.add(new Param.SupportedExtensions(Bytes.wrap(ext)));
        ps.add(new Param.ForwardTsnSupported());
        if (cfg.zeroChecksum()) ps.add(new Param.ZeroChecksumAcceptable(Param.ZeroChecksumAcceptable.SCTP_OVER_DTLS));
        return ps;
    }

    private void onInit(long now, Chunk.Init init) {
        if (finished || init.initiateTag() == 0) return;
        long tag;
        long tsn;
        if (state == State.CLOSED) {
            tag = nonZeroTag();
            tsn = cfg.random().nextLong() & M32;
        } else if (state == State.COOKIE_WAIT || state == State.COOKIE_ECHOED) {
            tag = myTag;
            tsn = myInitialTsn;
        } else {
            LOG.log(System.Logger.Level.DEBUG, "[SCTP] INIT in state {0} ignored (association restart is not supported)", state);
            return;
        }
        log("← INIT tag=%08x initial TSN=%d a_rwnd=%d", init.initiateTag(), init.initialTsn(), init.aRwnd());
        Bytes cookie = cookies.make(now, tag, tsn, init.initiateTag(), init.initialTsn(), init.aRwnd(),
                init.outboundStreams(), init.inboundStreams(), features(init.params()));
        List<Param> ps = new ArrayList<>();
        ps.add(new Param.StateCookie(cookie));
        ps.addAll(ourParams());
        ps.addAll(unrecognized(init.params()));
        log("→ INIT-ACK tag=%08x initial TSN=%d with a %d-byte signed state cookie (no state kept)", tag, tsn, cookie.length());
        bundler.emit(init.initiateTag(), List.of(new Chunk.InitAck(tag, cfg.receiveBuffer(), cfg.streams(), cfg.streams(), tsn, ps)), false);
    }

    private void onInitAck(long now, Chunk.InitAck ack) {
        if (state != State.COOKIE_WAIT || ack.initiateTag() == 0) return;
        Param.StateCookie cookie = ack.cookie();
        if (cookie == null) {
            LOG.log(System.Logger.Level.DEBUG, "[SCTP] INIT-ACK without a state cookie dropped");
            return;
        }
        log("← INIT-ACK tag=%08x initial TSN=%d a_rwnd=%d", ack.initiateTag(), ack.initialTsn(), ack.aRwnd());
        adoptPeer(ack.initiateTag(), ack.initialTsn(), ack.aRwnd(), ack.outboundStreams(), ack.inboundStreams(), features(ack.params()));
        ourCookieEcho = new Chunk.CookieEcho(cookie.cookie());
        state = State.COOKIE_ECHOED;
        t1Count = 0;
        log("→ COOKIE-ECHO");
        control.add(ourCookieEcho);
        t1 = now + rto.rto();
    }

    private boolean onCookieEcho(long now, Chunk.CookieEcho ce, long vtag) {
        StateCookie.Contents c = cookies.open(ce.cookie());
        if (c == null) {
            badTag++;
            LOG.log(System.Logger.Level.DEBUG, "[SCTP] COOKIE-ECHO with a bad signature dropped");
            return false;
        }
        if (StateCookie.stale(c, now)) {
            control.add(new Chunk.Error(List.of(new ErrorCause(ErrorCause.STALE_COOKIE, Bytes.of(new byte[4])))));
            return false;
        }
        if (vtag != c.tag()) {
            badTag++;
            return false;
        }
        if (state == State.CLOSED || ((state == State.COOKIE_WAIT || state == State.COOKIE_ECHOED) && c.tag() == myTag)) {
            if (state == State.CLOSED && finished) return false;
            myTag = c.tag();
            myInitialTsn = c.initialTsn();
            adoptPeer(c.peerTag(), c.peerInitialTsn(), c.peerRwnd(), c.peerOutboundStreams(), c.peerInboundStreams(), c.features());
            log("← COOKIE-ECHO: cookie verified, association created");
            control.add(new Chunk.CookieAck());
            log("→ COOKIE-ACK");
            establish(now);
            return true;
        }
        if (c.tag() == myTag && c.peerTag() == peerTag) {
            control.add(new Chunk.CookieAck()); // our COOKIE-ACK was lost
            return true;
        }
        return false;
    }

    private static final int F_FWD = 1, F_IDATA = 2, F_ZERO = 4, F_RECONFIG = 8;

    /** INIT parameters RFC 9260 defines that we recognise and ignore (addresses, cookie preservative, ...). */
    private static final Set<Integer> IGNORED_PARAMS = Set.of(5, 6, 9, 11, 12);

    /**
     * RFC 9260 §3.2.1: an unknown parameter whose type starts with bits 00 or 01 stops processing of
     * the rest; 01 and 11 are reported back, each in an Unrecognized Parameter (type 8).
     */
    static List<Param> unrecognized(List<Param> params) {
        List<Param> out = new ArrayList<>();
        for (Param p : params) {
            if (!(p instanceof Param.Unknown u) || IGNORED_PARAMS.contains(u.type())) continue;
            int action = u.type() >>> 14;
            if (action == 1 || action == 3) {
                byte[] tlv = new byte[4 + u.value().length()];
                Wire.put16(tlv, 0, u.type());
                Wire.put16(tlv, 2, tlv.length);
                u.value().copyTo(tlv, 4);
                out.add(new Param.Unknown(ErrorCause.UNRECOGNIZED_PARAMETERS, Bytes.wrap(tlv)));
            }
            if (action < 2) break;
        }
        return out;
    }

    private static int features(List<Param> params) {
        int f = 0;
        for (Param p : params) {
            if (p instanceof Param.Unknown u && !IGNORED_PARAMS.contains(u.type()) && u.type() >>> 14 < 2) break;
            if (p instanceof Param.ForwardTsnSupported) f |= F_FWD;
            if (p instanceof Param.ZeroChecksumAcceptable z && z.errorDetectionMethod() == Param.ZeroChecksumAcceptable.SCTP_OVER_DTLS) f |= F_ZERO;
            if (p instanceof Param.SupportedExtensions e) {
                if (e.supports(Chunk.FORWARD_TSN)) f |= F_FWD;
                if (e.supports(Chunk.I_DATA) && e.supports(Chunk.I_FORWARD_TSN)) f |= F_IDATA;
                if (e.supports(Chunk.RE_CONFIG)) f |= F_RECONFIG;
            }
        }
        return f;
    }

    private void adoptPeer(long tag, long tsn, long rwnd, int os, int mis, int features) {
        peerTag = tag;
        peerInitialTsn = tsn;
        rtx.peerWindow(rwnd);
        outStreams = Math.min(cfg.streams(), mis);
        inStreams = Math.min(cfg.streams(), os);
        peerForwardTsn = (features & F_FWD) != 0;
        peerReconfig = (features & F_RECONFIG) != 0;
        interleaving = cfg.interleaving() && (features & F_IDATA) != 0;
        sendZeroChecksum = cfg.zeroChecksum() && (features & F_ZERO) != 0;
        bundler.peer(peerTag, sendZeroChecksum);
    }

    private void establish(long now) {
        state = State.ESTABLISHED;
        t1 = NONE;
        ourCookieEcho = null;
        rtx.start(myInitialTsn, peerForwardTsn, interleaving);
        tracker.start(peerInitialTsn);
        reassembly.start(interleaving);
        sendQueue.start(outStreams, interleaving);
        cc.start(rtx.peerARwnd());
        streamReset.start(myInitialTsn, peerInitialTsn);
        heartbeats.start(now);
        log("established: %d out / %d in streams, PR-SCTP %s, I-DATA %s, zero checksum %s", outStreams, inStreams,
                peerForwardTsn ? "yes" : "no", interleaving ? "yes" : "no", sendZeroChecksum ? "yes" : "no");
        events.add(new SctpEvent.Connected(outStreams, inStreams, interleaving, sendZeroChecksum));
    }

    private void onT1(long now) {
        if (state != State.COOKIE_WAIT && state != State.COOKIE_ECHOED) {
            t1 = NONE;
            return;
        }
        if (++t1Count > cfg.maxInitRetransmits()) {
            terminate(new SctpEvent.Aborted(false, "handshake timed out after " + cfg.maxInitRetransmits() + " retransmissions"));
            return;
        }
        rto.backoff();
        if (state == State.COOKIE_WAIT) {
            log("T1-init expired: → INIT again (%d)", t1Count);
            bundler.emit(0, List.of(ourInit), false);
        } else {
            log("T1-cookie expired: → COOKIE-ECHO again (%d)", t1Count);
            control.add(ourCookieEcho);
        }
        t1 = now + rto.rto();
    }

    private long nonZeroTag() {
        long t;
        do {
            t = cfg.random().nextLong() & M32;
        } while (t == 0);
        return t;
    }

    // ------------------------------------------------------------------------------------------------
    // Receiving data: the checks before a chunk is taken; the DataTracker and ReassemblyQueue do the rest

    private boolean canReceiveData() {
        return state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING || state == State.SHUTDOWN_SENT;
    }

    /**
     * Accepts a TSN into the receive window; false when it is a duplicate or must be dropped (counted,
     * and the next SACK goes at once). RFC 9260 §6.2: a chunk that does not fit the receive buffer
     * is dropped, with one exception (below).
     */
    private boolean acceptTsn(long tsn, int len, boolean needsFragSlot) {
        int kind = tracker.classify(tsn);
        if (kind == DataTracker.DUPLICATE) return false;
        if (kind == DataTracker.BEYOND_WINDOW) {
            droppedChunks++;
            return false;
        }
        long charge = len + FRAG_OVERHEAD;
        long waiting = reassembly.buffered();
        long held = reassembly.held();
        if (waiting + held + charge > cfg.receiveBuffer()) {
            // Beyond the window (RFC 9260 §6.2): dropped, and a SACK at once with the window as it is.
            // The one exception is the chunk at cumulative TSN + 1 when the buffer is full of data
            // waiting for reassembly or ordering, which only that chunk may complete (so those queues
            // can always drain); not when the application has messages to take: taking them is what
            // reopens the window (a zero window probe is dropped then).
            if (tracker.distance(tsn) != 1 || waiting == 0 || held > 0) {
                droppedChunks++;
                droppedOverWindow++;
                tracker.sackImmediately();
                return false;
            }
            if (waiting + charge > 2L * cfg.receiveBuffer()) {
                resourceAborts++;
                abortWith(new ErrorCause(ErrorCause.OUT_OF_RESOURCE, Bytes.EMPTY),
                        "out of resource: receive buffer exhausted by messages that never complete");
                return false;
            }
        }
        if (needsFragSlot && !reassembly.slotFor(tsn)) {
            droppedChunks++;
            tracker.sackImmediately();
            return false;
        }
        tracker.received(tsn);
        return true;
    }

    private void onData(Chunk.Data d) {
        if (!canReceiveData() || interleaving) {
            if (interleaving) protocolAbort("DATA chunk received although I-DATA was negotiated");
            return;
        }
        int len = d.payload().length();
        if (len == 0) {
            droppedChunks++;
            return;
        }
        if (d.immediate()) tracker.sackImmediately();
        boolean whole = d.beginning() && d.ending();
        long highestBefore = tracker.highestTsn();
        if (!acceptTsn(d.tsn(), len, !whole)) return;
        if (d.streamId() >= inStreams) {
            invalidStream(d.streamId());
            return;
        }
        reassembly.data(d, highestBefore);
    }

    private void onIData(Chunk.IData d) {
        if (!canReceiveData() || !interleaving) {
            if (!interleaving && canReceiveData()) protocolAbort("I-DATA chunk received although it was not negotiated");
            return;
        }
        int len = d.payload().length();
        if (len == 0) {
            droppedChunks++;
            return;
        }
        if (d.immediate()) tracker.sackImmediately();
        if (!acceptTsn(d.tsn(), len, false)) return;
        if (d.streamId() >= inStreams) {
            invalidStream(d.streamId());
            return;
        }
        reassembly.iData(d);
    }

    /**
     * RFC 9260 §6.5: data on a stream the peer may not use (the limit on streams, and so on data
     * channels) is acknowledged, discarded and answered with ERROR (Invalid Stream Identifier).
     */
    private void invalidStream(int stream) {
        invalidStreamChunks++;
        LOG.log(System.Logger.Level.DEBUG, "[SCTP] DATA on stream {0} beyond the {1} negotiated inbound streams discarded", stream, inStreams);
        control.add(new Chunk.Error(List.of(new ErrorCause(ErrorCause.INVALID_STREAM_IDENTIFIER,
                Bytes.of((byte) (stream >>> 8), (byte) stream, (byte) 0, (byte) 0)))));
    }

    /** Slots in the fragment table now (64 until fragments of several messages overlap; tests). */
    int fragmentSlots() {
        return reassembly.fragmentSlots();
    }

    /**
     * Our a_rwnd: the receive buffer minus what reassembly, ordering and the application hold (each
     * message and fragment charged FRAG_OVERHEAD on top of its payload; our sender debits as much per
     * chunk from the peer's window, see RetransmissionQueue.CHUNK_DEBIT). Receiver silly window
     * syndrome avoidance (RFC 9260 §6.2, RFC 1122 §4.2.3.3): less than an MTU (or half the buffer) is
     * advertised as 0, so the window reopens in steps worth a full packet; chunks that do fit are
     * still taken.
     */
    private long advertisedRwnd() {
        long free = cfg.receiveBuffer() - reassembly.buffered() - reassembly.held();
        return free < Math.min(cfg.mtu(), cfg.receiveBuffer() / 2) ? 0 : free;
    }

    // ------------------------------------------------------------------------------------------------
    // Sending: SACKs arrive at the RetransmissionQueue; the association keeps the error count

    private void onSack(long now, Chunk.Sack s) {
        if (state.ordinal() < State.ESTABLISHED.ordinal()) return;
        if (rtx.onSack(now, s)) errorCount = 0;
        checkShutdown(now);
    }

    private void onT3(long now) {
        if (!rtx.hasSent() || !canSendData()) {
            rtx.stopT3();
            return;
        }
        if (rtx.t3Expired() && ++errorCount > cfg.maxRetransmits()) {
            protocolAbort("peer unreachable: " + errorCount + " consecutive retransmission timeouts");
            return;
        }
        rtx.retransmitAll(now);
    }

    private boolean canSendData() {
        return state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING || state == State.SHUTDOWN_RECEIVED;
    }

    // ------------------------------------------------------------------------------------------------
    // Packet assembly: what goes into the next packets, in order

    private void flush(long now) {
        if (state == State.CLOSED || state == State.COOKIE_WAIT) {
            control.clear();
            return;
        }
        bundler.begin();
        for (Chunk c; (c = control.poll()) != null; ) {
            if (c instanceof Chunk.CookieEcho) bundler.requireCrc();
            bundler.add(c);
        }
        if (state == State.COOKIE_ECHOED) {
            bundler.finishPacket();
            return;
        }
        if (tracker.takeSackDue()) bundler.add(tracker.buildSack(advertisedRwnd(), cfg.mtu(), cfg.receiveBuffer()));
        if (canSendData()) rtx.flushForwardTsn(now, bundler);
        if (canSendData()) streamReset.maybeSend(now, bundler, peerReconfig, (rtx.nextTsn() - 1) & M32, rto.rto());
        if (canSendData()) rtx.sendData(now, bundler);
        bundler.finishPacket();
        checkShutdown(now);
        if (bundler.hasChunks()) bundler.finishPacket();
    }

    // ------------------------------------------------------------------------------------------------
    // Heartbeat timer (the Heartbeats make and check them; unanswered ones count as errors here)

    private void onHeartbeatTimer(long now) {
        boolean unanswered = heartbeats.expire(now, state.ordinal() >= State.ESTABLISHED.ordinal(), rto.rto());
        if (!heartbeats.running()) return;
        if (unanswered && ++errorCount > cfg.maxRetransmits()) {
            protocolAbort("peer unreachable: heartbeats unanswered");
            return;
        }
        control.add(heartbeats.next(now));
    }

    // ------------------------------------------------------------------------------------------------
    // Shutdown (RFC 9260 §9.2) and abort

    private boolean allDataAcked() {
        return rtx.isEmpty() && sendQueue.nothingQueued();
    }

    private void checkShutdown(long now) {
        if (state == State.SHUTDOWN_PENDING && allDataAcked()) {
            log("→ SHUTDOWN cum TSN=%d", tracker.cumulativeTsn());
            control.add(new Chunk.Shutdown(tracker.cumulativeTsn()));
            state = State.SHUTDOWN_SENT;
            t2 = now + rto.rto();
        } else if (state == State.SHUTDOWN_RECEIVED && allDataAcked()) {
            log("→ SHUTDOWN-ACK");
            control.add(new Chunk.ShutdownAck());
            state = State.SHUTDOWN_ACK_SENT;
            t2 = now + rto.rto();
        }
    }

    private void onShutdown(long now, Chunk.Shutdown s) {
        if (state.ordinal() < State.ESTABLISHED.ordinal()) return;
        onSack(now, new Chunk.Sack(s.cumTsnAck(), rtx.peerARwnd(), List.of(), List.of()));
        if (state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING) {
            log("← SHUTDOWN: finishing outstanding data");
            state = State.SHUTDOWN_RECEIVED;
        } else if (state == State.SHUTDOWN_SENT) {
            state = State.SHUTDOWN_RECEIVED;
        }
        tracker.sackSoon();
        checkShutdown(now);
    }

    private void onShutdownAck() {
        if (state == State.SHUTDOWN_SENT || state == State.SHUTDOWN_ACK_SENT) {
            log("← SHUTDOWN-ACK → SHUTDOWN-COMPLETE");
            bundler.emit(peerTag, List.of(new Chunk.ShutdownComplete(false)), true);
            terminate(new SctpEvent.Closed());
        }
    }

    private void onT2(long now) {
        t2 = NONE;
        if (++errorCount > cfg.maxRetransmits()) {
            protocolAbort("peer unreachable during shutdown");
            return;
        }
        rto.backoff();
        if (state == State.SHUTDOWN_SENT) {
            control.add(new Chunk.Shutdown(tracker.cumulativeTsn()));
            t2 = now + rto.rto();
        } else if (state == State.SHUTDOWN_ACK_SENT) {
            control.add(new Chunk.ShutdownAck());
            t2 = now + rto.rto();
        }
    }

    private void protocolAbort(String reason) {
        abortWith(ErrorCause.text(ErrorCause.PROTOCOL_VIOLATION, reason), reason);
    }

    private void abortWith(ErrorCause cause, String reason) {
        if (finished) return;
        log("→ ABORT (%s)", reason);
        if (peerTag != 0) {
            bundler.emit(peerTag, List.of(new Chunk.Abort(false, List.of(cause))), true);
        }
        terminate(new SctpEvent.Aborted(false, reason));
    }

    private void terminate(SctpEvent why) {
        finished = true;
        state = State.CLOSED;
        t1 = t2 = NONE;
        rtx.clear();
        tracker.stop();
        streamReset.stop();
        heartbeats.stop();
        control.clear();
        sendQueue.clear();
        boolean graceful = why instanceof SctpEvent.Closed;
        reassembly.clear(!graceful);
        if (graceful) {
            inbox.add(why); // graceful: after every message received (still held if paused)
        } else {
            // aborted: messages not yet taken are discarded (as unread data on a TCP reset)
            inbox.clear();
            events.add(why);
        }
    }

    static void log(String format, Object... args) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "[SCTP] " + String.format(format, args));
        }
    }
}
