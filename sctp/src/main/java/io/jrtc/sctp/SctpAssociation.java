package io.jrtc.sctp;

import io.jrtc.core.Bytes;
import io.jrtc.core.Engine;
import io.jrtc.core.EngineErrors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
 * <p>A single path is assumed (no multi-homing, as in WebRTC). See the module README for the state
 * diagram and how SACK, retransmission and congestion control work here.
 */
public final class SctpAssociation implements Engine<byte[], SctpEvent> {
    private static final System.Logger LOG = System.getLogger("jrtc.sctp");

    /** RFC 9260 §4 states (CLOSED also covers "never connected", the passive side before COOKIE-ECHO). */
    public enum State {
        CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED,
        SHUTDOWN_ACK_SENT
    }

    static final long M32 = 0xffffffffL;
    private static final long NONE = NO_TIMEOUT;
    /** TSNs above the cumulative ack we track (received bitmap). */
    static final int RX_WINDOW = 8192;
    /** Slots for DATA fragments awaiting reassembly, keyed by TSN. */
    private static final int FRAG_SLOTS = 16384;
    private static final int FRAG_SLOTS_MIN = 64;
    /** Bookkeeping charged per stored fragment on top of its payload, so tiny fragments cannot exhaust memory. */
    private static final int FRAG_OVERHEAD = 64;
    private static final int MAX_DUPS = 32;
    private static final int MAX_GAP_BLOCKS = 128;
    private static final long COOKIE_LIFETIME = 60_000_000_000L;
    private static final int COOKIE_LENGTH = 36 + 32;
    private static final long MAX_CWND = 64L * 1024 * 1024;
    /** Bookkeeping charged per queued message against the send buffer, so tiny messages cannot exhaust memory. */
    static final int MESSAGE_OVERHEAD = 128;
    /**
     * What the sender debits from the peer's window per chunk on top of its payload: receivers keep
     * per-chunk bookkeeping in their buffer (we charge FRAG_OVERHEAD, usrsctp a 256-byte mbuf), and a
     * window filled with small chunks would otherwise overflow it. usrsctp's sender debits 256.
     */
    private static final int CHUNK_DEBIT = FRAG_OVERHEAD;

    private final SctpConfig cfg;
    private final byte[] cookieSecret = new byte[32];
    private final Mac mac;
    private final ArrayDeque<byte[]> transmits = new ArrayDeque<>();
    /** Events reported at once (handshake, send side, errors, ABORT). */
    private final ArrayDeque<SctpEvent> events = new ArrayDeque<>();
    /**
     * Events that keep their order with the received data (messages, too-large reports, incoming
     * resets, graceful close): held while the receiver is paused.
     */
    private final ArrayDeque<SctpEvent> inbox = new ArrayDeque<>();
    private final ArrayDeque<Chunk> control = new ArrayDeque<>();

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

    // Sender.
    private long nextTsn;
    private long cumAckRecv;
    private final OutRing ring = new OutRing();
    private int firstUnsent;
    private int rtxCount;
    private boolean fastRtxNow;
    private long flight;
    /** Chunks in flight (CHUNK_DEBIT is taken from the peer's window for each). */
    private int flightChunks;
    private long cwnd;
    private long ssthresh;
    private long pba;
    private long peerRwnd;
    private boolean inFastRecovery;
    private long minRtt = Long.MAX_VALUE;
    private long lastRtt;
    private long recoverTsn;
    private long rto;
    private long srtt;
    private long rttvar;
    private boolean rttPending;
    private long rttTsn;
    private long rttStart;
    private long t3 = NONE;
    private int errorCount;
    private boolean forwardTsnNeeded;
    private final Map<Integer, OutStream> outStreamMap = new HashMap<>();
    private final ArrayDeque<OutStream> ready = new ArrayDeque<>();
    private long sendBufferUsed;
    /** sendBufferUsed plus MESSAGE_OVERHEAD per message not yet fully released: what the send limit checks. */
    private long sendCharge;
    /** The peer's a_rwnd as last advertised (peerRwnd is that minus what we sent since). */
    private long peerARwnd;
    /** A SACK arrived since the last T3-rtx expiry: the peer is alive (zero window probing). */
    private boolean sackSinceT3;
    /** A send was refused for a full buffer: report SendBufferAvailable when sendCharge falls to sendAvailableAt. */
    private boolean sendRefused;
    private long sendAvailableAt;

    // Receiver.
    private long cumTsnRecv;
    private long highestTsnRecv;
    /** Received-TSN bitmap over the window above the cumulative ack: bit (tsn mod RX_WINDOW). 1 KiB. */
    private final long[] rxSeen = new long[RX_WINDOW / 64];
    /**
     * Fragments waiting for their message, direct-mapped by TSN; starts small and doubles (up to
     * FRAG_SLOTS) when two waiting fragments would share a slot, so an idle association holds 64 slots.
     */
    private RxFrag[] frags = new RxFrag[FRAG_SLOTS_MIN];
    private long rxBuffered;
    /** Bytes (plus FRAG_OVERHEAD each) of complete messages in the inbox, not yet taken by the application. */
    private long rxHeld;
    private boolean receivePaused;
    /** Resumed with messages waiting and pollEvent() not called since (pollTimeout() says now). */
    private boolean resumed;
    /** The a_rwnd of our last SACK (the INIT's at first): window updates are measured against it. */
    private long lastAdvertisedRwnd;
    private int packetsUnacked;
    private boolean sackNeeded;
    private boolean sackNow;
    private long delayedAck = NONE;
    private final List<Long> dups = new ArrayList<>();
    private final Map<Integer, InStream> inStreamMap = new HashMap<>();

    // Heartbeat.
    private long heartbeatAt = NONE;
    private long heartbeatNonce;
    private int heartbeatsOutstanding;

    // Stream reset (RFC 6525).
    private final Set<Integer> pendingResets = new LinkedHashSet<>();
    private Param.OutgoingSsnReset reconfigOutstanding;
    private long reconfigAt = NONE;
    private long myReconfigSeq;
    private long peerReconfigExpected;
    private Param.ReconfigResponse lastReconfigResponse;
    private Param.OutgoingSsnReset deferredPeerReset;

    // Counters.
    private long packetsSent, packetsReceived, malformed, badTag, dataChunksSent, retransmissions, fastRetransmits,
            t3Expirations, abandonedMessages, messagesDelivered, bytesDelivered, duplicateTsns, droppedChunks,
            internalErrors, zeroWindowProbes, windowUpdates, droppedOverWindow;
    /** Whether an internal error is rethrown after it is counted (tests and fuzzing); see {@link EngineErrors}. */
    private final boolean rethrowInternalErrors = EngineErrors.rethrowByDefault();

    public SctpAssociation(SctpConfig config) {
        this.cfg = config;
        config.random().nextBytes(cookieSecret);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cookieSecret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
        rto = config.rtoInitialNanos();
        lastAdvertisedRwnd = config.receiveBuffer();
    }

    // ------------------------------------------------------------------------------------------------
    // Public API

    public State state() {
        return state;
    }

    public SctpConfig config() {
        return cfg;
    }

    /** Whether I-DATA (RFC 8260) was negotiated. */
    public boolean interleaving() {
        return interleaving;
    }

    public SctpStats stats() {
        return new SctpStats(packetsSent, packetsReceived, malformed, badTag, dataChunksSent, retransmissions,
                fastRetransmits, t3Expirations, abandonedMessages, messagesDelivered, bytesDelivered, duplicateTsns,
                droppedChunks, internalErrors, cwnd, ssthresh, flight, rto, srtt, zeroWindowProbes, windowUpdates,
                droppedOverWindow, advertisedRwnd(), peerARwnd);
    }

    /**
     * Bytes received and not yet taken by the application: waiting for reassembly or ordering, or
     * complete and not yet returned by {@link #pollEvent()} (each message and fragment charged
     * 64 bytes on top of its payload). Our a_rwnd is the receive buffer minus this.
     */
    public long receiveBuffered() {
        return rxBuffered + rxHeld;
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
     */
    public void setReceivePaused(long now, boolean paused) {
        lastNow = Math.max(lastNow, now);
        resumed = receivePaused && !paused && !inbox.isEmpty();
        receivePaused = paused;
    }

    /** Whether {@link #setReceivePaused} paused delivery. */
    public boolean receivePaused() {
        return receivePaused;
    }

    /** Our verification tag (the one the peer puts in its packets), 0 before the handshake. */
    public long localVerificationTag() {
        return myTag;
    }

    /** A one-line dump of the sender's internals, for diagnosing tests. */
    public String debugState() {
        StringBuilder b = new StringBuilder("ring=" + ring.size() + " firstUnsent=" + firstUnsent + " rtx=" + rtxCount
                + " flight=" + flight + " cwnd=" + cwnd + " rwnd=" + peerRwnd + " t3=" + t3 + " fwdNeeded=" + forwardTsnNeeded
                + " fastRecovery=" + inFastRecovery + " ready=" + ready.size());
        for (int i = 0; i < Math.min(ring.size(), 6); i++) {
            OutChunk c = ring.get(i);
            b.append(" [").append(c.tsn).append(c.sent ? " sent" : "").append(c.acked ? " acked" : "").append(c.abandoned ? " abandoned" : "")
                    .append(c.marked ? " marked" : "").append(c.inFlight ? " inflight" : "").append(" tx=").append(c.txCount)
                    .append(" s=").append(c.msg.stream.id).append(']');
        }
        return b.toString();
    }

    /** Sends INIT (the active open). WebRTC peers both call this; simultaneous open is handled. */
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
        emitPacket(0, List.of(ourInit), false);
        t1 = now + rto;
    }

