package io.jrtc.dtls;

import io.jrtc.core.Bytes;
import io.jrtc.core.Engine;
import io.jrtc.core.EngineErrors;
import io.jrtc.core.ReplayWindow;
import io.jrtc.core.Hex;
import io.jrtc.core.SrtpProfile;

import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A sans-IO DTLS 1.2 endpoint (RFC 6347), client or server: datagrams and the current time go in,
 * datagrams to send, events and the next timeout come out.
 *
 * <pre>{@code
 * DtlsEndpoint client = DtlsEndpoint.client(DtlsConfig.builder().expectedPeerFingerprint(fp).build());
 * client.start(now);                                  // sends the ClientHello
 * client.handleInput(now, datagram);                  // every datagram from the peer
 * for (byte[] d; (d = client.pollTransmit()) != null; ) socket.send(d);
 * for (DtlsEvent e; (e = client.pollEvent()) != null; ) ...
 * }</pre>
 *
 * <p>Malformed, unauthenticated, replayed or unexpected-epoch records are dropped and counted; nothing
 * thrown by the parsers escapes {@link #handleInput}. Protocol failures after a message was accepted
 * (bad signature, wrong Finished, certificate not matching the expected fingerprint) end the
 * association with a fatal alert.
 */
public final class DtlsEndpoint implements Engine<byte[], DtlsEvent> {
    private static final System.Logger LOG = System.getLogger("jrtc.dtls");
    private static final int MAX_EARLY_RECORDS = 16;
    private static final int MAX_QUEUED_RECORDS = 4096;
    /** Records judged behind the highest one (RFC 6347 §4.1.2.6 suggests 64). */
    private static final int REPLAY_WINDOW = 64;

    /** Which side of the handshake the endpoint plays (in WebRTC, from SDP's {@code a=setup}). */
    public enum Role {
        /** Sends the ClientHello ({@code a=setup:active}). */
        CLIENT,
        /** Answers it ({@code a=setup:passive}). */
        SERVER
    }

    /** Handshake progress. */
    public enum State {
        /** Client not started yet. */
        START,
        /** Server: waiting for a (cookie-bearing) ClientHello. */
        WAIT_CLIENT_HELLO,
        /** Client: ClientHello sent, waiting for the server's flight. */
        CLIENT_HELLO_SENT,
        /** Server: ServerHello…ServerHelloDone sent, waiting for the client's Finished. */
        SERVER_HELLO_SENT,
        /** Client: Certificate…Finished sent, waiting for the server's Finished. */
        CLIENT_FINISHED_SENT,
        /** The handshake is complete: application data flows both ways. */
        ESTABLISHED,
        /** Closed by close_notify, a fatal alert or the handshake deadline; everything is dropped. */
        CLOSED
    }

    /**
     * The endpoint's counters at one moment (an immutable snapshot).
     *
     * @param droppedDatagrams datagrams dropped whole (closed, client not started, internal error)
     * @param droppedRecords records dropped: unparsable, unexpected type or epoch, queue full
     * @param authFailures epoch-1 records that did not authenticate
     * @param replayedRecords records refused by the replay window
     * @param retransmissions flights sent again (timer or the peer's retransmission)
     * @param cookieExchanges HelloVerifyRequests sent (server) or received (client)
     * @param bufferedHandshakeBytes declared lengths of the handshake messages being reassembled
     * @param queuedRecords records waiting for {@link #pollTransmit}
     * @param earlyRecords epoch-1 records held until the keys exist
     * @param internalErrors unexpected exceptions caught (a bug; always 0)
     */
    public record Stats(long droppedDatagrams, long droppedRecords, long authFailures, long replayedRecords,
                        long retransmissions, long cookieExchanges, int bufferedHandshakeBytes, int queuedRecords, int earlyRecords,
                        long internalErrors) {
    }

    private static final class Fatal extends Exception {
        private static final long serialVersionUID = 1L;
        final int alert;

        Fatal(int alert, String message) {
            super(message);
            this.alert = alert;
        }
    }

    /** A message of a flight: kept so the flight can be retransmitted with fresh record numbers. */
    private record Outgoing(int contentType, int epoch, int msgType, int seq, byte[] body) {
    }

    private final Role role;
    private final DtlsConfig cfg;
    private final String who;
    private State state;

    private final ArrayDeque<byte[]> outRecords = new ArrayDeque<>();
    private final ArrayDeque<DtlsEvent> events = new ArrayDeque<>();

    private final long[] writeSeq = new long[2];
    private int writeEpoch;
    private RecordProtection writeProt;
    private RecordProtection readProt;
    private final ReplayWindow[] windows = {new ReplayWindow(REPLAY_WINDOW), new ReplayWindow(REPLAY_WINDOW)};
    /** Epoch-1 records that came before the keys, each detached from its datagram. */
    private final ArrayDeque<DtlsRecord.View> early = new ArrayDeque<>();

    private final Reassembler reasm;
    private int sendSeq;
    private WireWriter transcript = new WireWriter(4096);
    private List<Outgoing> flight = List.of();
    private long flightSentAt = Long.MIN_VALUE;
    private long retransmitAt = NO_TIMEOUT;
    private long rto;
    private long deadline = NO_TIMEOUT;
    private boolean started;
    private boolean handshakeDone;

    private byte[] clientRandom;
    private byte[] serverRandom;
    private Handshake.ClientHello clientHello;
    private CipherSuite suite;
    private NamedGroup group;
    private SignatureScheme signScheme;
    private SrtpProfile srtpProfile;
    private boolean ems;
    private KeyPair ephemeral;
    private Handshake.ServerKeyExchange ske;
    private List<X509Certificate> peerChain = List.of();
    private boolean certRequested;
    private byte[] masterSecret;
    private byte[] cookieSecret;
    private int lastType = -1;

    private long droppedDatagrams;
    /** Unexpected exceptions caught in {@link #handleInput} (a bug, always 0); see {@link EngineErrors}. */
    private long internalErrors;
    private final boolean rethrowInternalErrors = EngineErrors.rethrowByDefault();
    private long droppedRecords;
    private long authFailures;
    private long replays;
    private long retransmissions;
    private long cookieExchanges;

    private DtlsEndpoint(Role role, DtlsConfig cfg) {
        this.role = role;
        this.cfg = cfg;
        this.who = role == Role.CLIENT ? "client" : "server";
        this.state = role == Role.CLIENT ? State.START : State.WAIT_CLIENT_HELLO;
        this.reasm = new Reassembler(cfg.maxHandshakeMessage(), 2 * cfg.maxHandshakeMessage());
        this.rto = cfg.initialRetransmitTimeout().toNanos();
    }

    /**
     * A client endpoint; it sends nothing until {@link #start}.
     *
     * @param cfg its configuration
     * @return the endpoint, in {@link State#START}
     */
    public static DtlsEndpoint client(DtlsConfig cfg) {
        return new DtlsEndpoint(Role.CLIENT, cfg);
    }

    /**
     * A server endpoint, waiting for a ClientHello.
     *
     * @param cfg its configuration
     * @return the endpoint, in {@link State#WAIT_CLIENT_HELLO}
     */
    public static DtlsEndpoint server(DtlsConfig cfg) {
        return new DtlsEndpoint(Role.SERVER, cfg);
    }

    /** {@return client or server} */
    public Role role() { return role; }
    /** {@return the handshake progress} */
    public State state() { return state; }
    /** {@return the configuration it was made with} */
    public DtlsConfig config() { return cfg; }
    /** {@return whether the handshake is complete and the endpoint not closed} */
    public boolean isEstablished() { return state == State.ESTABLISHED; }
    /** {@return the negotiated cipher suite, or {@code null} before the ServerHello} */
    public CipherSuite suite() { return suite; }
    /** {@return the SRTP profile negotiated with use_srtp, or {@code null}} */
    public SrtpProfile srtpProfile() { return srtpProfile; }
    /** {@return the peer's certificate chain, leaf first (empty before it arrived)} */
    public List<X509Certificate> peerCertificates() { return peerChain; }

    /** {@return our certificate's sha-256 fingerprint, for our SDP {@code a=fingerprint}} */
    public Fingerprint localFingerprint() { return cfg.certificate().fingerprint("sha-256"); }

    /** {@return the largest application-data plaintext whose record still fits one datagram of the configured MTU} */
    public int maxApplicationDataPerDatagram() {
        int overhead = DtlsRecord.HEADER_LENGTH + (suite != null ? suite.explicitNonceLength() : 8) + RecordProtection.TAG_LENGTH;
        return cfg.mtu() - overhead;
    }

    /** {@return the counters now, as an immutable value} */
    public Stats stats() {
        return new Stats(droppedDatagrams, droppedRecords, authFailures, replays, retransmissions, cookieExchanges,
                reasm.bufferedBytes(), outRecords.size(), early.size(), internalErrors);
    }

    private void log(String fmt, Object... args) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "[DTLS] " + who + ": " + String.format(fmt, args));
        }
    }

    /** {@return the negotiated profile under its use_srtp name, for the log} */
    private String srtpProfileName() {
        return srtpProfile == null ? null : srtpProfile.dtlsName();
    }

    private void setState(State s) {
        if (s != state) {
            log("state %s -> %s", state, s);
            state = s;
        }
    }

    // ------------------------------------------------------------------ engine surface

    /**
     * Starts the handshake: a client queues its ClientHello and both roles arm the handshake
     * deadline. Harmless when already started. Until then {@link #pollTimeout} is
     * {@link #NO_TIMEOUT} and a client drops every datagram (a server starts on its first datagram).
     *
     * @param now the current time (nanoseconds)
     */
    public void start(long now) {
        if (started) return;
        started = true;
        deadline = satAdd(now, cfg.handshakeTimeout().toNanos());
        if (role == Role.CLIENT && state == State.START) {
            clientRandom = random(32);
            List<Integer> suites = new ArrayList<>();
            for (CipherSuite s : cfg.cipherSuites()) suites.add(s.id());
            List<Extension> exts = new ArrayList<>();
            List<Integer> groups = new ArrayList<>();
            for (NamedGroup g : cfg.groups()) groups.add(g.id());
            exts.add(Extension.u16List(Extension.SUPPORTED_GROUPS, groups));
            exts.add(Extension.pointFormats());
            List<Integer> schemes = new ArrayList<>();
            for (SignatureScheme s : cfg.signatureSchemes()) schemes.add(s.id());
            exts.add(Extension.u16List(Extension.SIGNATURE_ALGORITHMS, schemes));
            if (!cfg.srtpProfiles().isEmpty()) exts.add(Extension.useSrtp(cfg.srtpProfiles()));
            if (cfg.extendedMasterSecret()) exts.add(Extension.empty(Extension.EXTENDED_MASTER_SECRET));
            exts.add(Extension.renegotiationInfo());
            exts.addAll(cfg.extraClientHelloExtensions());
            clientHello = new Handshake.ClientHello(DtlsRecord.DTLS_1_2, Bytes.wrap(clientRandom), Bytes.EMPTY, Bytes.EMPTY,
                    suites, Bytes.of((byte) 0), exts);
            setState(State.CLIENT_HELLO_SENT);
            sendFlight(now, List.of(hs(clientHello)), false);
        }
    }

    /**
     * A datagram from the peer. Never throws for bad input: bad records are dropped and counted.
     *
     * @param now the current time (nanoseconds)
     * @param datagram the whole datagram (one or more records)
     */
    public void handleInput(long now, byte[] datagram) {
        handleInput(now, datagram, 0, datagram.length);
    }

    /**
     * A datagram from the peer, as a slice of the caller's buffer (decrypted straight out of it).
     * Never throws for bad input: bad records are dropped and counted.
     *
     * @param now the current time (nanoseconds)
     * @param buf the buffer holding the datagram
     * @param off where the datagram starts
     * @param len its length
     * @throws IllegalArgumentException when the slice lies outside {@code buf}
     */
    public void handleInput(long now, byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off + len > buf.length) {
            throw new IllegalArgumentException("bad buffer slice");
        }
        if (state == State.CLOSED || (role == Role.CLIENT && !started)) {
            droppedDatagrams++;
            return;
        }
        if (!started) start(now);
        boolean peerRetransmitted = false;
        WireReader r = new WireReader(buf, off, len, "DTLS record");
        try {
            while (r.remaining() > 0 && state != State.CLOSED) {
                DtlsRecord.View rec;
                try {
                    rec = DtlsRecord.parseView(r);
                } catch (DtlsParseException e) {
                    droppedRecords++;
                    log("dropped rest of datagram: %s", e.getMessage());
                    break;
                }
                peerRetransmitted |= processRecord(now, rec);
            }
            if (peerRetransmitted && state != State.CLOSED && !flight.isEmpty()
                    && now - flightSentAt >= cfg.initialRetransmitTimeout().toNanos() / 4) {
                log("peer retransmitted its flight: retransmitting ours");
                retransmissions++;
                transmitFlight(now);
            }
        } catch (Fatal f) {
            fail(f.alert, f.getMessage());
        } catch (RuntimeException e) {
            droppedDatagrams++;
            internalErrors++;
            EngineErrors.caught(LOG, "DTLS " + who, "handleInput", e, rethrowInternalErrors);
        }
    }

    @Override
    public void handleTimeout(long now) {
        if (!started || state == State.CLOSED) return;
        if (state != State.ESTABLISHED && now >= deadline) {
            log("handshake timed out");
            closeWith("handshake timeout");
            return;
        }
        if (now >= retransmitAt) {
            retransmissions++;
            rto = Math.min(rto * 2, cfg.maxRetransmitTimeout().toNanos());
            log("retransmission timer fired: resending flight of %d messages (next timeout %d ms)", flight.size(), rto / 1_000_000);
            transmitFlight(now);
            retransmitAt = satAdd(now, rto);
        }
    }

    @Override
    public byte[] pollTransmit() {
        byte[] first = outRecords.poll();
        if (first == null) return null;
        int mtu = cfg.mtu();
        if (outRecords.isEmpty() || first.length + outRecords.peek().length > mtu) return first;
        int total = first.length;
        List<byte[]> parts = new ArrayList<>();
        parts.add(first);
        while (!outRecords.isEmpty() && total + outRecords.peek().length <= mtu) {
            byte[] r = outRecords.poll();
            parts.add(r);
            total += r.length;
        }
        byte[] out = new byte[total];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    @Override
    public DtlsEvent pollEvent() {
        return events.poll();
    }

    /**
     * When to call {@link #handleTimeout}: the retransmission timer or the handshake deadline, or
     * {@link #NO_TIMEOUT} when no timer runs: before {@link #start}, once established and quiet, and
     * once closed. A client sends nothing until {@link #start} is called.
     */
    @Override
    public long pollTimeout() {
        if (!started) return NO_TIMEOUT;
        if (state == State.CLOSED) return NO_TIMEOUT;
        long t = retransmitAt;
        if (state != State.ESTABLISHED) t = Math.min(t, deadline);
        return t;
    }

    /**
     * Sends application data in one record (queued for {@link #pollTransmit}).
     *
     * @param data at most 2^14 bytes; keep it within {@link #maxApplicationDataPerDatagram()} to fit one datagram
     * @throws IllegalStateException before the handshake completed or after closing
     */
    public void send(byte[] data) {
        send(data, 0, data.length);
    }

    /**
     * Like {@link #send(byte[])}, for a slice.
     *
     * @param data the buffer
     * @param off where the plaintext starts
     * @param len its length, at most 2^14
     * @throws IllegalStateException before the handshake completed or after closing
     */
    public void send(byte[] data, int off, int len) {
        if (state != State.ESTABLISHED) throw new IllegalStateException("DTLS not established (" + state + ")");
        if (len > 16384) throw new IllegalArgumentException("record plaintext larger than 2^14: " + len);
        writeRecord(ContentType.APPLICATION_DATA, 1, data, off, len);
    }

    /**
     * Sends close_notify (drain {@link #pollTransmit()} to get it out) and closes: a
     * {@link DtlsEvent.Closed} follows, and every later input is dropped. Harmless when already closed.
     *
     * @param now the current time (nanoseconds); like every engine input it comes from the caller
     */
    public void close(long now) {
        if (state == State.CLOSED) return;
        sendAlert(1, AlertDescription.CLOSE_NOTIFY);
        closeWith("closed locally");
    }

    // ------------------------------------------------------------------ exporter (RFC 5705)

    /**
     * The RFC 5705 keying material exporter: PRF(master_secret, label, client_random + server_random
     * [+ context length + context]).
     *
     * @param label the exporter label, e.g. {@code EXTRACTOR-dtls_srtp}
     * @param context the context, or {@code null} for none
     * @param length how many bytes to export
     * @return the keying material
     * @throws IllegalStateException before the handshake completed
     */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        if (!handshakeDone) throw new IllegalStateException("handshake not complete");
        byte[] seed = Prf.concat(clientRandom, serverRandom);
        if (context != null) {
            seed = Prf.concat(seed, new byte[] {(byte) (context.length >>> 8), (byte) context.length}, context);
        }
        return Prf.compute(suite.hmac(), masterSecret, label, seed, length);
    }

    /** {@return SRTP master keys and salts for the negotiated profile (RFC 5764 §4.2), or null without use_srtp} */
    public SrtpKeyingMaterial srtpKeyingMaterial() {
        if (srtpProfile == null) return null;
        return SrtpKeyingMaterial.split(srtpProfile,
                exportKeyingMaterial(SrtpKeyingMaterial.LABEL, null, srtpProfile.keyingMaterialLength()));
    }

    // ------------------------------------------------------------------ record layer

    /**
     * One record, its fragment still in the caller's datagram: protected records are opened straight
     * from it (the plaintext is the one new array), epoch-0 ones copied once.
     */
    private boolean processRecord(long now, DtlsRecord.View rec) throws Fatal {
        int epoch = rec.epoch();
        long seq = rec.sequenceNumber();
        byte[] plain;
        boolean statelessHello = false;
        if (epoch == 0) {
            if (rec.contentType() == ContentType.APPLICATION_DATA) {
                droppedRecords++;
                return false;
            }
            // A server that wants cookies keeps no state for a client before its cookie comes back
            // (RFC 6347 §4.2.1), not even the replay window: otherwise one forged ClientHello with a
            // high record number would make the real client's ClientHellos look too old. The record
            // that carries a valid cookie enters the window below, once the handshake has begun.
            statelessHello = role == Role.SERVER && state == State.WAIT_CLIENT_HELLO && cfg.helloVerifyRequest();
            if (!statelessHello && !windows[0].isFresh(seq)) {
                replays++;
                return false;
            }
            plain = rec.fragmentCopy();
            if (!statelessHello) windows[0].accept(seq);
        } else if (epoch == 1) {
            if (readProt == null) {
                if (early.size() < MAX_EARLY_RECORDS && state != State.CLOSED) {
                    early.add(rec.detach());
                } else {
                    droppedRecords++;
                }
                return false;
            }
            if (!windows[1].isFresh(seq)) {
                replays++;
                return false;
            }
            try {
                plain = readProt.open(rec.contentType(), rec.version(), epoch, seq, rec.buffer(), rec.offset(), rec.length());
            } catch (DtlsParseException e) {
                authFailures++;
                log("dropped record: %s", e.getMessage());
                return false;
            }
            windows[1].accept(seq);
        } else {
            droppedRecords++;
            return false;
        }
        boolean old = false;
        switch (rec.contentType()) {
            case ContentType.HANDSHAKE -> old = handleHandshakeRecord(now, plain, epoch);
            case ContentType.ALERT -> handleAlert(plain, epoch);
            case ContentType.CHANGE_CIPHER_SPEC -> log("<- ChangeCipherSpec");
            case ContentType.APPLICATION_DATA -> {
                if (state == State.ESTABLISHED) {
                    events.add(new DtlsEvent.ApplicationData(plain));
                } else {
                    droppedRecords++;
                }
            }
            default -> droppedRecords++;
        }
        if (statelessHello && state != State.WAIT_CLIENT_HELLO) {
            windows[0].accept(seq);
        }
        if (readProt != null && !early.isEmpty() && state != State.CLOSED) {
            List<DtlsRecord.View> pending = new ArrayList<>(early);
            early.clear();
            for (DtlsRecord.View e : pending) old |= processRecord(now, e);
        }
        return old;
    }

    private void writeRecord(int type, int epoch, byte[] plain, int off, int len) {
        if (outRecords.size() >= MAX_QUEUED_RECORDS) {
            droppedRecords++;
            return;
        }
        long seq = writeSeq[epoch]++;
        if (seq > DtlsRecord.MAX_SEQUENCE) throw new IllegalStateException("record sequence exhausted");
        if (epoch == 0) {
            WireWriter w = new WireWriter(DtlsRecord.HEADER_LENGTH + len);
            w.u8(type).u16(DtlsRecord.DTLS_1_2).u16(0).u48(seq).u16(len).bytes(plain, off, len);
            outRecords.add(w.toByteArray());
        } else {
            outRecords.add(writeProt.seal(type, DtlsRecord.DTLS_1_2, epoch, seq, plain, off, len));
        }
    }

    private void sendAlert(int level, int description) {
        byte[] a = {(byte) level, (byte) description};
        writeRecord(ContentType.ALERT, writeEpoch, a, 0, 2);
        events.add(new DtlsEvent.Alert(level == 2, description, false));
        log("-> alert %s %s", level == 2 ? "fatal" : "warning", AlertDescription.name(description));
    }

    private void handleAlert(byte[] plain, int epoch) {
        if (plain.length != 2 || (epoch == 0 && state == State.ESTABLISHED)) {
            droppedRecords++;
            return;
        }
        int level = plain[0] & 0xff;
        int desc = plain[1] & 0xff;
        log("<- alert %s %s", level == 2 ? "fatal" : "warning", AlertDescription.name(desc));
        events.add(new DtlsEvent.Alert(level == 2, desc, true));
        if (desc == AlertDescription.CLOSE_NOTIFY) {
            sendAlert(1, AlertDescription.CLOSE_NOTIFY);
            closeWith("close_notify from peer");
        } else if (level == 2) {
            closeWith("fatal alert from peer: " + AlertDescription.name(desc));
        }
    }

    private void fail(int alert, String reason) {
        if (state == State.CLOSED) return;
        log("handshake failed: %s", reason);
        sendAlert(2, alert);
        closeWith(AlertDescription.name(alert) + ": " + reason);
    }

    private void closeWith(String reason) {
        setState(State.CLOSED);
        retransmitAt = NO_TIMEOUT;
        flight = List.of();
        early.clear();
        reasm.reset(reasm.next());
        events.add(new DtlsEvent.Closed(reason));
    }

    // ------------------------------------------------------------------ flights

    private Outgoing hs(Handshake.Body body) {
        byte[] b = body.encode();
        int seq = sendSeq++;
        int epoch = body.msgType() == Handshake.FINISHED ? 1 : 0;
        if (body.msgType() != Handshake.HELLO_VERIFY_REQUEST) {
            transcript.bytes(HandshakeFragment.wholeMessage(body.msgType(), seq, b));
        }
        log("-> %s (message_seq %d, %d bytes%s)", Handshake.name(body.msgType()), seq, b.length, epoch == 1 ? ", epoch 1" : "");
        return new Outgoing(ContentType.HANDSHAKE, epoch, body.msgType(), seq, b);
    }

    private Outgoing ccs() {
        log("-> ChangeCipherSpec (records after it use epoch 1)");
        return new Outgoing(ContentType.CHANGE_CIPHER_SPEC, 0, -1, -1, new byte[] {1});
    }

    private void sendFlight(long now, List<Outgoing> msgs, boolean last) {
        flight = msgs;
        rto = cfg.initialRetransmitTimeout().toNanos();
        retransmitAt = last ? NO_TIMEOUT : satAdd(now, rto);
        transmitFlight(now);
    }

    private void transmitFlight(long now) {
        flightSentAt = now;
        for (Outgoing o : flight) {
            if (o.contentType == ContentType.CHANGE_CIPHER_SPEC) {
                writeRecord(ContentType.CHANGE_CIPHER_SPEC, 0, o.body, 0, 1);
                continue;
            }
            int room = cfg.mtu() - DtlsRecord.HEADER_LENGTH - HandshakeFragment.HEADER_LENGTH
                    - (o.epoch > 0 ? writeProt.overhead() : 0);
            int off = 0;
            do {
                int n = Math.min(room, o.body.length - off);
                WireWriter w = new WireWriter(HandshakeFragment.HEADER_LENGTH + n);
                w.u8(o.msgType).u24(o.body.length).u16(o.seq).u24(off).u24(n).bytes(o.body, off, n);
                byte[] p = w.toByteArray();
                writeRecord(ContentType.HANDSHAKE, o.epoch, p, 0, p.length);
                off += n;
            } while (off < o.body.length);
        }
    }

    // ------------------------------------------------------------------ handshake layer

    private boolean handleHandshakeRecord(long now, byte[] plain, int epoch) throws Fatal {
        List<HandshakeFragment> frags;
        try {
            frags = HandshakeFragment.parseAll(plain);
        } catch (DtlsParseException e) {
            droppedRecords++;
            log("dropped handshake record: %s", e.getMessage());
            return false;
        }
        boolean old = false;
        for (HandshakeFragment f : frags) {
            if (role == Role.SERVER && state == State.WAIT_CLIENT_HELLO && epoch == 0
                    && f.msgType() == Handshake.CLIENT_HELLO && f.messageSeq() != reasm.next() && f.messageSeq() < 4) {
                reasm.reset(f.messageSeq());
            }
            if (reasm.add(f, epoch) < 0) old = true;
        }
        for (Reassembler.Message m; state != State.CLOSED && (m = reasm.poll()) != null; ) {
            processMessage(now, m);
        }
        return old;
    }

    private void processMessage(long now, Reassembler.Message m) throws Fatal {
        int type = m.msgType();
        if (state == State.ESTABLISHED) {
            if (m.epoch() != 1) return; // unauthenticated: ignore
            if ((role == Role.SERVER && type == Handshake.CLIENT_HELLO) || (role == Role.CLIENT && type == Handshake.HELLO_REQUEST)) {
                log("<- %s after the handshake: renegotiation refused", Handshake.name(type));
                sendAlert(1, AlertDescription.NO_RENEGOTIATION);
                return;
            }
            throw new Fatal(AlertDescription.UNEXPECTED_MESSAGE, Handshake.name(type) + " after the handshake");
        }
        Handshake.Body body;
        try {
            body = Handshake.parse(type, m.body());
        } catch (DtlsParseException e) {
            throw new Fatal(AlertDescription.DECODE_ERROR, e.getMessage());
        }
        log("<- %s (message_seq %d, %d bytes%s)", Handshake.name(type), m.messageSeq(), m.body().length, m.epoch() == 1 ? ", epoch 1" : "");
        if ((type == Handshake.FINISHED) != (m.epoch() == 1)) {
            throw new Fatal(AlertDescription.UNEXPECTED_MESSAGE, Handshake.name(type) + " in epoch " + m.epoch());
        }
        try {
            if (role == Role.CLIENT) {
                clientMessage(now, m, body);
            } else {
                serverMessage(now, m, body);
            }
        } catch (GeneralSecurityException e) {
            throw new Fatal(AlertDescription.HANDSHAKE_FAILURE, "crypto failure: " + e.getMessage());
        }
    }

    private void addToTranscript(Reassembler.Message m) {
        transcript.bytes(HandshakeFragment.wholeMessage(m.msgType(), m.messageSeq(), m.body()));
    }

    private void expect(int type, int... after) throws Fatal {
        for (int a : after) {
            if (lastType == a) {
                lastType = type;
                return;
            }
        }
        throw new Fatal(AlertDescription.UNEXPECTED_MESSAGE, Handshake.name(type) + " out of order in " + state);
    }

    // ----------------------------------------------------------------- client side

    private void clientMessage(long now, Reassembler.Message m, Handshake.Body body) throws Fatal, GeneralSecurityException {
        if (state == State.CLIENT_HELLO_SENT) {
            if (body instanceof Handshake.HelloVerifyRequest hvr) {
                if (lastType != -1) throw new Fatal(AlertDescription.UNEXPECTED_MESSAGE, "HelloVerifyRequest after ServerHello");
                log("cookie of %d bytes: resending ClientHello with it", hvr.cookie().length());
                cookieExchanges++;
                clientHello = clientHello.withCookie(hvr.cookie());
                transcript = new WireWriter(4096);
                sendFlight(now, List.of(hs(clientHello)), false);
                return;
            }
            addToTranscript(m);
            if (body instanceof Handshake.ServerHello sh) {
                expect(Handshake.SERVER_HELLO, -1);
                onServerHello(sh);
            } else if (body instanceof Handshake.CertificateMessage c) {
                expect(Handshake.CERTIFICATE, Handshake.SERVER_HELLO);
                peerChain = checkPeerCertificates(c);
                if (peerChain.isEmpty()) throw new Fatal(AlertDescription.HANDSHAKE_FAILURE, "server sent no certificate");
                String alg = peerChain.get(0).getPublicKey().getAlgorithm();
                if (!alg.equals(suite.ecdsa() ? "EC" : "RSA")) {
                    throw new Fatal(AlertDescription.UNSUPPORTED_CERTIFICATE, alg + " certificate for " + suite);
                }
            } else if (body instanceof Handshake.ServerKeyExchange k) {
                expect(Handshake.SERVER_KEY_EXCHANGE, Handshake.CERTIFICATE);
                group = NamedGroup.byId(k.namedGroup());
                if (group == null || !cfg.groups().contains(group)) {
                    throw new Fatal(AlertDescription.ILLEGAL_PARAMETER, "server chose group " + k.namedGroup() + " we did not offer");
                }
                SignatureScheme s = SignatureScheme.byId(k.signatureScheme());
                if (s == null || !cfg.signatureSchemes().contains(s) || !s.fits(peerChain.get(0).getPublicKey().getAlgorithm())) {
                    throw new Fatal(AlertDescription.ILLEGAL_PARAMETER, "server signed with scheme 0x" + Integer.toHexString(k.signatureScheme()));
                }
                if (!s.verify(peerChain.get(0).getPublicKey(), k.signature().toByteArray(), clientRandom, serverRandom, k.params())) {
                    throw new Fatal(AlertDescription.DECRYPT_ERROR, "ServerKeyExchange signature does not verify");
                }
                log("server's %s key share verified (%s)", group, s);
                ske = k;
            } else if (body instanceof Handshake.CertificateRequest cr) {
                expect(Handshake.CERTIFICATE_REQUEST, Handshake.SERVER_KEY_EXCHANGE);
                certRequested = true;
                signScheme = null;
                for (SignatureScheme s : cfg.signatureSchemes()) {
                    if (s.fits(cfg.certificate().keyAlgorithm()) && cr.signatureSchemes().contains(s.id())) {
                        signScheme = s;
                        break;
                    }
                }
                if (signScheme == null) throw new Fatal(AlertDescription.HANDSHAKE_FAILURE, "no common signature scheme for our certificate");
            } else if (body instanceof Handshake.ServerHelloDone) {
                expect(Handshake.SERVER_HELLO_DONE, Handshake.SERVER_KEY_EXCHANGE, Handshake.CERTIFICATE_REQUEST);
                sendClientFlight(now);
            } else {
                throw new Fatal(AlertDescription.UNEXPECTED_MESSAGE, "unexpected " + Handshake.name(m.msgType()));
            }
        } else if (state == State.CLIENT_FINISHED_SENT && body instanceof Handshake.Finished fin) {
            byte[] expected = verifyData("server finished");
            if (!MessageDigest.isEqual(expected, fin.verifyData().toByteArray())) {
                throw new Fatal(AlertDescription.DECRYPT_ERROR, "server Finished does not verify");
            }
            flight = List.of();
            retransmitAt = NO_TIMEOUT;
            established();
        } else {
            throw new Fatal(AlertDescription.UNEXPECTED_MESSAGE, Handshake.name(m.msgType()) + " in " + state);
        }
    }

    private void onServerHello(Handshake.ServerHello sh) throws Fatal {
        if (sh.version() != DtlsRecord.DTLS_1_2) {
            throw new Fatal(AlertDescription.PROTOCOL_VERSION, "server chose version 0x" + Integer.toHexString(sh.version()));
        }
        suite = CipherSuite.byId(sh.cipherSuite());
        if (suite == null || !cfg.cipherSuites().contains(suite)) {
            throw new Fatal(AlertDescription.ILLEGAL_PARAMETER, "server chose suite 0x" + Integer.toHexString(sh.cipherSuite()));
        }
        if (sh.compression() != 0) throw new Fatal(AlertDescription.ILLEGAL_PARAMETER, "compression");
        serverRandom = sh.random().toByteArray();
        try {
            for (Extension e : sh.extensions()) {
                switch (e.type()) {
                    case Extension.EXTENDED_MASTER_SECRET -> {
                        if (!cfg.extendedMasterSecret()) throw new Fatal(AlertDescription.UNSUPPORTED_EXTENSION, "unsolicited extended_master_secret");
                        ems = true;
                    }
                    case Extension.USE_SRTP -> {
                        List<Integer> ps = Extension.parseUseSrtp(e.data());
                        SrtpProfile p = ps.size() == 1 ? SrtpProfile.byDtlsId(ps.get(0)) : null;
                        if (p == null || !cfg.srtpProfiles().contains(p)) {
                            throw new Fatal(AlertDescription.ILLEGAL_PARAMETER, "server chose SRTP profiles " + ps);
                        }
                        srtpProfile = p;
                    }
                    case Extension.RENEGOTIATION_INFO -> {
                        if (!e.data().equals(Bytes.of((byte) 0))) {
                            throw new Fatal(AlertDescription.HANDSHAKE_FAILURE, "non-empty renegotiation_info");
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (DtlsParseException ex) {
            throw new Fatal(AlertDescription.DECODE_ERROR, ex.getMessage());
        }
        log("server chose %s, extended_master_secret %s, SRTP profile %s", suite, ems, srtpProfileName());
    }

    private void sendClientFlight(long now) throws GeneralSecurityException {
        List<Outgoing> f = new ArrayList<>();
        if (certRequested) f.add(hs(certificateMessage()));
        ephemeral = group.generate(cfg.random());
        byte[] pms = group.agree(ephemeral.getPrivate(), ske.publicKey().toByteArray());
        f.add(hs(new Handshake.ClientKeyExchange(Bytes.wrap(group.encodePublic(ephemeral.getPublic())))));
        masterSecret(pms);
        if (certRequested) {
            byte[] sig = signScheme.sign(cfg.certificate().privateKey(), cfg.random(), transcript.toByteArray());
            f.add(hs(new Handshake.CertificateVerify(signScheme.id(), Bytes.wrap(sig))));
        }
        deriveKeys();
        f.add(ccs());
        writeEpoch = 1;
        f.add(hs(new Handshake.Finished(Bytes.wrap(verifyData("client finished")))));
        setState(State.CLIENT_FINISHED_SENT);
        sendFlight(now, f, false);
    }

    // ----------------------------------------------------------------- server side

    private void serverMessage(long now, Reassembler.Message m, Handshake.Body body) throws Fatal, GeneralSecurityException {
        if (state == State.WAIT_CLIENT_HELLO && body instanceof Handshake.ClientHello ch) {
            onClientHello(now, m, ch);
            return;
        }
        if (state != State.SERVER_HELLO_SENT) {
            throw new Fatal(AlertDescription.UNEXPECTED_MESSAGE, Handshake.name(m.msgType()) + " in " + state);
        }
        if (body instanceof Handshake.CertificateMessage c) {
            addToTranscript(m);
            expect(Handshake.CERTIFICATE, Handshake.SERVER_HELLO_DONE);
            peerChain = checkPeerCertificates(c);
            if (peerChain.isEmpty() && cfg.requireClientCertificate()) {
                throw new Fatal(AlertDescription.HANDSHAKE_FAILURE, "client sent no certificate");
            }
        } else if (body instanceof Handshake.ClientKeyExchange cke) {
            addToTranscript(m);
            if (certRequested) expect(Handshake.CLIENT_KEY_EXCHANGE, Handshake.CERTIFICATE);
            else expect(Handshake.CLIENT_KEY_EXCHANGE, Handshake.SERVER_HELLO_DONE);
            byte[] pms;
            try {
                pms = group.agree(ephemeral.getPrivate(), cke.publicKey().toByteArray());
            } catch (GeneralSecurityException e) {
                throw new Fatal(AlertDescription.ILLEGAL_PARAMETER, "client key share: " + e.getMessage());
            }
            masterSecret(pms);
            deriveKeys();
        } else if (body instanceof Handshake.CertificateVerify cv) {
            expect(Handshake.CERTIFICATE_VERIFY, Handshake.CLIENT_KEY_EXCHANGE);
            if (peerChain.isEmpty()) throw new Fatal(AlertDescription.UNEXPECTED_MESSAGE, "CertificateVerify without certificate");
            SignatureScheme s = SignatureScheme.byId(cv.signatureScheme());
            if (s == null || !cfg.signatureSchemes().contains(s) || !s.fits(peerChain.get(0).getPublicKey().getAlgorithm())) {
                throw new Fatal(AlertDescription.ILLEGAL_PARAMETER, "client signed with scheme 0x" + Integer.toHexString(cv.signatureScheme()));
            }
            if (!s.verify(peerChain.get(0).getPublicKey(), cv.signature().toByteArray(), transcript.toByteArray())) {
                throw new Fatal(AlertDescription.DECRYPT_ERROR, "CertificateVerify signature does not verify");
            }
            log("client's CertificateVerify verified (%s)", s);
            addToTranscript(m);
        } else if (body instanceof Handshake.Finished fin) {
            if (!peerChain.isEmpty()) expect(Handshake.FINISHED, Handshake.CERTIFICATE_VERIFY);
            else expect(Handshake.FINISHED, Handshake.CLIENT_KEY_EXCHANGE);
            byte[] expected = verifyData("client finished");
            if (!MessageDigest.isEqual(expected, fin.verifyData().toByteArray())) {
                throw new Fatal(AlertDescription.DECRYPT_ERROR, "client Finished does not verify");
            }
            addToTranscript(m);
            List<Outgoing> f = new ArrayList<>();
            f.add(ccs());
            writeEpoch = 1;
            f.add(hs(new Handshake.Finished(Bytes.wrap(verifyData("server finished")))));
            sendFlight(now, f, true);
            established();
        } else {
            throw new Fatal(AlertDescription.UNEXPECTED_MESSAGE, "unexpected " + Handshake.name(m.msgType()));
        }
    }

    private void onClientHello(long now, Reassembler.Message m, Handshake.ClientHello ch) throws Fatal, GeneralSecurityException {
        if (ch.version() > DtlsRecord.DTLS_1_2) {
            throw new Fatal(AlertDescription.PROTOCOL_VERSION, "client offers only 0x" + Integer.toHexString(ch.version()));
        }
        if (cfg.helloVerifyRequest()) {
            byte[] cookie = cookieFor(ch);
            if (!MessageDigest.isEqual(cookie, ch.cookie().toByteArray())) {
                log("ClientHello without a valid cookie: answering HelloVerifyRequest");
                cookieExchanges++;
                Handshake.HelloVerifyRequest hvr = new Handshake.HelloVerifyRequest(DtlsRecord.DTLS_1_0, Bytes.wrap(cookie));
                byte[] b = hvr.encode();
                log("-> HelloVerifyRequest (message_seq %d, %d bytes)", m.messageSeq(), b.length);
                byte[] p = HandshakeFragment.wholeMessage(Handshake.HELLO_VERIFY_REQUEST, m.messageSeq(), b);
                writeRecord(ContentType.HANDSHAKE, 0, p, 0, p.length);
                reasm.reset(0);
                return;
            }
            log("cookie verified");
        }
        clientRandom = ch.random().toByteArray();
        boolean ecKey = "EC".equals(cfg.certificate().keyAlgorithm());
        for (CipherSuite s : cfg.cipherSuites()) {
            if (s.ecdsa() == ecKey && ch.cipherSuites().contains(s.id())) {
                suite = s;
                break;
            }
        }
        if (suite == null) throw new Fatal(AlertDescription.HANDSHAKE_FAILURE, "no common cipher suite");
        try {
            Extension groupsExt = Extension.find(ch.extensions(), Extension.SUPPORTED_GROUPS);
            List<Integer> offeredGroups = groupsExt == null ? List.of(NamedGroup.SECP256R1.id())
                    : Extension.parseU16List(groupsExt.data(), "supported_groups");
            for (NamedGroup g : cfg.groups()) {
                if (offeredGroups.contains(g.id())) {
                    group = g;
                    break;
                }
            }
            if (group == null) throw new Fatal(AlertDescription.HANDSHAKE_FAILURE, "no common group in " + offeredGroups);
            Extension sigExt = Extension.find(ch.extensions(), Extension.SIGNATURE_ALGORITHMS);
            List<Integer> offeredSchemes = sigExt == null
                    ? List.of(SignatureScheme.ECDSA_SECP256R1_SHA256.id(), SignatureScheme.RSA_PKCS1_SHA256.id())
                    : Extension.parseU16List(sigExt.data(), "signature_algorithms");
            for (SignatureScheme s : cfg.signatureSchemes()) {
                if (s.fits(cfg.certificate().keyAlgorithm()) && offeredSchemes.contains(s.id())) {
                    signScheme = s;
                    break;
                }
            }
            if (signScheme == null) throw new Fatal(AlertDescription.HANDSHAKE_FAILURE, "no common signature scheme");
            ems = cfg.extendedMasterSecret() && Extension.find(ch.extensions(), Extension.EXTENDED_MASTER_SECRET) != null;
            Extension reneg = Extension.find(ch.extensions(), Extension.RENEGOTIATION_INFO);
            if (reneg != null && !reneg.data().equals(Bytes.of((byte) 0))) {
                throw new Fatal(AlertDescription.HANDSHAKE_FAILURE, "non-empty renegotiation_info in an initial handshake");
            }
            boolean secureReneg = reneg != null || ch.cipherSuites().contains(0x00FF);
            Extension srtpExt = Extension.find(ch.extensions(), Extension.USE_SRTP);
            if (srtpExt != null) {
                List<Integer> offered = Extension.parseUseSrtp(srtpExt.data());
                for (SrtpProfile p : cfg.srtpProfiles()) {
                    if (offered.contains(p.dtlsId())) {
                        srtpProfile = p;
                        break;
                    }
                }
            }
            for (Extension e : ch.extensions()) {
                if (e.type() == Extension.SUPPORTED_VERSIONS || e.type() == Extension.KEY_SHARE) {
                    log("ClientHello offers DTLS 1.3 (%s): answering with DTLS 1.2", Extension.name(e.type()));
                    break;
                }
            }
            log("chose %s, group %s, signature %s, extended_master_secret %s, SRTP profile %s", suite, group, signScheme, ems, srtpProfileName());
            clientHello = ch;
            sendSeq = m.messageSeq();
            addToTranscript(m);
            serverRandom = random(32);
            List<Extension> exts = new ArrayList<>();
            if (secureReneg) exts.add(Extension.renegotiationInfo());
            if (ems) exts.add(Extension.empty(Extension.EXTENDED_MASTER_SECRET));
            if (Extension.find(ch.extensions(), Extension.EC_POINT_FORMATS) != null) exts.add(Extension.pointFormats());
            if (srtpProfile != null) exts.add(Extension.useSrtp(List.of(srtpProfile)));
            List<Outgoing> f = new ArrayList<>();
            f.add(hs(new Handshake.ServerHello(DtlsRecord.DTLS_1_2, Bytes.wrap(serverRandom), Bytes.EMPTY, suite.id(), 0, exts)));
            f.add(hs(certificateMessage()));
            ephemeral = group.generate(cfg.random());
            byte[] pub = group.encodePublic(ephemeral.getPublic());
            Handshake.ServerKeyExchange unsigned = new Handshake.ServerKeyExchange(group.id(), Bytes.wrap(pub), signScheme.id(), Bytes.EMPTY);
            byte[] sig = signScheme.sign(cfg.certificate().privateKey(), cfg.random(), clientRandom, serverRandom, unsigned.params());
            f.add(hs(new Handshake.ServerKeyExchange(group.id(), Bytes.wrap(pub), signScheme.id(), Bytes.wrap(sig))));
            if (cfg.requireClientCertificate()) {
                certRequested = true;
                List<Integer> schemes = new ArrayList<>();
                for (SignatureScheme s : cfg.signatureSchemes()) schemes.add(s.id());
                f.add(hs(new Handshake.CertificateRequest(Bytes.of((byte) 64, (byte) 1), schemes, Bytes.EMPTY)));
            }
            f.add(hs(new Handshake.ServerHelloDone()));
            lastType = Handshake.SERVER_HELLO_DONE;
            setState(State.SERVER_HELLO_SENT);
            sendFlight(now, f, false);
        } catch (DtlsParseException e) {
            throw new Fatal(AlertDescription.DECODE_ERROR, e.getMessage());
        }
    }

    private byte[] cookieFor(Handshake.ClientHello ch) throws GeneralSecurityException {
        if (cookieSecret == null) cookieSecret = random(32);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(cookieSecret, "HmacSHA256"));
        mac.update(ch.random().toByteArray());
        mac.update(ch.sessionId().toByteArray());
        for (int s : ch.cipherSuites()) {
            mac.update((byte) (s >>> 8));
            mac.update((byte) s);
        }
        return Arrays.copyOf(mac.doFinal(), 20);
    }

    // ----------------------------------------------------------------- shared

    private Handshake.CertificateMessage certificateMessage() {
        List<Bytes> ders = new ArrayList<>();
        for (X509Certificate c : cfg.certificate().chain()) {
            try {
                ders.add(Bytes.wrap(c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Handshake.CertificateMessage(ders);
    }

    private List<X509Certificate> checkPeerCertificates(Handshake.CertificateMessage c) throws Fatal {
        List<X509Certificate> chain = new ArrayList<>();
        for (Bytes der : c.certificates()) {
            try {
                chain.add(DtlsCertificate.parse(der.toByteArray()));
            } catch (CertificateException | RuntimeException e) {
                throw new Fatal(AlertDescription.BAD_CERTIFICATE, "unparseable certificate: " + e.getMessage());
            }
        }
        if (!chain.isEmpty()) {
            Fingerprint expected = cfg.expectedPeerFingerprint();
            Fingerprint actual = Fingerprint.of(c.certificates().get(0).toByteArray(), "sha-256");
            if (expected != null && !expected.matches(c.certificates().get(0).toByteArray())) {
                throw new Fatal(AlertDescription.BAD_CERTIFICATE, "peer certificate fingerprint " + actual + " does not match expected " + expected);
            }
            log("peer certificate %s, fingerprint %s%s", chain.get(0).getSubjectX500Principal(), actual,
                    expected != null ? " (matches the expected one)" : " (no expected fingerprint configured)");
        }
        return List.copyOf(chain);
    }

    private void masterSecret(byte[] pms) throws GeneralSecurityException {
        if (ems) {
            byte[] sessionHash = MessageDigest.getInstance(suite.hash()).digest(transcript.toByteArray());
            masterSecret = Prf.compute(suite.hmac(), pms, "extended master secret", sessionHash, 48);
            log("master secret from PRF(pre_master_secret, \"extended master secret\", session_hash)");
        } else {
            masterSecret = Prf.compute(suite.hmac(), pms, "master secret", Prf.concat(clientRandom, serverRandom), 48);
            log("master secret from PRF(pre_master_secret, \"master secret\", client_random + server_random)");
        }
        Arrays.fill(pms, (byte) 0);
        if (cfg.keyLog() != null) {
            cfg.keyLog().accept("CLIENT_RANDOM " + Hex.encode(clientRandom) + " " + Hex.encode(masterSecret));
        }
    }

    private void deriveKeys() {
        int k = suite.keyLength();
        int iv = suite.fixedIvLength();
        byte[] kb = Prf.compute(suite.hmac(), masterSecret, "key expansion", Prf.concat(serverRandom, clientRandom), 2 * k + 2 * iv);
        RecordProtection client = new RecordProtection(suite, Arrays.copyOfRange(kb, 0, k), Arrays.copyOfRange(kb, 2 * k, 2 * k + iv));
        RecordProtection server = new RecordProtection(suite, Arrays.copyOfRange(kb, k, 2 * k), Arrays.copyOfRange(kb, 2 * k + iv, 2 * k + 2 * iv));
        Arrays.fill(kb, (byte) 0);
        writeProt = role == Role.CLIENT ? client : server;
        readProt = role == Role.CLIENT ? server : client;
        log("epoch 1 keys derived from the key block (%s)", suite);
    }

    private byte[] verifyData(String label) throws GeneralSecurityException {
        byte[] hash = MessageDigest.getInstance(suite.hash()).digest(transcript.toByteArray());
        return Prf.compute(suite.hmac(), masterSecret, label, hash, 12);
    }

    private void established() {
        setState(State.ESTABLISHED);
        handshakeDone = true;
        transcript = new WireWriter(16);
        ephemeral = null;
        Fingerprint fp = peerChain.isEmpty() ? null : Fingerprint.of(peerChain.get(0), "sha-256");
        LOG.log(Level.DEBUG, "[DTLS] " + who + ": handshake complete: " + suite + ", SRTP profile " + srtpProfileName());
        events.add(new DtlsEvent.HandshakeComplete(suite, group, srtpProfile, ems, peerChain, fp));
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        cfg.random().nextBytes(b);
        return b;
    }

    /** Test hook: behaves like a peer that tries to renegotiate (client: new ClientHello, server: HelloRequest). */
    void requestRenegotiationForTest(long now) {
        if (state != State.ESTABLISHED) throw new IllegalStateException("not established");
        Handshake.Body b = role == Role.CLIENT ? clientHello.withCookie(Bytes.EMPTY) : null;
        int type = role == Role.CLIENT ? Handshake.CLIENT_HELLO : Handshake.HELLO_REQUEST;
        byte[] body = b == null ? new byte[0] : b.encode();
        byte[] p = HandshakeFragment.wholeMessage(type, sendSeq++, body);
        writeRecord(ContentType.HANDSHAKE, 1, p, 0, p.length);
    }

    private static long satAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