    /**
     * Queues a message on a stream. The array is handed over (not copied): do not modify it afterwards.
     * When the send buffer cannot take the message this throws {@link SendBufferFullException} and
     * changes nothing (the association goes on); an application that may outpace the peer uses
     * {@link #trySend} instead, or keeps {@link #bufferedAmount()} bounded.
     *
     * @throws IllegalArgumentException for an empty message, one larger than the max message size, or
     *                                  a stream the peer does not have
     * @throws SendBufferFullException  when the send buffer is full (an {@link IllegalStateException})
     * @throws IllegalStateException    when the association cannot send (closed, shutting down, stream being reset)
     */
    public void send(long now, int stream, long ppid, byte[] data, SendOptions options) {
        if (!trySend(now, stream, ppid, data, options)) {
            throw new SendBufferFullException("send buffer full: " + sendBufferUsed + " bytes in "
                    + (sendCharge - sendBufferUsed) / MESSAGE_OVERHEAD + " messages buffered, limit " + cfg.sendBuffer()
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
        OutStream st = outStream(stream);
        if (st.resetPending) {
            throw new IllegalStateException("stream " + stream + " is being reset");
        }
        long need = data.length + MESSAGE_OVERHEAD;
        if (sendCharge > 0 && sendCharge + need > cfg.sendBuffer()) {
            long at = Math.min(cfg.sendBuffer() / 2, Math.max(0, cfg.sendBuffer() - need));
            sendAvailableAt = sendRefused ? Math.min(sendAvailableAt, at) : at;
            sendRefused = true;
            return false;
        }
        enqueue(now, st, ppid, data, options);
        return true;
    }

    /**
     * Queues a small protocol message (data channels use it for DCEP) that must not wait for the
     * application's data: never refused for a full send buffer (it is still counted in it) and never
     * throws; {@code false} when the association cannot send it at all (closed, shutting down, no
     * such stream, stream being reset, empty or too large).
     */
    public boolean sendControlMessage(long now, int stream, long ppid, byte[] data, SendOptions options) {
        lastNow = Math.max(lastNow, now);
        if (finished || state.ordinal() >= State.SHUTDOWN_PENDING.ordinal() || data.length == 0 || data.length > cfg.maxMessageSize()
                || stream < 0 || stream > 0xffff || (state == State.ESTABLISHED && stream >= outStreams)) {
            return false;
        }
        OutStream st = outStream(stream);
        if (st.resetPending) return false;
        enqueue(now, st, ppid, data, options);
        return true;
    }

    private void enqueue(long now, OutStream st, long ppid, byte[] data, SendOptions options) {
        OutMessage m = new OutMessage(st, options.unordered(), ppid, data, options.maxRetransmits(),
                options.lifetimeNanos() < 0 ? NONE : now + options.lifetimeNanos());
        st.queue.add(m);
        st.buffered += data.length;
        sendBufferUsed += data.length;
        sendCharge += data.length + MESSAGE_OVERHEAD;
        if (!st.inReady) {
            st.inReady = true;
            ready.add(st);
        }
    }

    /** Bytes queued or sent and not yet acknowledged on a stream (a data channel's bufferedAmount). */
    public long bufferedAmount(int stream) {
        OutStream st = outStreamMap.get(stream);
        return st == null ? 0 : st.buffered;
    }

    /** Bytes queued or unacknowledged on all streams. */
    public long bufferedAmount() {
        return sendBufferUsed;
    }

    /** A {@link SctpEvent.BufferedAmountLow} is reported when the stream's buffered amount falls to this. */
    public void setBufferedAmountLowThreshold(int stream, long threshold) {
        outStream(stream).lowThreshold = threshold;
    }

    /**
     * Resets outgoing streams (RFC 6525): after everything queued on them has been sent, the peer is
     * asked to reset its incoming side. {@link SctpEvent.OutgoingStreamsReset} reports completion.
     */
    public void resetStreams(long now, int... streams) {
        lastNow = Math.max(lastNow, now);
        for (int s : streams) {
            OutStream st = outStream(s);
            st.resetPending = true;
            pendingResets.add(s);
        }
    }

    /** Starts the graceful SHUTDOWN: queued data is delivered first, then {@link SctpEvent.Closed}. */
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

    /** Sends ABORT with a user-initiated cause and closes at once. */
    public void abort(long now, String reason) {
        lastNow = Math.max(lastNow, now);
        if (finished) return;
        if (state != State.CLOSED && state != State.COOKIE_WAIT) {
            log("→ ABORT (%s)", reason);
            emitPacket(peerTag, List.of(new Chunk.Abort(false, List.of(ErrorCause.text(ErrorCause.USER_INITIATED_ABORT, reason)))), true);
        }
        terminate(new SctpEvent.Aborted(false, reason));
    }

    // ------------------------------------------------------------------------------------------------
    // Engine

    /** Handles one SCTP packet. Malformed or misdirected packets are dropped and counted, never thrown. */
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
                emitPacket(p.verificationTag(), List.of(new Chunk.ShutdownComplete(true)), false);
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
            if (t3 <= now) onT3(now);
            if (delayedAck <= now) {
                delayedAck = NONE;
                sackNeeded = true;
            }
            if (reconfigAt <= now) {
                reconfigAt = NONE;
                if (reconfigOutstanding != null) {
                    control.add(new Chunk.ReConfig(List.of(reconfigOutstanding)));
                    reconfigAt = now + rto;
                }
            }
            if (heartbeatAt <= now) onHeartbeatTimer(now);
        } catch (RuntimeException e) {
            internalErrors++;
            EngineErrors.caught(LOG, "SCTP", "handleTimeout", e, rethrowInternalErrors);
        }
    }

    @Override
    public byte[] pollTransmit() {
        if (transmits.isEmpty() && !finished) {
            try {
                flush(lastNow);
            } catch (RuntimeException e) {
                internalErrors++;
                EngineErrors.caught(LOG, "SCTP", "pollTransmit", e, rethrowInternalErrors);
            }
        }
        return transmits.poll();
    }

    /**
     * The next event. Received messages (and the events ordered with them) come out only while the
     * receiver is not paused ({@link #setReceivePaused}); a message stops counting against our
     * receive window when it is returned here.
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
        rxHeld -= len + FRAG_OVERHEAD;
        messagesDelivered++;
        bytesDelivered += len;
        // RFC 9260 §6.2: update the window as the application consumes, but (SWS avoidance) only once it
        // grew by an MTU, and only from a small advertised window (from a large one the peer is not
        // blocked: its data keeps coming, and every SACK for it carries the window)
        if (!finished && lastAdvertisedRwnd < cfg.receiveBuffer() / 2 && canReceiveData()
                && advertisedRwnd() - lastAdvertisedRwnd >= Math.min(cfg.mtu(), cfg.receiveBuffer() / 2)) {
            sackNeeded = true;
            delayedAck = lastNow; // due now, so a caller that already drained pollTransmit() sends it
        }
    }

    @Override
    public long pollTimeout() {
        if (finished) return NONE;
        if (resumed) return lastNow; // messages to hand over since a resume: come back and poll
        long t = Math.min(Math.min(t1, t2), Math.min(t3, delayedAck));
        return Math.min(t, Math.min(reconfigAt, heartbeatAt));
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
                onData(now, d);
            } else if (c instanceof Chunk.IData d) {
                hadData = true;
                onIData(now, d);
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
                onHeartbeatAck(now, ha);
            } else if (c instanceof Chunk.Abort a) {
                String why = a.causes().isEmpty() ? "no cause given" : a.causes().get(0).describe();
                log("← ABORT (%s)", why);
                terminate(new SctpEvent.Aborted(true, why));
                return;
            } else if (c instanceof Chunk.Shutdown s) {
                onShutdown(now, s);
            } else if (c instanceof Chunk.ShutdownAck) {
                onShutdownAck(now);
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
                onForwardTsn(now, f);
            } else if (c instanceof Chunk.IForwardTsn f) {
                hadData = true;
                onIForwardTsn(now, f);
            } else if (c instanceof Chunk.ReConfig r) {
                onReConfig(now, r);
            } else if (c instanceof Chunk.Unknown u) {
                int action = u.type() >>> 6;
                if (action == 1 || action == 3) {
                    control.add(new Chunk.Error(List.of(new ErrorCause(ErrorCause.UNRECOGNIZED_CHUNK_TYPE, u.raw()))));
                }
                if (action < 2) return;
            }
        }
        if (hadData) afterData(now);
    }

    private void afterData(long now) {
        if (deferredPeerReset != null && Wire.tsnCompare(cumTsnRecv, deferredPeerReset.lastTsn()) >= 0) {
            Param.OutgoingSsnReset r = deferredPeerReset;
            deferredPeerReset = null;
            performPeerReset(r);
        }
        packetsUnacked++;
        if (sackNow || packetsUnacked >= 2 || state.ordinal() >= State.SHUTDOWN_PENDING.ordinal()) {
            sackNeeded = true;
            delayedAck = NONE;
        } else if (delayedAck == NONE) {
            delayedAck = now + cfg.delayedAckNanos();
        }
        sackNow = false;
    }

    // ------------------------------------------------------------------------------------------------
    // Handshake

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
        Bytes cookie = makeCookie(now, tag, tsn, init.initiateTag(), init.initialTsn(), init.aRwnd(),
                init.outboundStreams(), init.inboundStreams(), features(init.params()));
        List<Param> ps = new ArrayList<>();
        ps.add(new Param.StateCookie(cookie));
        ps.addAll(ourParams());
        ps.addAll(unrecognized(init.params()));
        log("→ INIT-ACK tag=%08x initial TSN=%d with a %d-byte signed state cookie (no state kept)", tag, tsn, cookie.length());
        emitPacket(init.initiateTag(), List.of(new Chunk.InitAck(tag, cfg.receiveBuffer(), cfg.streams(), cfg.streams(), tsn, ps)), false);
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
        t1 = now + rto;
    }

    private boolean onCookieEcho(long now, Chunk.CookieEcho ce, long vtag) {
        byte[] c = ce.cookie().toByteArray();
        if (c.length != COOKIE_LENGTH || !MessageDigest.isEqual(hmac(c), Arrays.copyOfRange(c, 36, 68))) {
            badTag++;
            LOG.log(System.Logger.Level.DEBUG, "[SCTP] COOKIE-ECHO with a bad signature dropped");
            return false;
        }
        long made = longAt(c, 0);
        long tag = Wire.u32(c, 8);
        if (now - made > COOKIE_LIFETIME || now - made < -COOKIE_LIFETIME) {
            control.add(new Chunk.Error(List.of(new ErrorCause(ErrorCause.STALE_COOKIE, Bytes.of(new byte[4])))));
            return false;
        }
        if (vtag != tag) {
            badTag++;
            return false;
        }
        long peerT = Wire.u32(c, 16);
        if (state == State.CLOSED || ((state == State.COOKIE_WAIT || state == State.COOKIE_ECHOED) && tag == myTag)) {
            if (state == State.CLOSED && finished) return false;
            myTag = tag;
            myInitialTsn = Wire.u32(c, 12);
            adoptPeer(peerT, Wire.u32(c, 20), Wire.u32(c, 24), Wire.u16(c, 28), Wire.u16(c, 30), c[32]);
            log("← COOKIE-ECHO: cookie verified, association created");
            control.add(new Chunk.CookieAck());
            log("→ COOKIE-ACK");
            establish(now);
            return true;
        }
        if (tag == myTag && peerT == peerTag) {
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
        peerRwnd = rwnd;
        peerARwnd = rwnd;
        outStreams = Math.min(cfg.streams(), mis);
        inStreams = Math.min(cfg.streams(), os);
        peerForwardTsn = (features & F_FWD) != 0;
        peerReconfig = (features & F_RECONFIG) != 0;
        interleaving = cfg.interleaving() && (features & F_IDATA) != 0;
        sendZeroChecksum = cfg.zeroChecksum() && (features & F_ZERO) != 0;
    }

    private void establish(long now) {
        state = State.ESTABLISHED;
        t1 = NONE;
        ourCookieEcho = null;
        nextTsn = myInitialTsn;
        cumAckRecv = (myInitialTsn - 1) & M32;
        cumTsnRecv = (peerInitialTsn - 1) & M32;
        highestTsnRecv = cumTsnRecv;
        int mtu = cfg.mtu();
        cwnd = Math.min(4L * mtu, Math.max(2L * mtu, 4404));
        ssthresh = Math.max(peerRwnd, 4L * mtu);
        myReconfigSeq = myInitialTsn;
        peerReconfigExpected = peerInitialTsn;
        if (cfg.heartbeatIntervalNanos() > 0) heartbeatAt = now + cfg.heartbeatIntervalNanos();
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
        rto = Math.min(rto * 2, cfg.rtoMaxNanos());
        if (state == State.COOKIE_WAIT) {
            log("T1-init expired: → INIT again (%d)", t1Count);
            emitPacket(0, List.of(ourInit), false);
        } else {
            log("T1-cookie expired: → COOKIE-ECHO again (%d)", t1Count);
            control.add(ourCookieEcho);
        }
        t1 = now + rto;
    }

    private Bytes makeCookie(long now, long tag, long tsn, long peerT, long peerTsn, long peerRwndV, int os, int mis, int features) {
        byte[] c = new byte[COOKIE_LENGTH];
        for (int i = 0; i < 8; i++) c[i] = (byte) (now >>> (56 - 8 * i));
        Wire.put32(c, 8, tag);
        Wire.put32(c, 12, tsn);
        Wire.put32(c, 16, peerT);
        Wire.put32(c, 20, peerTsn);
        Wire.put32(c, 24, peerRwndV);
        Wire.put16(c, 28, os);
        Wire.put16(c, 30, mis);
        c[32] = (byte) features;
        System.arraycopy(hmac(c), 0, c, 36, 32);
        return Bytes.wrap(c);
    }

    private byte[] hmac(byte[] cookie) {
        mac.update(cookie, 0, 36);
        return mac.doFinal();
    }

    private static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }

    private long nonZeroTag() {
        long t;
        do {
            t = cfg.random().nextLong() & M32;
        } while (t == 0);
        return t;
    }

    // ------------------------------------------------------------------------------------------------
    // Receiving data

    private boolean canReceiveData() {
        return state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING || state == State.SHUTDOWN_SENT;
    }

    /** Accepts a TSN into the receive window; false when it is a duplicate or must be dropped. */
    private boolean acceptTsn(long tsn, int len, boolean needsFragSlot) {
        long d = (tsn - cumTsnRecv) & M32;
        if (d == 0 || d > 0x7fffffffL || seen(tsn) && d <= RX_WINDOW) {
            duplicateTsns++;
            if (dups.size() < MAX_DUPS) dups.add(tsn);
            sackNow = true;
            return false;
        }
        if (d > RX_WINDOW) {
            droppedChunks++;
            sackNow = true;
            return false;
        }
        long charge = len + FRAG_OVERHEAD;
        if (rxBuffered + rxHeld + charge > cfg.receiveBuffer()) {
            // Beyond the window (RFC 9260 §6.2): dropped, and a SACK at once with the window as it is.
            // The one exception is the chunk at cumulative TSN + 1 when the buffer is full of data
            // waiting for reassembly or ordering, which only that chunk may complete (so those queues
            // can always drain); not when the application has messages to take: taking them is what
            // reopens the window (a zero window probe is dropped then).
            if (d != 1 || rxBuffered == 0 || rxHeld > 0) {
                droppedChunks++;
                droppedOverWindow++;
                sackNow = true;
                return false;
            }
            if (rxBuffered + charge > 2L * cfg.receiveBuffer()) {
                protocolAbort("receive buffer exhausted by messages that never complete");
                return false;
            }
        }
        if (needsFragSlot) {
            RxFrag slot = frags[(int) (tsn & (frags.length - 1))];
            while (slot != null && slot.tsn != tsn && frags.length < FRAG_SLOTS) {
                growFrags();
                slot = frags[(int) (tsn & (frags.length - 1))];
            }
            if (slot != null && slot.tsn != tsn) {
                droppedChunks++;
                sackNow = true;
                return false;
            }
        }
        markSeen(tsn);
        if (Wire.tsnCompare(tsn, highestTsnRecv) > 0) highestTsnRecv = tsn;
        if (d != 1) sackNow = true;
        while (seen(cumTsnRecv + 1)) {
            cumTsnRecv = (cumTsnRecv + 1) & M32;
            unmarkSeen(cumTsnRecv);
        }
        if (Wire.tsnCompare(highestTsnRecv, cumTsnRecv) > 0) sackNow = true;
        return true;
    }

    private void onData(long now, Chunk.Data d) {
        if (!canReceiveData() || interleaving) {
            if (interleaving) protocolAbort("DATA chunk received although I-DATA was negotiated");
            return;
        }
        int len = d.payload().length();
        if (len == 0) {
            droppedChunks++;
            return;
        }
        if (d.immediate()) sackNow = true;
        boolean whole = d.beginning() && d.ending();
        long highestBefore = highestTsnRecv;
        if (!acceptTsn(d.tsn(), len, !whole)) return;
        if (d.streamId() >= inStreams) {
            control.add(new Chunk.Error(List.of(new ErrorCause(ErrorCause.INVALID_STREAM_IDENTIFIER,
                    Bytes.of((byte) (d.streamId() >>> 8), (byte) d.streamId(), (byte) 0, (byte) 0)))));
            return;
        }
        if (whole) {
            messageComplete(d.streamId(), d.unordered(), d.ssn(), d.ppid(), d.payload().toByteArray());
            return;
        }
        RxFrag f = new RxFrag(d.tsn(), d.streamId(), d.ssn(), d.unordered(), d.beginning(), d.ending(), d.ppid(), d.payload());
        frags[(int) (d.tsn() & (frags.length - 1))] = f;
        rxBuffered += len + FRAG_OVERHEAD;
        if (d.ending() || Wire.tsnCompare(d.tsn(), highestBefore) < 0) tryReassemble(f);
    }

    private RxFrag frag(long tsn) {
        RxFrag f = frags[(int) (tsn & (frags.length - 1))];
        return f != null && f.tsn == tsn ? f : null;
    }

    /** Slots in the fragment table now (64 until fragments of several messages overlap; tests). */
    int fragmentSlots() {
        return frags.length;
    }

    /** Doubles the fragment table; entries in distinct slots stay distinct (same TSN bits, one more). */
    private void growFrags() {
        RxFrag[] bigger = new RxFrag[frags.length * 2];
        for (RxFrag x : frags) {
            if (x != null) {
                bigger[(int) (x.tsn & (bigger.length - 1))] = x;
            }
        }
        frags = bigger;
    }

    private boolean seen(long tsn) {
        int bit = (int) (tsn & (RX_WINDOW - 1));
        return (rxSeen[bit >>> 6] & (1L << bit)) != 0;
    }

    private void markSeen(long tsn) {
        int bit = (int) (tsn & (RX_WINDOW - 1));
        rxSeen[bit >>> 6] |= 1L << bit;
    }

    private void unmarkSeen(long tsn) {
        int bit = (int) (tsn & (RX_WINDOW - 1));
        rxSeen[bit >>> 6] &= ~(1L << bit);
    }

    private void tryReassemble(RxFrag at) {
        RxFrag f = at;
        long start = at.tsn;
        int n = 1;
        while (!f.begin) {
            RxFrag p = frag((f.tsn - 1) & M32);
            if (p == null || p.stream != at.stream || p.unordered != at.unordered || p.end || ++n > FRAG_SLOTS / 2) return;
            f = p;
            start = p.tsn;
        }
        RxFrag first = f;
        f = at;
        long end = at.tsn;
        while (!f.end) {
            RxFrag nx = frag((f.tsn + 1) & M32);
            if (nx == null || nx.stream != at.stream || nx.unordered != at.unordered || nx.begin || ++n > FRAG_SLOTS / 2) return;
            f = nx;
            end = nx.tsn;
        }
        long total = 0;
        for (long t = start; ; t = (t + 1) & M32) {
            total += frag(t).data.length();
            if (t == end) break;
        }
        byte[] msg = total <= cfg.maxMessageSize() ? new byte[(int) total] : null;
        int off = 0;
        for (long t = start; ; t = (t + 1) & M32) {
            int slot = (int) (t & (frags.length - 1));
            RxFrag x = frags[slot];
            if (msg != null) {
                off = x.data.copyTo(msg, off);
            }
            rxBuffered -= x.data.length() + FRAG_OVERHEAD;
            frags[slot] = null;
            if (t == end) break;
        }
        if (msg == null) {
            inbox.add(new SctpEvent.MessageTooLarge(at.stream, total, cfg.maxMessageSize()));
            if (!at.unordered) orderedSkip(inStream(at.stream), first.ssn);
            return;
        }
        messageComplete(at.stream, at.unordered, first.ssn, first.ppid, msg);
    }

    /**
     * A whole message has arrived (DATA or I-DATA): unordered ones go up at once, ordered ones when
     * their sequence number (SSN, or MID with I-DATA) is the next one the stream expects.
     */
    private void messageComplete(int stream, boolean unordered, long seq, long ppid, byte[] data) {
        if (unordered) {
            deliver(stream, ppid, data, true);
            return;
        }
        InStream s = inStream(stream);
        int c = s.ordered.compareToNext(seq);
        if (c < 0) return; // older than what we delivered (after a FORWARD-TSN): drop
        if (c == 0) {
            deliver(stream, ppid, data, false);
            s.ordered.advance();
            drainOrdered(s);
        } else {
            s.ordered.pending.put(seq, new RxMessage(ppid, data));
            rxBuffered += data.length + FRAG_OVERHEAD;
        }
    }

    /** An ordered message that will never be delivered (too large): its place in the sequence is passed over. */
    private void orderedSkip(InStream s, long seq) {
        if (s.ordered.compareToNext(seq) == 0) {
            s.ordered.advance();
            drainOrdered(s);
        } else {
            s.ordered.pending.put(seq, new RxMessage(0, null));
        }
    }

    private void drainOrdered(InStream s) {
        OrderedQueue q = s.ordered;
        RxMessage m;
        while ((m = q.pending.remove(q.next)) != null) {
            if (m.data != null) {
                rxBuffered -= m.data.length + FRAG_OVERHEAD;
                deliver(s.id, m.ppid, m.data, false);
            }
            q.advance();
        }
    }

    /**
     * FORWARD-TSN / I-FORWARD-TSN: the sender abandoned this stream's messages up to {@code seq}.
     * Deliver what completed before it, then move past it.
     */
    private void skipThrough(InStream s, long seq) {
        OrderedQueue q = s.ordered;
        if (q.compareToNext(seq) < 0) return;
        while (q.compareToNext(seq) >= 0) {
            RxMessage m = q.pending.remove(q.next);
            if (m != null && m.data != null) {
                rxBuffered -= m.data.length + FRAG_OVERHEAD;
                deliver(s.id, m.ppid, m.data, false);
            }
            q.advance();
        }
        drainOrdered(s);
    }

    /** A complete message, in delivery order: to the inbox, where it counts against the window until taken. */
    private void deliver(int stream, long ppid, byte[] data, boolean unordered) {
        rxHeld += data.length + FRAG_OVERHEAD;
        inbox.add(new SctpEvent.Message(stream, ppid, data, unordered));
    }

    private void onIData(long now, Chunk.IData d) {
        if (!canReceiveData() || !interleaving) {
            if (!interleaving && canReceiveData()) protocolAbort("I-DATA chunk received although it was not negotiated");
            return;
        }
        int len = d.payload().length();
        if (len == 0) {
            droppedChunks++;
            return;
        }
        if (d.immediate()) sackNow = true;
        if (!acceptTsn(d.tsn(), len, false)) return;
        if (d.streamId() >= inStreams) return;
        InStream s = inStream(d.streamId());
        if (d.beginning() && d.ending()) {
            messageComplete(s.id, d.unordered(), d.mid(), d.ppid(), d.payload().toByteArray());
            return;
        }
        if (!d.unordered() && s.ordered.compareToNext(d.mid()) < 0) return; // already skipped
        Map<Long, Partial> map = d.unordered() ? s.partialUnordered : s.partialOrdered;
        Partial p = map.get(d.mid());
        if (p == null) {
            p = new Partial();
            map.put(d.mid(), p);
        }
        if (d.beginning()) p.ppid = d.ppid();
        if (d.ending()) p.lastFsn = d.fsn();
        p.count++;
        rxBuffered += FRAG_OVERHEAD;
        if (!p.discarding) {
            p.frags.put(d.fsn(), d.payload().toByteArray());
            p.bytes += len;
            rxBuffered += len;
            if (p.bytes > cfg.maxMessageSize()) {
                inbox.add(new SctpEvent.MessageTooLarge(d.streamId(), p.bytes, cfg.maxMessageSize()));
                rxBuffered -= p.bytes;
                p.frags.clear();
                p.discarding = true;
            }
        }
        if (p.lastFsn >= 0 && p.count == p.lastFsn + 1) {
            map.remove(d.mid());
            rxBuffered -= p.count * FRAG_OVERHEAD;
            if (p.discarding) {
                if (!d.unordered()) orderedSkip(s, d.mid());
                return;
            }
            rxBuffered -= p.bytes;
            byte[] msg = new byte[(int) p.bytes];
            int off = 0;
            for (byte[] part : p.frags.values()) {
                System.arraycopy(part, 0, msg, off, part.length);
                off += part.length;
            }
            messageComplete(s.id, d.unordered(), d.mid(), p.ppid, msg);
        }
    }

    private boolean moveCumulative(long newCum) {
        long d = (newCum - cumTsnRecv) & M32;
        if (d == 0 || d > 0x7fffffffL) {
            sackNow = true;
            return false;
        }
        if (d >= RX_WINDOW) {
            Arrays.fill(rxSeen, 0L);
        } else {
            for (long i = 1; i <= d; i++) unmarkSeen(cumTsnRecv + i);
        }
        cumTsnRecv = newCum;
        if (Wire.tsnCompare(highestTsnRecv, cumTsnRecv) < 0) highestTsnRecv = cumTsnRecv;
        while (seen(cumTsnRecv + 1)) {
            cumTsnRecv = (cumTsnRecv + 1) & M32;
            unmarkSeen(cumTsnRecv);
        }
        sackNow = true;
        return true;
    }

    private void onForwardTsn(long now, Chunk.ForwardTsn f) {
        if (!canReceiveData() || interleaving) return;
        if (!moveCumulative(f.newCumTsn())) return;
        // Drop fragments of abandoned messages.
        for (int i = 0; i < frags.length; i++) {
            RxFrag x = frags[i];
            if (x != null && Wire.tsnCompare(x.tsn, f.newCumTsn()) <= 0) {
                rxBuffered -= x.data.length() + FRAG_OVERHEAD;
                frags[i] = null;
            }
        }
        for (Chunk.StreamSsn e : f.streams()) {
            if (e.streamId() >= inStreams) continue;
            skipThrough(inStream(e.streamId()), e.ssn());
        }
    }

    private void onIForwardTsn(long now, Chunk.IForwardTsn f) {
        if (!canReceiveData() || !interleaving) return;
        if (!moveCumulative(f.newCumTsn())) return;
        for (Chunk.StreamMid e : f.streams()) {
            if (e.streamId() >= inStreams) continue;
            InStream s = inStream(e.streamId());
            Map<Long, Partial> map = e.unordered() ? s.partialUnordered : s.partialOrdered;
            for (Iterator<Map.Entry<Long, Partial>> it = map.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, Partial> en = it.next();
                if (Wire.tsnCompare(en.getKey(), e.mid()) <= 0) {
                    Partial p = en.getValue();
                    rxBuffered -= p.bytes + p.count * FRAG_OVERHEAD;
                    if (p.discarding) rxBuffered += p.bytes;
                    it.remove();
                }
            }
            if (!e.unordered()) skipThrough(s, e.mid());
        }
    }

    private InStream inStream(int id) {
        InStream s = inStreamMap.get(id);
        if (s == null) {
            s = new InStream(id, interleaving ? M32 : 0xffff);
            inStreamMap.put(id, s);
        }
        return s;
    }

    /**
     * Our a_rwnd: the receive buffer minus what reassembly, ordering and the application hold (each
     * message and fragment charged FRAG_OVERHEAD on top of its payload; our sender debits as much per
     * chunk from the peer's window, see CHUNK_DEBIT). Receiver silly window syndrome avoidance (RFC
     * 9260 §6.2, RFC 1122 §4.2.3.3): less than an MTU (or half the buffer) is advertised as 0, so the
     * window reopens in steps worth a full packet; chunks that do fit are still taken.
     */
    private long advertisedRwnd() {
        long free = cfg.receiveBuffer() - rxBuffered - rxHeld;
        return free < Math.min(cfg.mtu(), cfg.receiveBuffer() / 2) ? 0 : free;
    }

    private Chunk.Sack buildSack() {
        List<Chunk.GapBlock> gaps = new ArrayList<>();
        long span = (highestTsnRecv - cumTsnRecv) & M32;
        if (span > 0 && span <= RX_WINDOW) {
            int start = -1;
            for (int off = 1; off <= span && gaps.size() < MAX_GAP_BLOCKS; off++) {
                boolean seen = seen(cumTsnRecv + off);
                if (seen && start < 0) start = off;
                if (!seen && start >= 0) {
                    gaps.add(new Chunk.GapBlock(start, off - 1));
                    start = -1;
                }
            }
            if (start >= 0 && gaps.size() < MAX_GAP_BLOCKS) gaps.add(new Chunk.GapBlock(start, (int) span));
        }
        long rwnd = advertisedRwnd();
        if (rwnd >= lastAdvertisedRwnd + cfg.mtu() && lastAdvertisedRwnd < cfg.receiveBuffer() / 2) windowUpdates++;
        lastAdvertisedRwnd = rwnd;
        Chunk.Sack s = new Chunk.Sack(cumTsnRecv, rwnd, gaps, dups);
        dups.clear();
        return s;
    }

    // ------------------------------------------------------------------------------------------------
    // Sending data, SACK processing, retransmission, congestion control

    private OutStream outStream(int id) {
        OutStream s = outStreamMap.get(id);
        if (s == null) {
            s = new OutStream(id);
            outStreamMap.put(id, s);
        }
        return s;
    }

    private int maxPayload() {
        return cfg.mtu() - SctpPacket.HEADER_LENGTH - (interleaving ? 20 : 16);
    }

    /** Assigns TSNs to more queued data; false when nothing is queued. */
    private boolean produce(long now) {
        while (true) {
            OutStream st = ready.poll();
            if (st == null) return false;
            st.inReady = false;
            OutMessage m = st.queue.peek();
            if (m == null) continue;
            if (m.offset == 0 && (m.expiresAt <= now || m.stream.id >= outStreams)) {
                // expired (PR-SCTP lifetime) or invalid before a TSN was assigned: drop silently
                st.queue.poll();
                if (m.expiresAt <= now) abandonedMessages++;
                release(m, m.data.length);
                requeue(st);
                continue;
            }
            int max = maxPayload();
            if (!interleaving) {
                st.queue.poll();
                int ssn = 0;
                if (!m.unordered) {
                    ssn = st.nextSsn;
                    st.nextSsn = (st.nextSsn + 1) & 0xffff;
                }
                m.ssnOrMid = ssn;
                m.firstTsn = nextTsn;
                int len = m.data.length;
                for (int off = 0; off < len; off += max) {
                    int n = Math.min(max, len - off);
                    Chunk.Data d = new Chunk.Data(false, m.unordered, off == 0, off + n == len, nextTsn, st.id, ssn, m.ppid,
                            Bytes.of(m.data, off, n));
                    ring.add(new OutChunk(nextTsn, d, n, m));
                    m.lastTsn = nextTsn;
                    nextTsn = (nextTsn + 1) & M32;
                }
                m.offset = len;
                m.data = null;
                requeue(st);
                return true;
            }
            if (m.offset == 0) {
                if (m.unordered) {
                    m.ssnOrMid = st.nextUMid;
                    st.nextUMid = (st.nextUMid + 1) & M32;
                } else {
                    m.ssnOrMid = st.nextMid;
                    st.nextMid = (st.nextMid + 1) & M32;
                }
                m.firstTsn = nextTsn;
            }
            int n = Math.min(max, m.data.length - m.offset);
            boolean b = m.offset == 0;
            boolean e = m.offset + n == m.data.length;
            Chunk.IData d = new Chunk.IData(false, m.unordered, b, e, nextTsn, st.id, m.ssnOrMid, b ? m.ppid : 0,
                    b ? 0 : m.fsn, Bytes.of(m.data, m.offset, n));
            ring.add(new OutChunk(nextTsn, d, n, m));
            m.lastTsn = nextTsn;
            nextTsn = (nextTsn + 1) & M32;
            m.fsn++;
            m.offset += n;
            if (e) {
                st.queue.poll();
                m.data = null;
            }
            requeue(st);
            return true;
        }
    }

    private void requeue(OutStream st) {
        if (!st.queue.isEmpty() && !st.inReady) {
            st.inReady = true;
            ready.add(st);
        }
    }

    private void release(OutMessage m, long bytes) {
        OutStream st = m.stream;
        long before = st.buffered;
        st.buffered -= bytes;
        sendBufferUsed -= bytes;
        m.remaining -= bytes;
        if (m.remaining == 0) sendCharge -= MESSAGE_OVERHEAD;
        sendCharge -= bytes;
        if (before > st.lowThreshold && st.buffered <= st.lowThreshold) {
            events.add(new SctpEvent.BufferedAmountLow(st.id, st.buffered));
        }
        if (sendRefused && sendCharge <= sendAvailableAt) {
            sendRefused = false;
            events.add(new SctpEvent.SendBufferAvailable(sendBufferUsed, cfg.sendBuffer() - sendCharge));
        }
    }

    private void onSack(long now, Chunk.Sack s) {
        if (state.ordinal() < State.ESTABLISHED.ordinal()) return;
        long cum = s.cumTsnAck();
        long d = (cum - cumAckRecv) & M32;
        if (d > 0x7fffffffL) return; // older than what we know
        if (d > ring.size()) {
            LOG.log(System.Logger.Level.DEBUG, "[SCTP] SACK acknowledges TSN {0} that was never sent; ignored", cum);
            return;
        }
        sackSinceT3 = true;
        long flightBefore = flight;
        long bytesAcked = 0;
        long highestNewly = -1;
        for (long k = 0; k < d; k++) {
            OutChunk c = ring.removeFirst();
            leaveFlight(c);
            if (c.marked) {
                c.marked = false;
                rtxCount--;
            }
            if (!c.acked && c.sent) {
                if (!c.abandoned) bytesAcked += c.size;
                highestNewly = c.tsn;
                rttCheck(now, c);
            }
            release(c.msg, c.size);
        }
        firstUnsent = (int) Math.max(0, firstUnsent - d);
        cumAckRecv = cum;
        boolean cumAdvanced = d > 0;
        boolean wasClosed = windowClosed(peerARwnd);
        peerARwnd = s.aRwnd();
        boolean closed = windowClosed(peerARwnd);
        // RFC 9260 §6.1 A: while the peer keeps answering with a closed window, unacknowledged zero
        // window probes are no sign of a dead peer (it may keep its window closed indefinitely)
        if (cumAdvanced || closed) errorCount = 0;
        if (cumAdvanced) {
            // ADAPTIVE: forward progress ends the exponential backoff (as Linux does), even when no
            // new RTT sample comes (PR-SCTP recovery with FORWARD-TSN sends no new data to measure)
            if (srtt > 0 && cfg.congestionControl() == SctpConfig.CongestionControl.ADAPTIVE) rto = Math.min(Math.max(srtt + 4 * rttvar, cfg.rtoMinNanos()), cfg.rtoMaxNanos());
        }
        for (Chunk.GapBlock g : s.gaps()) {
            if (g.start() == 0 || g.start() > g.end()) continue;
            for (int off = g.start(); off <= g.end(); off++) {
                int idx = off - 1;
                if (idx >= firstUnsent) break;
                OutChunk c = ring.get(idx);
                if (c.acked) continue;
                c.acked = true;
                leaveFlight(c);
                if (c.marked) {
                    c.marked = false;
                    rtxCount--;
                }
                if (!c.abandoned) bytesAcked += c.size;
                if (highestNewly < 0 || Wire.tsnCompare(c.tsn, highestNewly) > 0) highestNewly = c.tsn;
                rttCheck(now, c);
            }
        }
        // Loss detection by miss indications (RFC 9260 §7.2.4).
        int newlyMarked = 0;
        if (!s.gaps().isEmpty() && highestNewly >= 0) {
            int hIdx = (int) ((highestNewly - cumAckRecv - 1) & M32);
            boolean adaptive = cfg.congestionControl() == SctpConfig.CongestionControl.ADAPTIVE;
            for (int idx = 0; idx < hIdx && idx < firstUnsent; idx++) {
                OutChunk c = ring.get(idx);
                if (c.acked || c.abandoned || c.marked || !c.sent) continue;
                if (c.txCount > 1) {
                    if (!adaptive && c.fastRetransmitted) continue; // RFC 9260: fast retransmit at most once
                    // only chunks sent after the retransmission tell that the retransmission was lost
                    if (Wire.tsnCompare(highestNewly, c.fence) <= 0) continue;
                }
                // ADAPTIVE also waits a quarter of the minimum RTT past one RTT since the chunk left
                // (RACK's reordering window), so a packet overtaken by a few others is not resent
                if (++c.misses >= 3 && (!adaptive || minRtt == Long.MAX_VALUE || now - c.sentAt >= minRtt + minRtt / 4)) {
                    if (markForRetransmit(now, c, true)) newlyMarked++;
                }
            }
        }
        boolean adaptive = cfg.congestionControl() == SctpConfig.CongestionControl.ADAPTIVE;
        // ADAPTIVE (after TCP Veno): the bytes queued in the network are cwnd * (RTT - minRTT) / RTT.
        // Under three MTUs, no queue is building: a loss is taken as random, not as congestion.
        boolean randomLoss = adaptive && lastRtt > 0 && cwnd * (lastRtt - minRtt) / lastRtt < 3L * cfg.mtu();
        if (newlyMarked > 0) {
            if (!inFastRecovery) {
                double beta = !adaptive ? 0.5 : randomLoss ? 0.85 : 0.5;
                ssthresh = Math.max((long) (cwnd * beta), 4L * cfg.mtu());
                cwnd = ssthresh;
                pba = 0;
                inFastRecovery = true;
                recoverTsn = firstUnsent == 0 ? cumAckRecv : ring.get(firstUnsent - 1).tsn;
            }
            fastRtxNow = true;
        }
        if (inFastRecovery && Wire.tsnCompare(cumAckRecv, recoverTsn) >= 0) inFastRecovery = false;
        if (cumAdvanced && bytesAcked > 0 && (!inFastRecovery || randomLoss)) {
            int mtu = cfg.mtu();
            if (cwnd <= ssthresh) {
                if (flightBefore + mtu >= cwnd) cwnd += Math.min(bytesAcked, (adaptive ? 4L : 1L) * mtu);
            } else {
                pba += bytesAcked;
                if (pba >= cwnd && flightBefore + mtu >= cwnd) {
                    pba -= cwnd;
                    cwnd += (randomLoss ? 4L : 1L) * mtu;
                }
            }
            cwnd = Math.min(cwnd, MAX_CWND);
        }
        if (wasClosed && !closed) windowReopened(now);
        peerRwnd = windowLeft();
        if (firstUnsent == 0) {
            t3 = NONE;
        } else if (cumAdvanced) {
            t3 = now + rto;
        }
        checkForwardTsn();
        checkShutdown(now);
    }

    /**
     * Whether an a_rwnd leaves the peer too little room to be worth filling: then chunks it does not
     * acknowledge were most likely dropped for lack of buffer (RFC 9260 §6.2), not lost to congestion.
     */
    private boolean windowClosed(long aRwnd) {
        return aRwnd < 2L * cfg.mtu();
    }

    /**
     * The peer's window opened again (a window update). Chunks sent at least a smoothed round trip
     * ago that it has not acknowledged were dropped while its buffer was full (a zero window probe,
     * the tail of what was in flight when it filled): they are resent first, with no congestion
     * response, instead of being detected later as losses (miss indications behind newer data, or
     * T3-rtx).
     */
    private void windowReopened(long now) {
        long age = srtt > 0 ? srtt : rto; // sent a smoothed RTT ago: its SACK would have come by now
        for (int idx = 0; idx < firstUnsent; idx++) {
            OutChunk c = ring.get(idx);
            if (c.inFlight && !c.acked && !c.abandoned && !c.marked && now - c.sentAt >= age) markForRetransmit(now, c, false);
        }
    }

    private void leaveFlight(OutChunk c) {
        if (!c.inFlight) return;
        flight -= c.size;
        flightChunks--;
        c.inFlight = false;
    }

    /** What the peer's window leaves for more chunks: its a_rwnd minus what is in flight, with CHUNK_DEBIT each. */
    private long windowLeft() {
        return Math.max(0, peerARwnd - flight - (long) CHUNK_DEBIT * flightChunks);
    }

    private void rttCheck(long now, OutChunk c) {
        if (rttPending && c.tsn == rttTsn) {
            rttPending = false;
            // Karn: never from a retransmitted chunk; nor from an abandoned one (acknowledged by FORWARD-TSN)
            if (c.txCount == 1 && !c.abandoned) rttSample(now - rttStart);
        }
    }

    private void rttSample(long r) {
        if (r < 0) return;
        lastRtt = r;
        minRtt = Math.min(minRtt, r);
        if (srtt == 0) {
            srtt = Math.max(r, 1);
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        rto = Math.min(Math.max(srtt + 4 * rttvar, cfg.rtoMinNanos()), cfg.rtoMaxNanos());
    }

    /** Marks a chunk for retransmission, or abandons its message if PR-SCTP says so. */
    private boolean markForRetransmit(long now, OutChunk c, boolean fast) {
        OutMessage m = c.msg;
        if (peerForwardTsn && ((m.maxRetransmits >= 0 && c.txCount > m.maxRetransmits) || m.expiresAt <= now)) {
            abandon(m);
            return false;
        }
        leaveFlight(c);
        c.marked = true;
        c.misses = 0;
        rtxCount++;
        if (fast) {
            c.fastRetransmitted = true;
            fastRetransmits++;
        }
        if (rttPending && rttTsn == c.tsn) rttPending = false;
        return true;
    }

    private void abandon(OutMessage m) {
        if (m.abandoned) return;
        m.abandoned = true;
        abandonedMessages++;
        if (m.firstTsn >= 0) {
            long startIdx = (m.firstTsn - cumAckRecv - 1) & M32;
            long endIdx = (m.lastTsn - cumAckRecv - 1) & M32;
            if (startIdx > 0x7fffffffL) startIdx = 0;
            for (long i = startIdx; i <= endIdx && i < ring.size(); i++) {
                OutChunk c = ring.get((int) i);
                if (c.msg != m) continue;
                c.abandoned = true;
                leaveFlight(c);
                if (c.marked) {
                    c.marked = false;
                    rtxCount--;
                }
            }
        }
        if (m.data != null) { // I-DATA: part of the message has no TSN yet
            m.stream.queue.remove(m);
            release(m, m.data.length - m.offset);
            m.data = null;
        }
    }

    private void checkForwardTsn() {
        if (!peerForwardTsn) return;
        if (ring.size() > 0 && ring.get(0).abandoned) forwardTsnNeeded = true;
    }

    private Chunk buildForwardTsn() {
        int i = 0;
        Map<Integer, Integer> ssns = new LinkedHashMap<>();
        Map<Long, Long> mids = new LinkedHashMap<>();
        while (i < ring.size() && ring.get(i).abandoned) {
            OutChunk c = ring.get(i);
            if (interleaving) {
                mids.put(((long) c.msg.stream.id << 1) | (c.msg.unordered ? 1 : 0), c.msg.ssnOrMid);
            } else if (!c.msg.unordered) {
                ssns.put(c.msg.stream.id, (int) c.msg.ssnOrMid);
            }
            i++;
        }
        if (i == 0) return null;
        if (i > firstUnsent) firstUnsent = i; // abandoned chunks never sent are covered too
        long newCum = (cumAckRecv + i) & M32;
        if (interleaving) {
            List<Chunk.StreamMid> l = new ArrayList<>();
            mids.forEach((k, v) -> l.add(new Chunk.StreamMid((int) (k >>> 1), (k & 1) != 0, v)));
            return new Chunk.IForwardTsn(newCum, l);
        }
        List<Chunk.StreamSsn> l = new ArrayList<>();
        ssns.forEach((k, v) -> l.add(new Chunk.StreamSsn(k, v)));
        return new Chunk.ForwardTsn(newCum, l);
    }

    private void onT3(long now) {
        if (firstUnsent == 0 || !canSendData()) {
            t3 = NONE;
            return;
        }
        t3Expirations++;
        boolean answered = sackSinceT3;
        sackSinceT3 = false;
        boolean zeroWindow = windowClosed(peerARwnd);
        // RFC 9260 §6.1 A: probes of a closed window that the peer keeps answering do not count
        // towards the abort threshold; without an answer for a whole RTO they do (the peer may be gone)
        if (!(zeroWindow && answered) && ++errorCount > cfg.maxRetransmits()) {
            protocolAbort("peer unreachable: " + errorCount + " consecutive retransmission timeouts");
            return;
        }
        if (!zeroWindow) {
            ssthresh = Math.max(cwnd / 2, 4L * cfg.mtu());
            cwnd = cfg.mtu();
            pba = 0;
            inFastRecovery = false;
        }
        // else a closed window, not loss: cwnd and ssthresh stay; the RTO still backs off, so a window
        // that stays closed is probed at most every RTO.Max
        rto = Math.min(rto * 2, cfg.rtoMaxNanos());
        for (int idx = 0; idx < firstUnsent; idx++) {
            OutChunk c = ring.get(idx);
            if (!c.acked && !c.abandoned && !c.marked && c.sent) markForRetransmit(now, c, false);
        }
        // nothing of it is in the network any more: the window left is the peer's last a_rwnd (and
        // with a closed one, sendData() resends one chunk, the zero window probe)
        peerRwnd = windowLeft();
        checkForwardTsn();
        t3 = now + rto;
    }

    private boolean canSendData() {
        return state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING || state == State.SHUTDOWN_RECEIVED;
    }

    // ------------------------------------------------------------------------------------------------
    // Packet assembly

    private byte[] pb;
    private int pbLen;
    private boolean pbCrcRequired;

    private void flush(long now) {
        if (state == State.CLOSED || state == State.COOKIE_WAIT) {
            control.clear();
            return;
        }
        int mtu = cfg.mtu();
        if (pb == null || pb.length < mtu) pb = new byte[mtu];
        pbLen = SctpPacket.HEADER_LENGTH;
        pbCrcRequired = false;
        for (Chunk c; (c = control.poll()) != null; ) {
            if (c instanceof Chunk.CookieEcho) pbCrcRequired = true;
            add(c);
        }
        if (state == State.COOKIE_ECHOED) {
            finishPacket();
            return;
        }
        if (sackNeeded) {
            sackNeeded = false;
            packetsUnacked = 0;
            delayedAck = NONE;
            add(buildSack());
        }
        if (forwardTsnNeeded && canSendData()) {
            forwardTsnNeeded = false;
            Chunk f = buildForwardTsn();
            if (f != null) add(f);
            if (t3 == NONE && firstUnsent > 0) t3 = now + rto;
        }
        maybeSendReconfig(now);
        if (canSendData()) sendData(now);
        finishPacket();
        checkShutdown(now);
        if (pbLen > SctpPacket.HEADER_LENGTH) finishPacket();
    }

    private void sendData(long now) {
        boolean fastBudget = fastRtxNow;
        fastRtxNow = false;
        int packetsAtStart = transmits.size();
        if (rtxCount > 0) {
            for (int idx = 0; idx < firstUnsent && rtxCount > 0; idx++) {
                OutChunk c = ring.get(idx);
                if (!c.marked) continue;
                boolean budget = fastBudget && transmits.size() == packetsAtStart;
                // cwnd; retransmissions may go beyond the peer's window (RFC 9260 §6.1 A limits new
                // data), but not into a closed one: only one chunk then, the zero window probe (the
                // peer would drop the rest). A fast retransmission's one packet ignores both.
                if (!budget && (flight >= cwnd || (flight > 0 && windowClosed(peerARwnd)))) break;
                if (c.msg.expiresAt <= now && peerForwardTsn) {
                    abandon(c.msg);
                    checkForwardTsn();
                    continue;
                }
                if (!fits(c.chunk)) finishPacket();
                add(c.chunk);
                c.marked = false;
                rtxCount--;
                c.txCount++;
                c.sentAt = now;
                c.inFlight = true;
                if (peerRwnd < c.size + CHUNK_DEBIT && flight == 0) zeroWindowProbes++;
                flight += c.size;
                flightChunks++;
                peerRwnd = Math.max(0, peerRwnd - c.size - CHUNK_DEBIT);
                c.fence = ring.get(firstUnsent - 1).tsn;
                retransmissions++;
                if (t3 == NONE) t3 = now + rto;
            }
        }
        if (forwardTsnNeeded) {
            forwardTsnNeeded = false;
            Chunk f = buildForwardTsn();
            if (f != null) {
                if (!fits(f)) finishPacket();
                add(f);
            }
        }
        while (true) {
            if (firstUnsent >= ring.size()) {
                if (!produce(now)) break;
                continue;
            }
            OutChunk c = ring.get(firstUnsent);
            if (c.abandoned) {
                c.sent = true;
                firstUnsent++;
                continue;
            }
            if (c.msg.expiresAt <= now && peerForwardTsn) {
                abandon(c.msg);
                checkForwardTsn();
                continue;
            }
            if (flight >= cwnd) break;
            // RFC 9260 §6.1 A: no new data beyond the peer's window, except one chunk when nothing is
            // in flight (the zero window probe: it finds out when the window opens if the update was lost)
            if (peerRwnd < c.size + CHUNK_DEBIT && flight > 0) break;
            if (peerRwnd < c.size + CHUNK_DEBIT) zeroWindowProbes++;
            if (!fits(c.chunk)) finishPacket();
            add(c.chunk);
            c.sent = true;
            c.txCount = 1;
            c.sentAt = now;
            c.inFlight = true;
            flight += c.size;
            flightChunks++;
            peerRwnd = Math.max(0, peerRwnd - c.size - CHUNK_DEBIT);
            firstUnsent++;
            dataChunksSent++;
            if (!rttPending) {
                rttPending = true;
                rttTsn = c.tsn;
                rttStart = now;
            }
            if (t3 == NONE) t3 = now + rto;
        }
    }

    private boolean fits(Chunk c) {
        return Wire.pad4(pbLen) + c.encodedLength() <= cfg.mtu();
    }

    private void add(Chunk c) {
        if (!fits(c)) finishPacket();
        int len = c.encodedLength();
        if (SctpPacket.HEADER_LENGTH + len > cfg.mtu()) {
            // a control chunk larger than the MTU (a big ERROR): send it alone, unpadded buffer
            finishPacket();
            emitPacket(peerTag, List.of(c), true);
            return;
        }
        pbLen = c.writeTo(pb, Wire.pad4(pbLen));
    }

    private void finishPacket() {
        if (pbLen <= SctpPacket.HEADER_LENGTH) return;
        byte[] p;
        if (pbLen == pb.length) { // a full packet: hand the buffer over instead of copying it
            p = pb;
            pb = new byte[cfg.mtu()];
        } else {
            p = Arrays.copyOf(pb, pbLen);
        }
        Wire.put16(p, 0, cfg.localPort());
        Wire.put16(p, 2, cfg.remotePort());
        Wire.put32(p, 4, peerTag);
        if (!sendZeroChecksum || pbCrcRequired) SctpPacket.writeChecksum(p, p.length);
        transmits.add(p);
        packetsSent++;
        pbLen = SctpPacket.HEADER_LENGTH;
        pbCrcRequired = false;
    }

    private void emitPacket(long vtag, List<Chunk> chunks, boolean mayZero) {
        byte[] p = new SctpPacket(cfg.localPort(), cfg.remotePort(), vtag, chunks).encode(mayZero && sendZeroChecksum);
        transmits.add(p);
        packetsSent++;
    }

    // ------------------------------------------------------------------------------------------------
    // Heartbeat

    private void onHeartbeatTimer(long now) {
        heartbeatAt = cfg.heartbeatIntervalNanos() > 0 && state.ordinal() >= State.ESTABLISHED.ordinal()
                ? now + cfg.heartbeatIntervalNanos() + rto : NONE;
        if (heartbeatAt == NONE) return;
        if (heartbeatsOutstanding > 0 && ++errorCount > cfg.maxRetransmits()) {
            protocolAbort("peer unreachable: heartbeats unanswered");
            return;
        }
        heartbeatsOutstanding++;
        heartbeatNonce = cfg.random().nextLong();
        byte[] info = new byte[16];
        for (int i = 0; i < 8; i++) {
            info[i] = (byte) (heartbeatNonce >>> (56 - 8 * i));
            info[8 + i] = (byte) (now >>> (56 - 8 * i));
        }
        control.add(new Chunk.Heartbeat(Bytes.wrap(info)));
    }

    private void onHeartbeatAck(long now, Chunk.HeartbeatAck ha) {
        byte[] info = ha.info().toByteArray();
        if (info.length != 16 || longAt(info, 0) != heartbeatNonce || heartbeatsOutstanding == 0) return;
        heartbeatsOutstanding = 0;
        errorCount = 0;
        rttSample(now - longAt(info, 8));
    }

    // ------------------------------------------------------------------------------------------------
    // Stream reset (RFC 6525)

    private void maybeSendReconfig(long now) {
        if (reconfigOutstanding != null || pendingResets.isEmpty() || !canSendData()) return;
        if (!peerReconfig) {
            LOG.log(System.Logger.Level.DEBUG, "[SCTP] peer does not support RE-CONFIG; streams {0} cannot be reset", pendingResets);
            return;
        }
        List<Integer> now2 = new ArrayList<>();
        for (int s : pendingResets) {
            OutStream st = outStream(s);
            if (st.queue.isEmpty()) now2.add(s);
        }
        if (now2.isEmpty()) return;
        pendingResets.removeAll(now2);
        reconfigOutstanding = new Param.OutgoingSsnReset(myReconfigSeq, (peerReconfigExpected - 1) & M32,
                (nextTsn - 1) & M32, now2);
        log("→ RE-CONFIG outgoing SSN reset request #%d for streams %s", myReconfigSeq, now2);
        add(new Chunk.ReConfig(List.of(reconfigOutstanding)));
        reconfigAt = now + rto;
    }

    private void onReConfig(long now, Chunk.ReConfig r) {
        if (state.ordinal() < State.ESTABLISHED.ordinal()) return;
        for (Param p : r.params()) {
            if (p instanceof Param.OutgoingSsnReset req) {
                long seq = req.requestSeq();
                if (seq == peerReconfigExpected) {
                    if (Wire.tsnCompare(cumTsnRecv, req.lastTsn()) >= 0) {
                        performPeerReset(req);
                    } else {
                        deferredPeerReset = req;
                        control.add(new Chunk.ReConfig(List.of(Param.ReconfigResponse.of(seq, Param.ReconfigResponse.IN_PROGRESS))));
                    }
                } else if (seq == ((peerReconfigExpected - 1) & M32) && lastReconfigResponse != null) {
                    control.add(new Chunk.ReConfig(List.of(lastReconfigResponse)));
                } else {
                    control.add(new Chunk.ReConfig(List.of(Param.ReconfigResponse.of(seq, Param.ReconfigResponse.ERROR_BAD_SEQUENCE))));
                }
            } else if (p instanceof Param.ReconfigResponse resp) {
                onReconfigResponse(now, resp);
            } else if (p instanceof Param.IncomingSsnReset req) {
                control.add(new Chunk.ReConfig(List.of(Param.ReconfigResponse.of(req.requestSeq(), Param.ReconfigResponse.DENIED))));
            } else if (p instanceof Param.SsnTsnReset req) {
                control.add(new Chunk.ReConfig(List.of(Param.ReconfigResponse.of(req.requestSeq(), Param.ReconfigResponse.DENIED))));
            } else if (p instanceof Param.AddStreams req) {
                control.add(new Chunk.ReConfig(List.of(Param.ReconfigResponse.of(req.requestSeq(), Param.ReconfigResponse.DENIED))));
            }
        }
    }

    private void performPeerReset(Param.OutgoingSsnReset req) {
        log("← RE-CONFIG: peer reset its outgoing streams %s; → success", req.streams());
        for (int s : req.streams()) {
            InStream st = inStreamMap.remove(s);
            if (st != null) {
                for (RxMessage m : st.ordered.pending.values()) if (m.data != null) rxBuffered -= m.data.length + FRAG_OVERHEAD;
                for (Partial p : st.partialOrdered.values()) rxBuffered -= (p.discarding ? 0 : p.bytes) + p.count * FRAG_OVERHEAD;
                for (Partial p : st.partialUnordered.values()) rxBuffered -= (p.discarding ? 0 : p.bytes) + p.count * FRAG_OVERHEAD;
            }
        }
        lastReconfigResponse = Param.ReconfigResponse.of(req.requestSeq(), Param.ReconfigResponse.SUCCESS_PERFORMED);
        peerReconfigExpected = (peerReconfigExpected + 1) & M32;
        control.add(new Chunk.ReConfig(List.of(lastReconfigResponse)));
        inbox.add(new SctpEvent.IncomingStreamsReset(req.streams())); // after the stream's last messages
    }

    private void onReconfigResponse(long now, Param.ReconfigResponse resp) {
        Param.OutgoingSsnReset req = reconfigOutstanding;
        if (req == null || resp.responseSeq() != req.requestSeq()) return;
        if (resp.result() == Param.ReconfigResponse.IN_PROGRESS) {
            reconfigAt = now + rto;
            return;
        }
        reconfigOutstanding = null;
        reconfigAt = NONE;
        myReconfigSeq = (myReconfigSeq + 1) & M32;
        if (resp.result() == Param.ReconfigResponse.SUCCESS_PERFORMED || resp.result() == Param.ReconfigResponse.SUCCESS_NOTHING_TO_DO) {
            log("← RE-CONFIG response: streams %s reset", req.streams());
            for (int s : req.streams()) {
                OutStream st = outStream(s);
                st.nextSsn = 0;
                st.nextMid = 0;
                st.nextUMid = 0;
                st.resetPending = false;
            }
            events.add(new SctpEvent.OutgoingStreamsReset(req.streams()));
        } else {
            LOG.log(System.Logger.Level.DEBUG, "[SCTP] stream reset refused with result {0}", resp.result());
            for (int s : req.streams()) outStream(s).resetPending = false;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Shutdown and abort

    private boolean allDataAcked() {
        if (ring.size() > 0) return false;
        for (OutStream st : ready) if (!st.queue.isEmpty()) return false;
        return true;
    }

    private void checkShutdown(long now) {
        if (state == State.SHUTDOWN_PENDING && allDataAcked()) {
            log("→ SHUTDOWN cum TSN=%d", cumTsnRecv);
            control.add(new Chunk.Shutdown(cumTsnRecv));
            state = State.SHUTDOWN_SENT;
            t2 = now + rto;
        } else if (state == State.SHUTDOWN_RECEIVED && allDataAcked()) {
            log("→ SHUTDOWN-ACK");
            control.add(new Chunk.ShutdownAck());
            state = State.SHUTDOWN_ACK_SENT;
            t2 = now + rto;
        }
    }

    private void onShutdown(long now, Chunk.Shutdown s) {
        if (state.ordinal() < State.ESTABLISHED.ordinal()) return;
        onSack(now, new Chunk.Sack(s.cumTsnAck(), peerARwnd, List.of(), List.of()));
        if (state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING) {
            log("← SHUTDOWN: finishing outstanding data");
            state = State.SHUTDOWN_RECEIVED;
        } else if (state == State.SHUTDOWN_SENT) {
            state = State.SHUTDOWN_RECEIVED;
        }
        sackNeeded = true;
        checkShutdown(now);
    }

    private void onShutdownAck(long now) {
        if (state == State.SHUTDOWN_SENT || state == State.SHUTDOWN_ACK_SENT) {
            log("← SHUTDOWN-ACK → SHUTDOWN-COMPLETE");
            emitPacket(peerTag, List.of(new Chunk.ShutdownComplete(false)), true);
            terminate(new SctpEvent.Closed());
        }
    }

    private void onT2(long now) {
        t2 = NONE;
        if (++errorCount > cfg.maxRetransmits()) {
            protocolAbort("peer unreachable during shutdown");
            return;
        }
        rto = Math.min(rto * 2, cfg.rtoMaxNanos());
        if (state == State.SHUTDOWN_SENT) {
            control.add(new Chunk.Shutdown(cumTsnRecv));
            t2 = now + rto;
        } else if (state == State.SHUTDOWN_ACK_SENT) {
            control.add(new Chunk.ShutdownAck());
            t2 = now + rto;
        }
    }

    private void protocolAbort(String reason) {
        if (finished) return;
        log("→ ABORT (%s)", reason);
        if (peerTag != 0) {
            emitPacket(peerTag, List.of(new Chunk.Abort(false, List.of(ErrorCause.text(ErrorCause.PROTOCOL_VIOLATION, reason)))), true);
        }
        terminate(new SctpEvent.Aborted(false, reason));
    }

    private void terminate(SctpEvent why) {
        finished = true;
        state = State.CLOSED;
        t1 = t2 = t3 = delayedAck = reconfigAt = heartbeatAt = NONE;
        control.clear();
        ring.clear();
        ready.clear();
        outStreamMap.clear();
        inStreamMap.clear();
        Arrays.fill(frags, null);
        rxBuffered = 0;
        sendBufferUsed = 0;
        sendCharge = 0;
        sendRefused = false;
        flight = 0;
        flightChunks = 0;
        if (why instanceof SctpEvent.Closed) {
            inbox.add(why); // graceful: after every message received (still held if paused)
        } else {
            // aborted: messages not yet taken are discarded (as unread data on a TCP reset)
            inbox.clear();
            rxHeld = 0;
            events.add(why);
        }
    }

    private void log(String format, Object... args) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "[SCTP] " + String.format(format, args));
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Internal structures

    static final class OutStream {
        final int id;
        final ArrayDeque<OutMessage> queue = new ArrayDeque<>();
        int nextSsn;
        long nextMid;
        long nextUMid;
        long buffered;
        long lowThreshold;
        boolean inReady;
        boolean resetPending;

        OutStream(int id) {
            this.id = id;
        }
    }

    static final class OutMessage {
        final OutStream stream;
        final boolean unordered;
        final long ppid;
        byte[] data;
        final int maxRetransmits;
        final long expiresAt;
        long ssnOrMid;
        int offset;
        long fsn;
        long firstTsn = -1;
        long lastTsn;
        long remaining;
        boolean abandoned;

        OutMessage(OutStream stream, boolean unordered, long ppid, byte[] data, int maxRetransmits, long expiresAt) {
            this.stream = stream;
            this.unordered = unordered;
            this.ppid = ppid;
            this.data = data;
            this.remaining = data.length;
            this.maxRetransmits = maxRetransmits;
            this.expiresAt = expiresAt;
        }
    }

    static final class OutChunk {
        final long tsn;
        final Chunk chunk;
        final int size;
        final OutMessage msg;
        boolean sent;
        boolean acked;
        boolean abandoned;
        boolean marked;
        boolean inFlight;
        boolean fastRetransmitted;
        int txCount;
        int misses;
        long fence;
        long sentAt;

        OutChunk(long tsn, Chunk chunk, int size, OutMessage msg) {
            this.tsn = tsn;
            this.chunk = chunk;
            this.size = size;
            this.msg = msg;
        }
    }

    /** A growable ring of outstanding chunks in TSN order, indexed from the oldest. */
    static final class OutRing {
        private OutChunk[] a = new OutChunk[256];
        private int head;
        private int size;

        int size() {
            return size;
        }

        OutChunk get(int i) {
            return a[(head + i) & (a.length - 1)];
        }

        void add(OutChunk c) {
            if (size == a.length) {
                OutChunk[] b = new OutChunk[a.length * 2];
                for (int i = 0; i < size; i++) b[i] = get(i);
                a = b;
                head = 0;
            }
            a[(head + size) & (a.length - 1)] = c;
            size++;
        }

        OutChunk removeFirst() {
            OutChunk c = a[head];
            a[head] = null;
            head = (head + 1) & (a.length - 1);
            size--;
            return c;
        }

        void clear() {
            Arrays.fill(a, null);
            head = 0;
            size = 0;
        }
    }

    static final class RxFrag {
        final long tsn;
        final int stream;
        final int ssn;
        final boolean unordered;
        final boolean begin;
        final boolean end;
        final long ppid;
        final Bytes data;

        RxFrag(long tsn, int stream, int ssn, boolean unordered, boolean begin, boolean end, long ppid, Bytes data) {
            this.tsn = tsn;
            this.stream = stream;
            this.ssn = ssn;
            this.unordered = unordered;
            this.begin = begin;
            this.end = end;
            this.ppid = ppid;
            this.data = data;
        }
    }

    static final class RxMessage {
        final long ppid;
        final byte[] data;

        RxMessage(long ppid, byte[] data) {
            this.ppid = ppid;
            this.data = data;
        }
    }

    static final class Partial {
        final TreeMap<Long, byte[]> frags = new TreeMap<>();
        long ppid;
        long lastFsn = -1;
        long count;
        long bytes;
        boolean discarding;
    }

    static final class InStream {
        final int id;
        final OrderedQueue ordered;
        final Map<Long, Partial> partialOrdered = new HashMap<>();
        final Map<Long, Partial> partialUnordered = new HashMap<>();

        InStream(int id, long sequenceMask) {
            this.id = id;
            this.ordered = new OrderedQueue(sequenceMask);
        }
    }

    /**
     * Ordered delivery on one incoming stream: the next sequence number expected (the 16-bit SSN of
     * DATA, or the 32-bit MID of I-DATA; an association uses one or the other) and the complete
     * messages that wait for it.
     */
    static final class OrderedQueue {
        final long mask;
        long next;
        final Map<Long, RxMessage> pending = new HashMap<>();

        OrderedQueue(long mask) {
            this.mask = mask;
        }

        /** Serial-number comparison (RFC 1982) of {@code seq} with the next expected: negative older, 0 next, positive ahead. */
        int compareToNext(long seq) {
            long d = (seq - next) & mask;
            return d == 0 ? 0 : d <= (mask >>> 1) ? 1 : -1;
        }

        void advance() {
            next = (next + 1) & mask;
        }
    }
}
