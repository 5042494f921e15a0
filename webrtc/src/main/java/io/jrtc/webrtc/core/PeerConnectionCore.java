package io.jrtc.webrtc.core;

import io.jrtc.core.Datagram;
import io.jrtc.core.SrtpProfile;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.DtlsEvent;
import io.jrtc.dtls.Fingerprint;
import io.jrtc.dtls.SrtpKeyingMaterial;
import io.jrtc.ice.Candidate;
import io.jrtc.ice.IceAgent;
import io.jrtc.ice.IceConfig;
import io.jrtc.ice.IceConnectionState;
import io.jrtc.ice.IceEvent;
import io.jrtc.ice.IceGatheringState;
import io.jrtc.ice.IceParseException;
import io.jrtc.ice.IceRole;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.sctp.SctpConfig;
import io.jrtc.sctp.datachannel.DataChannel;
import io.jrtc.sctp.datachannel.DataChannelEvent;
import io.jrtc.sctp.datachannel.DataChannels;
import io.jrtc.sdp.Attribute;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.MediaDescription;
import io.jrtc.sdp.SdpParseException;
import io.jrtc.sdp.SessionDescription;
import io.jrtc.sdp.SetupRole;
import io.jrtc.sdp.jsep.Answer;
import io.jrtc.sdp.jsep.AnswerOptions;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.DataChannelParameters;
import io.jrtc.sdp.jsep.Jsep;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.sdp.jsep.Offer;
import io.jrtc.sdp.jsep.SendStream;
import io.jrtc.sdp.jsep.Transceiver;
import io.jrtc.sdp.jsep.TransportParameters;
import io.jrtc.srtp.SrtpContext;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannelInit;
import io.jrtc.webrtc.RtcIceCandidate;
import io.jrtc.webrtc.RtcSessionDescription;
import io.jrtc.webrtc.RtcStatsReport;
import io.jrtc.webrtc.SignalingState;
import io.jrtc.webrtc.IceServer;
import io.jrtc.webrtc.media.MediaConfig;
import io.jrtc.webrtc.media.MediaEvent;
import io.jrtc.webrtc.media.MediaSection;
import io.jrtc.webrtc.media.MediaSession;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;

/**
 * The whole of a peer connection as one sans-IO engine: every layer composed, no sockets, threads or
 * clock. Datagrams and the time go in ({@link #handleInput}, {@link #handleTimeout}); datagrams to send,
 * the next deadline and {@link PeerEvent}s come out. The W3C-shaped {@code PeerConnection} drives it on
 * a Netty event loop; tests drive it on the test kit's simulated network.
 *
 * <pre>
 *  UDP datagram ──► ICE agent ──(STUN: checks, consent; answered inside)
 *                       │ data on a candidate pair
 *                       ▼
 *                  RFC 7983 demux (first byte) ──[20..63]──► DTLS ──application data──► SCTP ──► data channels
 *                       │                                     │ exporter (RFC 5764)
 *                       └──[128..191]──► SRTP/SRTCP ◄── keys ─┘
 *                                           │
 *                                           └──► RTP streams (frames, NACK/RTX, PLI/FIR, SR/RR, transport-cc)
 * </pre>
 *
 * <p>Wiring rules (each fixes something the hand-wired compositions got wrong):
 * <ul>
 *   <li>The DTLS client starts on the selected pair; anything a layer sends before ICE has a pair is
 *       held (bounded) and sent when the pair is selected, never dropped silently.</li>
 *   <li>The DTLS role comes from {@code a=setup}; the peer's certificate must match its
 *       {@code a=fingerprint}; SRTP is keyed from the DTLS exporter; SCTP rides on DTLS application data.</li>
 *   <li>Layers close in order: SCTP (ABORT), then DTLS (close_notify), then ICE; after DTLS is closed no
 *       SCTP timer sends through it.</li>
 *   <li>Input that matches no layer, DTLS from an address that is not the selected pair's, SRTP that
 *       fails authentication or comes before the keys: counted ({@link #counters()}), dropped, logged at
 *       debug. An unexpected exception inside a layer is caught and counted too (one hostile datagram
 *       must not kill a server) unless the configuration asks to rethrow (tests, fuzzing).</li>
 * </ul>
 *
 * <p>Confined to one thread; takes no locks.
 */
public final class PeerConnectionCore implements DatagramEngine<PeerEvent> {
    private static final System.Logger LOG = System.getLogger("jrtc.webrtc");
    /** Datagrams held while ICE has no selected pair (DTLS flights, mostly). */
    private static final int MAX_HELD = 64;

    private final CoreConfig config;
    private final RtcConfiguration rtc;
    private final RandomGenerator random;
    private final String sessionId;
    private final String cname;
    private final String prefix;
    private long sessionVersion;

    // signalling
    private SignalingState signalingState = SignalingState.STABLE;
    private SessionDescription currentLocal;
    private SessionDescription pendingLocal;
    private SessionDescription currentRemote;
    private SessionDescription pendingRemote;
    private RtcSessionDescription.Type localType;
    private RtcSessionDescription.Type remoteType;
    private final List<String> localCandidates = new ArrayList<>();
    private String iceUfrag;
    private String icePwd;
    private boolean restartPending;
    /** The credentials of a restart offer that was created and not set yet. */
    private String restartUfrag;
    private String restartPwd;
    private String remoteUfrag;
    private boolean negotiationNeededPending;
    private boolean dataChannelNegotiated;

    // layers
    private IceAgent ice;
    private DtlsEndpoint dtls;
    private boolean dtlsClient;
    private boolean dtlsStarted;
    private Fingerprint remoteFingerprint;
    private DataChannels sctp;
    private boolean sctpStarted;
    private boolean sctpClosed;
    private long remoteMaxMessageSize = 65536;
    private int remoteSctpPort = 5000;
    private SrtpContext srtpIn;
    private SrtpContext srtpOut;
    private SrtpProfile srtpProfile;
    private MediaSession media;

    // application objects
    private final List<CoreChannel> channels = new ArrayList<>();
    private final List<CoreTransceiver> transceivers = new ArrayList<>();

    // state
    private IceConnectionState iceState = IceConnectionState.NEW;
    private IceGatheringState gatheringState = IceGatheringState.NEW;
    private PeerConnectionState connectionState = PeerConnectionState.NEW;
    private DtlsState dtlsState = DtlsState.NEW;
    private boolean closed;

    private final ArrayDeque<Datagram> transmits = new ArrayDeque<>();
    private final ArrayDeque<PeerEvent> events = new ArrayDeque<>();
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    /** Remote candidates handed to ICE in this ICE generation (limit: maxRemoteCandidates). */
    private int remoteCandidates;
    /** From the mux port: whether its server is under load (then our DTLS server asks for a cookie), or null. */
    private java.util.function.BooleanSupplier dtlsUnderLoad;
    /** The SSRCs the peer has sent authenticated SRTP/SRTCP from (limit: maxRemoteSsrcs). */
    private final java.util.Set<Long> remoteSsrcs = new java.util.HashSet<>();
    private final Counters counters = new Counters();
    private long lastNow;
    /** Something was queued without a pump (a data channel send). */
    private boolean dirty;

    /** W3C {@code RTCDtlsTransportState}. */
    public enum DtlsState { NEW, CONNECTING, CONNECTED, CLOSED, FAILED;
        public String w3cName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the core counted: drops and failures, each for a reason. Read on the core's thread. */
    public static final class Counters {
        /** Creates one; it has no settings of its own. */
        public Counters() {
        }

        public long datagramsReceived;
        public long bytesReceived;
        public long datagramsSent;
        public long bytesSent;
        /** Empty, ZRTP, unknown first byte, TURN channel data on the pair. */
        public long unmatchedDatagrams;
        /** DTLS from an address that is not the selected pair's remote. */
        public long dtlsFromUnexpectedAddress;
        /** DTLS before the DTLS role was known (no remote description yet). */
        public long dtlsBeforeNegotiation;
        public long srtpBeforeKeys;
        /** SRTP packets refused for any reason but a replay (forged, corrupted, malformed). */
        public long srtpAuthFailures;
        public long srtcpAuthFailures;
        /** SRTP packets whose index was already accepted or is older than the replay window (RFC 3711 §3.3.2). */
        public long srtpReplayed;
        public long srtcpReplayed;
        /** Remote candidates beyond {@link RtcConfiguration#maxRemoteCandidates()}: not used. */
        public long remoteCandidatesOverLimit;
        /** SRTP/SRTCP packets from an SSRC beyond {@link RtcConfiguration#maxRemoteSsrcs()}: dropped. */
        public long remoteSsrcsOverLimit;
        /** Data channels refused (the peer's) or not created (ours) beyond {@link RtcConfiguration#maxDataChannels()}. */
        public long dataChannelsOverLimit;
        /** Remote descriptions refused for being larger than {@link RtcConfiguration#maxSdpBytes()}. */
        public long sdpOverLimit;
        /** ClientHellos a mux port dropped because its limit of concurrent DTLS handshakes was reached. */
        public long dtlsHandshakesOverLimit;
        /** Datagrams held for lack of a selected pair and then dropped because too many were waiting. */
        public long heldDropped;
        /** Media or SCTP that could not be sent (no pair, DTLS not up or closed). */
        public long sendDropped;
        /** Unexpected exceptions caught inside a layer. */
        public long internalErrors;
        public long srtpProtectFailures;
        /** Non-STUN datagrams on candidate pairs (DTLS, SRTP), W3C transport packetsSent/bytesSent. */
        public long payloadPacketsSent;
        public long payloadBytesSent;
        public long payloadPacketsReceived;
        public long payloadBytesReceived;

        Counters copy() {
            Counters c = new Counters();
            c.datagramsReceived = datagramsReceived;
            c.bytesReceived = bytesReceived;
            c.datagramsSent = datagramsSent;
            c.bytesSent = bytesSent;
            c.unmatchedDatagrams = unmatchedDatagrams;
            c.dtlsFromUnexpectedAddress = dtlsFromUnexpectedAddress;
            c.dtlsBeforeNegotiation = dtlsBeforeNegotiation;
            c.srtpBeforeKeys = srtpBeforeKeys;
            c.srtpAuthFailures = srtpAuthFailures;
            c.srtcpAuthFailures = srtcpAuthFailures;
            c.srtpReplayed = srtpReplayed;
            c.srtcpReplayed = srtcpReplayed;
            c.remoteCandidatesOverLimit = remoteCandidatesOverLimit;
            c.remoteSsrcsOverLimit = remoteSsrcsOverLimit;
            c.dataChannelsOverLimit = dataChannelsOverLimit;
            c.sdpOverLimit = sdpOverLimit;
            c.dtlsHandshakesOverLimit = dtlsHandshakesOverLimit;
            c.heldDropped = heldDropped;
            c.sendDropped = sendDropped;
            c.internalErrors = internalErrors;
            c.srtpProtectFailures = srtpProtectFailures;
            c.payloadPacketsSent = payloadPacketsSent;
            c.payloadBytesSent = payloadBytesSent;
            c.payloadPacketsReceived = payloadPacketsReceived;
            c.payloadBytesReceived = payloadBytesReceived;
            return c;
        }

        @Override
        public String toString() {
            return "in=" + datagramsReceived + " out=" + datagramsSent + " unmatched=" + unmatchedDatagrams
                    + " dtlsUnexpectedAddress=" + dtlsFromUnexpectedAddress + " dtlsEarly=" + dtlsBeforeNegotiation
                    + " srtpBeforeKeys=" + srtpBeforeKeys + " srtpAuthFailures=" + srtpAuthFailures
                    + " srtcpAuthFailures=" + srtcpAuthFailures + " heldDropped=" + heldDropped
                    + " sendDropped=" + sendDropped + " internalErrors=" + internalErrors
                    + " srtpReplayed=" + srtpReplayed + " srtcpReplayed=" + srtcpReplayed
                    + " candidatesOverLimit=" + remoteCandidatesOverLimit + " ssrcsOverLimit=" + remoteSsrcsOverLimit
                    + " channelsOverLimit=" + dataChannelsOverLimit + " sdpOverLimit=" + sdpOverLimit
                    + " dtlsHandshakesOverLimit=" + dtlsHandshakesOverLimit;
        }
    }

    public PeerConnectionCore(CoreConfig config) {
        this.config = config;
        this.rtc = config.rtc();
        this.random = config.random();
        this.sessionId = Long.toUnsignedString(random.nextLong() >>> 2);
        this.cname = iceString(16);
        this.iceUfrag = iceString(8);
        this.icePwd = iceString(24);
        this.prefix = rtc.label() == null ? "" : rtc.label() + ": ";
    }

    // ================================================================== signalling

    /** W3C {@code createOffer}: an offer for every transceiver and, if any channel exists, a data channel section. */
    public String createOffer(long now) {
        checkOpen();
        lastNow = now;
        if (restartPending && restartUfrag == null) {
            // the credentials of the restart; they take effect when this offer is set as local description
            restartUfrag = iceString(8);
            restartPwd = iceString(24);
        }
        List<Transceiver> jsepTransceivers = new ArrayList<>();
        for (CoreTransceiver t : transceivers) {
            jsepTransceivers.add(toJsep(t));
        }
        boolean data = dataChannelNegotiated || !channels.isEmpty();
        SessionDescription previous = currentLocal != null ? currentLocal : null;
        Offer offer = Jsep.createOffer(sessionId, ++sessionVersion,
                restartUfrag != null ? transport(restartUfrag, restartPwd) : transport(), jsepTransceivers,
                data ? dataChannelParameters() : null, previous);
        for (int i = 0; i < transceivers.size() && i < offer.transceivers().size(); i++) {
            if (transceivers.get(i).mid == null) {
                transceivers.get(i).mid = offer.transceivers().get(i).mid();
            }
        }
        return lite(offer.description()).write();
    }

    /** An ICE-lite endpoint says so at session level (RFC 8839 §5.3), so a full peer takes the controlling role. */
    private SessionDescription lite(SessionDescription d) {
        if (!rtc.iceLite() || hasFlag(d, "ice-lite")) {
            return d;
        }
        List<Attribute> attributes = new ArrayList<>(d.attributes());
        attributes.add(0, new Attribute.Flag("ice-lite"));
        return d.withAttributes(attributes);
    }

    /** W3C {@code createAnswer} to the remote offer that was set. */
    public String createAnswer(long now) {
        checkOpen();
        lastNow = now;
        if (signalingState != SignalingState.HAVE_REMOTE_OFFER && signalingState != SignalingState.HAVE_LOCAL_PRANSWER) {
            throw new IllegalStateException("createAnswer needs a remote offer (signaling state " + signalingState.w3cName() + ")");
        }
        SessionDescription offer = pendingRemote;
        AnswerOptions options = AnswerOptions.defaults(sessionId, transport()).withSessionVersion(++sessionVersion)
                .withSetup(SetupRole.ACTIVE).withDataChannel(dataChannelParameters());
        if (rtc.audioCodecs() != null) {
            options = options.withCodecs(MediaKind.AUDIO, rtc.audioCodecs());
        }
        if (rtc.videoCodecs() != null) {
            options = options.withCodecs(MediaKind.VIDEO, rtc.videoCodecs());
        }
        for (CoreTransceiver t : transceivers) {
            if (t.mid == null || t.stopped) {
                continue;
            }
            options = options.withDirection(t.mid, t.direction);
            if (t.direction.sends()) {
                options = options.withSend(t.mid, sendStream(t));
            }
        }
        Answer answer = Jsep.createAnswer(offer, options);
        return lite(answer.description()).write();
    }

    /** W3C {@code setLocalDescription}. */
    public void setLocalDescription(long now, RtcSessionDescription description) {
        checkOpen();
        lastNow = now;
        RtcSessionDescription.Type type = description.type();
        if (type == RtcSessionDescription.Type.ROLLBACK) {
            rollback(now);
            return;
        }
        SessionDescription d = parse(description.sdp(), "local " + type.w3cName());
        switch (type) {
            case OFFER -> {
                requireState("setLocalDescription(offer)", SignalingState.STABLE, SignalingState.HAVE_LOCAL_OFFER);
                pendingLocal = d;
                localType = type;
                ensureAgent(now, !rtc.iceLite());
                // the credentials this offer carries: new ones (restartIce, or munged by the application)
                // restart ICE with them
                MediaDescription first = firstAccepted(d);
                Attribute.IceUfrag u = first == null ? null : d.effective(first, Attribute.IceUfrag.class);
                Attribute.IcePwd pw = first == null ? null : d.effective(first, Attribute.IcePwd.class);
                if (u != null && pw != null && !u.ufrag().equals(iceUfrag) && ice.gatheringState() != IceGatheringState.NEW) {
                    iceUfrag = u.ufrag();
                    icePwd = pw.password();
                    localCandidates.clear();
                    ice.restart(now, iceUfrag, icePwd);
                    restartPending = false;
                    restartUfrag = null;
                    restartPwd = null;
                }
                setSignalingState(SignalingState.HAVE_LOCAL_OFFER);
                ice.startGathering(now);
            }
            case ANSWER, PRANSWER -> {
                requireState("setLocalDescription(answer)", SignalingState.HAVE_REMOTE_OFFER, SignalingState.HAVE_LOCAL_PRANSWER);
                localType = type;
                if (type == RtcSessionDescription.Type.ANSWER) {
                    currentLocal = d;
                    pendingLocal = null;
                    currentRemote = pendingRemote;
                    pendingRemote = null;
                    setSignalingState(SignalingState.STABLE);
                } else {
                    pendingLocal = d;
                    setSignalingState(SignalingState.HAVE_LOCAL_PRANSWER);
                }
                ice.startGathering(now);
                SetupRole ours = setupOf(d);
                applyNegotiation(now, d, currentRemote != null ? currentRemote : pendingRemote, ours == SetupRole.ACTIVE);
            }
            default -> throw new IllegalArgumentException("unknown description type " + type);
        }
        pump(now);
    }

    /** W3C {@code setRemoteDescription}; IllegalArgumentException with a clear reason when it cannot be used. */
    public void setRemoteDescription(long now, RtcSessionDescription description) {
        checkOpen();
        lastNow = now;
        RtcSessionDescription.Type type = description.type();
        if (type == RtcSessionDescription.Type.ROLLBACK) {
            rollback(now);
            return;
        }
        checkSdpSize(description.sdp());
        SessionDescription d = parse(description.sdp(), "remote " + type.w3cName());
        RemoteTransport rt = remoteTransport(d, type.w3cName());
        switch (type) {
            case OFFER -> {
                requireState("setRemoteDescription(offer)", SignalingState.STABLE, SignalingState.HAVE_REMOTE_OFFER);
                pendingRemote = d;
                remoteType = type;
                boolean remoteLite = hasFlag(d, "ice-lite");
                ensureAgent(now, !rtc.iceLite() && remoteLite);
                applyRemoteTransport(now, d, rt);
                adoptRemoteSections(now, d);
                setSignalingState(SignalingState.HAVE_REMOTE_OFFER);
            }
            case ANSWER, PRANSWER -> {
                requireState("setRemoteDescription(answer)", SignalingState.HAVE_LOCAL_OFFER, SignalingState.HAVE_REMOTE_PRANSWER);
                remoteType = type;
                if (rt.setup != SetupRole.ACTIVE && rt.setup != SetupRole.PASSIVE) {
                    throw new IllegalArgumentException("the answer must say a=setup:active or a=setup:passive, not "
                            + (rt.setup == null ? "nothing" : rt.setup.name().toLowerCase(Locale.ROOT)));
                }
                applyRemoteTransport(now, d, rt);
                SessionDescription local = pendingLocal;
                if (type == RtcSessionDescription.Type.ANSWER) {
                    currentRemote = d;
                    pendingRemote = null;
                    currentLocal = local;
                    pendingLocal = null;
                    setSignalingState(SignalingState.STABLE);
                } else {
                    pendingRemote = d;
                    setSignalingState(SignalingState.HAVE_REMOTE_PRANSWER);
                }
                adoptRemoteSections(now, d);
                // the answerer's setup:active makes it the DTLS client, and us the server
                applyNegotiation(now, local, d, rt.setup == SetupRole.PASSIVE);
            }
            default -> throw new IllegalArgumentException("unknown description type " + type);
        }
        pump(now);
    }

    /** Refuses a remote description over {@link RtcConfiguration#maxSdpBytes()} before parsing it. */
    private void checkSdpSize(String sdp) {
        if (sdp == null) {
            return;
        }
        // UTF-8 is at most 3 bytes per char of a String (4 per surrogate pair, 2 chars): count only when it may matter
        long bytes = sdp.length() * 3L <= rtc.maxSdpBytes() ? sdp.length()
                : sdp.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > rtc.maxSdpBytes()) {
            counters.sdpOverLimit++;
            LOG.log(DEBUG, "{0}remote description of {1} bytes refused (maxSdpBytes {2})", prefix, bytes, rtc.maxSdpBytes());
            throw new IllegalArgumentException("the remote description is " + bytes + " bytes, more than maxSdpBytes ("
                    + rtc.maxSdpBytes() + ")");
        }
    }

    /** Hands a remote candidate to ICE unless maxRemoteCandidates is reached; false (counted) when not. */
    private boolean addRemoteCandidate(long now, Candidate c) {
        if (remoteCandidates >= rtc.maxRemoteCandidates()) {
            counters.remoteCandidatesOverLimit++;
            LOG.log(DEBUG, "{0}[ICE] remote candidate over the limit of {1} ignored: {2}", prefix, rtc.maxRemoteCandidates(), c);
            return false;
        }
        remoteCandidates++;
        ice.addRemoteCandidate(now, c);
        return true;
    }

    /** W3C {@code addIceCandidate}; an empty candidate is the end of the remote candidates. */
    public void addIceCandidate(long now, RtcIceCandidate candidate) {
        checkOpen();
        lastNow = now;
        if (currentRemote == null && pendingRemote == null) {
            throw new IllegalStateException("addIceCandidate before setRemoteDescription");
        }
        if (candidate == null || candidate.isEndOfCandidates()) {
            ice.endOfRemoteCandidates(now);
        } else {
            Candidate c;
            try {
                c = Candidate.parse(candidate.candidate());
            } catch (IceParseException e) {
                throw new IllegalArgumentException("bad candidate: " + e.getMessage(), e);
            }
            if (!addRemoteCandidate(now, c)) {
                throw new IllegalArgumentException("too many remote candidates: maxRemoteCandidates is "
                        + rtc.maxRemoteCandidates() + " (candidate ignored, the connection goes on without it)");
            }
        }
        pump(now);
    }

    /** W3C {@code restartIce}: the next offer carries new ICE credentials. */
    public void restartIce() {
        checkOpen();
        restartPending = true;
        negotiationNeeded();
    }

    private void rollback(long now) {
        if (signalingState == SignalingState.HAVE_LOCAL_OFFER) {
            pendingLocal = null;
        } else if (signalingState == SignalingState.HAVE_REMOTE_OFFER) {
            pendingRemote = null;
        } else {
            throw new IllegalStateException("nothing to roll back in " + signalingState.w3cName());
        }
        setSignalingState(SignalingState.STABLE);
        pump(now);
    }

    // ------------------------------------------------------------------ descriptions

    /** The current or pending local description with every candidate gathered so far, or null. */
    public RtcSessionDescription localDescription() {
        SessionDescription d = pendingLocal != null ? pendingLocal : currentLocal;
        if (d == null) {
            return null;
        }
        return new RtcSessionDescription(localType, withCandidates(d).write());
    }

    public RtcSessionDescription remoteDescription() {
        SessionDescription d = pendingRemote != null ? pendingRemote : currentRemote;
        return d == null ? null : new RtcSessionDescription(remoteType, d.write());
    }

    private SessionDescription withCandidates(SessionDescription d) {
        String mid = null;
        for (MediaDescription m : d.media()) {
            if (!m.isRejected()) {
                mid = m.mid();
                break;
            }
        }
        if (mid == null) {
            return d;
        }
        for (String c : localCandidates) {
            try {
                d = Jsep.addCandidate(d, mid, (io.jrtc.sdp.CandidateAttribute) Attribute.parse(c));
            } catch (SdpParseException | ClassCastException e) {
                LOG.log(DEBUG, "{0}local candidate not written into the description: {1}", prefix, e.getMessage());
            }
        }
        if (gatheringState == IceGatheringState.COMPLETE) {
            d = Jsep.endOfCandidates(d, mid);
        }
        return d;
    }

    private static SessionDescription parse(String sdp, String what) {
        if (sdp == null || sdp.isBlank()) {
            throw new IllegalArgumentException("the " + what + " description is empty");
        }
        try {
            return SessionDescription.parse(sdp);
        } catch (SdpParseException e) {
            throw new IllegalArgumentException("the " + what + " description is not valid SDP: " + e.getMessage(), e);
        }
    }

    /** The transport values of a remote description: from its first accepted section (BUNDLE). */
    private record RemoteTransport(MediaDescription first, String ufrag, String pwd, Fingerprint fingerprint, SetupRole setup) {
    }

    private static RemoteTransport remoteTransport(SessionDescription d, String what) {
        MediaDescription first = null;
        for (MediaDescription m : d.media()) {
            if (!m.isRejected()) {
                first = m;
                break;
            }
        }
        if (first == null) {
            throw new IllegalArgumentException("the " + what + " has no section to accept (no m= line, or all rejected)");
        }
        Attribute.IceUfrag ufrag = d.effective(first, Attribute.IceUfrag.class);
        Attribute.IcePwd pwd = d.effective(first, Attribute.IcePwd.class);
        Attribute.Fingerprint fp = d.effective(first, Attribute.Fingerprint.class);
        if (ufrag == null || ufrag.ufrag().isEmpty()) {
            throw new IllegalArgumentException("the " + what + " has no a=ice-ufrag");
        }
        if (pwd == null || pwd.password().isEmpty()) {
            throw new IllegalArgumentException("the " + what + " has no a=ice-pwd");
        }
        if (fp == null) {
            throw new IllegalArgumentException("the " + what + " has no a=fingerprint (DTLS cannot be authenticated)");
        }
        Fingerprint fingerprint;
        try {
            fingerprint = Fingerprint.parse(fp.hashFunction() + " " + fp.fingerprint());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the " + what + " has an unusable a=fingerprint: " + e.getMessage(), e);
        }
        Attribute.Setup setup = d.effective(first, Attribute.Setup.class);
        return new RemoteTransport(first, ufrag.ufrag(), pwd.password(), fingerprint, setup == null ? null : setup.role());
    }

    private static MediaDescription firstAccepted(SessionDescription d) {
        for (MediaDescription m : d.media()) {
            if (!m.isRejected()) {
                return m;
            }
        }
        return null;
    }

    private static boolean hasFlag(SessionDescription d, String name) {
        for (Attribute.Flag f : d.all(Attribute.Flag.class)) {
            if (f.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static SetupRole setupOf(SessionDescription d) {
        for (MediaDescription m : d.media()) {
            if (!m.isRejected()) {
                Attribute.Setup s = d.effective(m, Attribute.Setup.class);
                return s == null ? null : s.role();
            }
        }
        return null;
    }

    /** ICE credentials (restart when they changed), candidates, the fingerprint. */
    private void applyRemoteTransport(long now, SessionDescription d, RemoteTransport rt) {
        if (remoteFingerprint != null && !remoteFingerprint.equals(rt.fingerprint) && dtls != null) {
            throw new IllegalArgumentException("the remote a=fingerprint changed during the session");
        }
        remoteFingerprint = rt.fingerprint;
        if (remoteUfrag != null && !remoteUfrag.equals(rt.ufrag) && signalingState == SignalingState.STABLE) {
            // the remote restarts ICE: we answer with new credentials too (RFC 8829 §5.3.1)
            LOG.log(INFO, "{0}[ICE] the remote restarts ICE (ufrag {1} -> {2})", prefix, remoteUfrag, rt.ufrag);
            iceUfrag = iceString(8);
            icePwd = iceString(24);
            localCandidates.clear();
            ice.restart(now, iceUfrag, icePwd);
            remoteCandidates = 0;
        }
        remoteUfrag = rt.ufrag;
        ice.setRemoteCredentials(now, rt.ufrag, rt.pwd);
        boolean end = false;
        for (MediaDescription m : d.media()) {
            if (m.isRejected()) {
                continue;
            }
            for (io.jrtc.sdp.CandidateAttribute c : m.candidates()) {
                try {
                    addRemoteCandidate(now, Candidate.parse(c.toCandidateString()));
                } catch (IceParseException e) {
                    LOG.log(DEBUG, "{0}[ICE] remote candidate ignored: {1}", prefix, e.getMessage());
                }
            }
            end |= m.has("end-of-candidates");
        }
        if (end) {
            ice.endOfRemoteCandidates(now);
        }
    }

    /** Remote m= sections that are new get a transceiver; those the remote sends on raise a Track event. */
    private void adoptRemoteSections(long now, SessionDescription d) {
        for (MediaDescription m : d.media()) {
            MediaKind kind = MediaKind.fromToken(m.media());
            if (kind == null || m.isDataChannel() || m.mid() == null) {
                continue;
            }
            CoreTransceiver t = transceiverByMid(m.mid());
            if (t == null) {
                for (CoreTransceiver c : transceivers) {
                    if (c.mid == null && c.kind == kind && !c.stopped) {
                        t = c; // JSEP §5.10: a transceiver added by addTrack takes the offered section
                        break;
                    }
                }
                if (t == null) {
                    if (m.isRejected()) {
                        continue;
                    }
                    t = newTransceiver(kind, Direction.RECVONLY, null);
                }
                t.mid = m.mid();
            }
            if (m.isRejected()) {
                t.stopped = true;
                continue;
            }
            Attribute.Msid msid = m.first(Attribute.Msid.class);
            t.remoteStreamIds = msid == null || msid.streamId().equals("-") ? List.of() : List.of(msid.streamId());
            t.remoteTrackId = msid == null ? null : msid.trackId();
            if (m.direction().sends() && !t.trackReported) {
                t.trackReported = true;
                events.add(new PeerEvent.Track(t, t.remoteStreamIds, t.remoteTrackId));
            }
        }
    }

    /**
     * Both descriptions are known: the DTLS role, the DTLS endpoint (started at once as the server,
     * on the selected pair as the client), SCTP when a data channel section was accepted, media.
     */
    private void applyNegotiation(long now, SessionDescription local, SessionDescription remote, boolean client) {
        if (local == null || remote == null) {
            return;
        }
        MediaDescription localData = null;
        MediaDescription remoteData = null;
        for (MediaDescription m : local.media()) {
            if (m.isDataChannel() && !m.isRejected()) {
                localData = m;
            }
        }
        for (MediaDescription m : remote.media()) {
            if (m.isDataChannel() && !m.isRejected()) {
                remoteData = m;
            }
        }
        for (CoreTransceiver t : transceivers) {
            MediaDescription lm = t.mid == null ? null : local.section(t.mid);
            if (lm != null && !lm.isRejected()) {
                t.currentDirection = lm.direction();
            } else if (lm != null) {
                t.currentDirection = Direction.INACTIVE;
                t.stopped = true;
            }
        }
        configureMedia(now, local, remote);
        if (dtls == null) {
            dtlsClient = client;
            DtlsConfig.Builder b = DtlsConfig.builder().certificate(config.certificate())
                    .expectedPeerFingerprint(remoteFingerprint).random(config.secureRandom()).mtu(rtc.mtu());
            if (rtc.cipherSuites() != null) {
                b.cipherSuites(rtc.cipherSuites());
            }
            if (rtc.srtpProfiles() != null) {
                b.srtpProfiles(rtc.srtpProfiles());
            }
            if (config.keyLog() != null) {
                b.keyLog(config.keyLog());
            }
            if (!client) {
                boolean underLoad = dtlsUnderLoad != null && dtlsUnderLoad.getAsBoolean();
                b.helloVerifyRequest(rtc.dtlsCookieExchange() || underLoad);
                if (underLoad && !rtc.dtlsCookieExchange()) {
                    LOG.log(DEBUG, "{0}[DTLS] the server is under load: this handshake starts with a cookie exchange", prefix);
                }
            }
            dtls = client ? DtlsEndpoint.client(b.build()) : DtlsEndpoint.server(b.build());
            setDtlsState(DtlsState.CONNECTING);
            LOG.log(INFO, "{0}[DTLS] role {1} (a=setup), peer fingerprint {2}", prefix, client ? "client" : "server",
                    shortFingerprint(remoteFingerprint));
            if (!client) {
                dtls.start(now); // a server arms its handshake timer and waits for the ClientHello
                dtlsStarted = true;
            } else {
                maybeStartDtlsClient(now);
            }
        }
        if (localData != null && remoteData != null && sctp == null && !sctpClosed) {
            dataChannelNegotiated = true;
            Attribute.MaxMessageSize mms = remote.effective(remoteData, Attribute.MaxMessageSize.class);
            remoteMaxMessageSize = mms == null ? 65536 : mms.size() == 0 ? Integer.MAX_VALUE : mms.size();
            Attribute.SctpPort port = remoteData.first(Attribute.SctpPort.class);
            Attribute.Sctpmap map = remoteData.first(Attribute.Sctpmap.class);
            remoteSctpPort = port != null ? port.port() : map != null ? map.number() : 5000;
            Attribute.SctpPort ourPort = localData.first(Attribute.SctpPort.class);
            int localPort = ourPort != null ? ourPort.port() : 5000;
            sctp = new DataChannels(SctpConfig.defaults(random).withPorts(localPort, remoteSctpPort),
                    client ? DataChannels.Role.CLIENT : DataChannels.Role.SERVER,
                    (int) Math.min(Integer.MAX_VALUE, remoteMaxMessageSize));
            if (dtls.isEstablished()) {
                startSctp(now);
            }
        }
    }

    private void maybeStartDtlsClient(long now) {
        if (dtls != null && dtlsClient && !dtlsStarted && ice != null && ice.selectedPair() != null) {
            LOG.log(INFO, "{0}[DTLS] ClientHello on the selected pair", prefix);
            dtls.start(now);
            dtlsStarted = true;
        }
    }

    private void startSctp(long now) {
        if (sctp != null && !sctpStarted) {
            LOG.log(INFO, "{0}[SCTP] INIT over DTLS (port {1} to {2})", prefix, "5000", String.valueOf(remoteSctpPort));
            sctpStarted = true;
            sctp.connect(now);
        }
    }

    private TransportParameters transport() {
        return transport(iceUfrag, icePwd);
    }

    private TransportParameters transport(String ufrag, String pwd) {
        return new TransportParameters(ufrag, pwd, List.of("trickle"),
                List.of(new Attribute.Fingerprint("sha-256", config.certificate().fingerprint("sha-256").hexWithColons())));
    }

    private DataChannelParameters dataChannelParameters() {
        return DataChannelParameters.defaults();
    }

    private Transceiver toJsep(CoreTransceiver t) {
        Transceiver j = Transceiver.of(t.kind, t.direction, t.direction.sends() ? sendStream(t) : null);
        List<Codec> codecs = t.kind == MediaKind.AUDIO ? rtc.audioCodecs() : rtc.videoCodecs();
        if (codecs != null) {
            j = new Transceiver(j.mid(), j.kind(), j.direction(), codecs, j.extensions(), j.send(), false);
        }
        if (t.mid != null) {
            j = j.withMid(t.mid);
        }
        return t.stopped ? j.stop() : j;
    }

    private SendStream sendStream(CoreTransceiver t) {
        return new SendStream(t.streamId, t.trackId, t.ssrc, t.kind == MediaKind.VIDEO ? t.rtxSsrc : null, cname);
    }

    // ================================================================== data channels

    /** W3C {@code createDataChannel}: opened (DCEP) once the association is up; the first one needs negotiation. */
    public CoreChannel createDataChannel(long now, String label, RtcDataChannelInit init) {
        checkOpen();
        lastNow = now;
        if (label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 65535) {
            throw new IllegalArgumentException("label longer than 65535 bytes");
        }
        if (init.negotiated()) {
            for (CoreChannel c : channels) {
                if (c.id() == init.id() && c.state != CoreChannel.State.CLOSED) {
                    throw new IllegalArgumentException("stream id " + init.id() + " is in use");
                }
            }
        }
        if (openChannels() >= rtc.maxDataChannels()) {
            counters.dataChannelsOverLimit++;
            throw new IllegalStateException("too many data channels: maxDataChannels is " + rtc.maxDataChannels());
        }
        CoreChannel ch = new CoreChannel(label, init, false);
        channels.add(ch);
        if (!dataChannelNegotiated && channels.size() == 1) {
            negotiationNeeded();
        }
        if (sctp != null && sctpConnected) {
            bind(now, ch);
        }
        pump(now);
        return ch;
    }

    private boolean sctpConnected;

    /** Channels not closed: the count maxDataChannels limits. */
    private int openChannels() {
        int n = 0;
        for (CoreChannel c : channels) {
            if (c.state != CoreChannel.State.CLOSED) {
                n++;
            }
        }
        return n;
    }

    private void bind(long now, CoreChannel ch) {
        try {
            ch.sctp = sctp.createChannel(now, ch.label, ch.init.toOptions());
            ch.sctp.setBufferedAmountLowThreshold(ch.bufferedAmountLowThreshold);
        } catch (IllegalStateException e) {
            ch.state = CoreChannel.State.CLOSED;
            events.add(new PeerEvent.ChannelError(ch, e.getMessage()));
            events.add(new PeerEvent.ChannelClosed(ch));
        }
    }

    /** Sends one message; IllegalStateException when the channel is not open, IllegalArgumentException when too large. */
    public void send(long now, CoreChannel ch, byte[] data, boolean binary) {
        lastNow = now;
        if (ch.state != CoreChannel.State.OPEN || ch.sctp == null) {
            throw new IllegalStateException("data channel '" + ch.label + "' is " + ch.state.name().toLowerCase(Locale.ROOT));
        }
        boolean queued = binary ? ch.sctp.trySend(now, data)
                : ch.sctp.trySend(now, new String(data, java.nio.charset.StandardCharsets.UTF_8));
        if (!queued) {
            throw new IllegalStateException("the send queue of data channel '" + ch.label + "' is full (bufferedAmount "
                    + ch.sctp.bufferedAmount() + " bytes): wait for onBufferedAmountLow");
        }
        ch.messagesSent++;
        ch.bytesSent += data.length;
        // no pump here: messages sent one after another go out together, SCTP bundling their DATA chunks
        // into shared packets, when the driver next polls (pollTransmit pumps first)
        dirty = true;
    }

    public void setBufferedAmountLowThreshold(CoreChannel ch, long threshold) {
        ch.bufferedAmountLowThreshold = threshold;
        if (ch.sctp != null) {
            ch.sctp.setBufferedAmountLowThreshold(threshold);
        }
    }

    /** W3C {@code RTCDataChannel.close}: resets the stream (RFC 8831 §6.7). */
    public void closeChannel(long now, CoreChannel ch) {
        lastNow = now;
        if (ch.state == CoreChannel.State.CLOSED || ch.state == CoreChannel.State.CLOSING) {
            return;
        }
        if (ch.sctp == null) {
            ch.state = CoreChannel.State.CLOSED;
            events.add(new PeerEvent.ChannelClosed(ch));
        } else {
            ch.state = CoreChannel.State.CLOSING;
            ch.sctp.close(now);
        }
        pump(now);
    }

    public List<CoreChannel> channels() {
        return Collections.unmodifiableList(channels);
    }

    private CoreChannel channelFor(DataChannel dc) {
        for (CoreChannel c : channels) {
            if (c.sctp == dc) {
                return c;
            }
        }
        return null;
    }

    // ================================================================== transceivers

    /** W3C {@code addTransceiver}; needs negotiation. */
    public CoreTransceiver addTransceiver(long now, MediaKind kind, Direction direction, List<String> streamIds) {
        checkOpen();
        lastNow = now;
        CoreTransceiver t = newTransceiver(kind, direction, streamIds == null || streamIds.isEmpty() ? null : streamIds.get(0));
        negotiationNeeded();
        return t;
    }

    /** W3C {@code addTrack}: a free transceiver of the kind starts sending, or a new sendrecv one. */
    public CoreTransceiver addTrack(long now, MediaKind kind) {
        checkOpen();
        for (CoreTransceiver t : transceivers) {
            if (t.kind == kind && !t.stopped && !t.direction.sends() && t.mid != null) {
                t.direction = t.direction == Direction.RECVONLY ? Direction.SENDRECV : Direction.SENDONLY;
                negotiationNeeded();
                return t;
            }
        }
        return addTransceiver(now, kind, Direction.SENDRECV, null);
    }

    public void setDirection(CoreTransceiver t, Direction direction) {
        if (t.direction != direction) {
            t.direction = direction;
            if (t.currentDirection != null) {
                negotiationNeeded();
            }
        }
    }

    public void stopTransceiver(CoreTransceiver t) {
        if (!t.stopped) {
            t.stopped = true;
            t.direction = Direction.INACTIVE;
            negotiationNeeded();
        }
    }

    public List<CoreTransceiver> transceivers() {
        return Collections.unmodifiableList(transceivers);
    }

    private CoreTransceiver newTransceiver(MediaKind kind, Direction direction, String streamId) {
        CoreTransceiver t = new CoreTransceiver(kind, direction, ssrc(), ssrc(), streamId == null ? iceString(12) : streamId,
                iceString(12));
        transceivers.add(t);
        return t;
    }

    private CoreTransceiver transceiverByMid(String mid) {
        for (CoreTransceiver t : transceivers) {
            if (mid.equals(t.mid)) {
                return t;
            }
        }
        return null;
    }

    private long ssrc() {
        return random.nextLong(1, 1L << 32);
    }

    // ================================================================== engine

    @Override
    public void handleInput(long now, Datagram datagram) {
        lastNow = now;
        counters.datagramsReceived++;
        counters.bytesReceived += datagram.data().length;
        if (ice == null || closed) {
            counters.unmatchedDatagrams++;
            return;
        }
        try {
            ice.handleInput(now, datagram);
            pump(now);
        } catch (RuntimeException e) {
            internalError("handleInput", e);
        }
    }

    @Override
    public void handleTimeout(long now) {
        lastNow = now;
        if (closed) {
            return;
        }
        try {
            if (ice != null && ice.pollTimeout() <= now) {
                ice.handleTimeout(now);
            }
            if (dtls != null && dtlsStarted && dtls.pollTimeout() <= now) {
                dtls.handleTimeout(now);
            }
            if (sctpStarted && !sctpClosed && sctp.pollTimeout() <= now) {
                sctp.handleTimeout(now);
            }
            if (media != null && media.pollTimeout() <= now) {
                media.handleTimeout(now);
            }
            pump(now);
        } catch (RuntimeException e) {
            internalError("handleTimeout", e);
        }
    }

    private void internalError(String where, RuntimeException e) {
        counters.internalErrors++;
        LOG.log(DEBUG, prefix + "unexpected exception in " + where + " (counted, dropped)", e);
        if (rtc.rethrowInternalErrors()) {
            throw e;
        }
    }

    @Override
    public Datagram pollTransmit() {
        pumpIfDirty();
        return transmits.poll();
    }

    @Override
    public PeerEvent pollEvent() {
        pumpIfDirty();
        return events.poll();
    }

    /** Work queued by calls that do not pump themselves ({@link #send}) moves now. */
    private void pumpIfDirty() {
        if (dirty && !closed) {
            dirty = false;
            try {
                pump(lastNow);
            } catch (RuntimeException e) {
                internalError("pump", e);
            }
        }
    }

    @Override
    public long pollTimeout() {
        pumpIfDirty();
        if (closed) {
            return NO_TIMEOUT;
        }
        long t = NO_TIMEOUT;
        if (ice != null) {
            t = Math.min(t, ice.pollTimeout());
        }
        if (dtls != null && dtlsStarted) {
            t = Math.min(t, dtls.pollTimeout());
        }
        if (sctpStarted && !sctpClosed) {
            t = Math.min(t, sctp.pollTimeout());
        }
        if (media != null && srtpOut != null) {
            t = Math.min(t, media.pollTimeout());
        }
        return t;
    }

    /** Runs every layer's pump until none has anything left to move. */
    private void pump(long now) {
        if (ice == null) {
            return;
        }
        boolean moved;
        do {
            moved = pumpIce(now);
            moved |= pumpDtls(now);
            moved |= pumpSctp(now);
            moved |= pumpMedia(now);
        } while (moved);
        drainIceTransmits();
        updateConnectionState();
    }

    private void drainIceTransmits() {
        for (Datagram d; (d = ice.pollTransmit()) != null; ) {
            counters.datagramsSent++;
            counters.bytesSent += d.data().length;
            transmits.add(d);
        }
    }

    // ------------------------------------------------------------------ ICE

    private void ensureAgent(long now, boolean controlling) {
        if (ice != null) {
            return;
        }
        IceConfig.Builder b = IceConfig.builder().role(controlling ? IceRole.CONTROLLING : IceRole.CONTROLLED)
                .credentials(iceUfrag, icePwd).localAddresses(config.localAddresses()).random(random)
                .lite(rtc.iceLite()).relayOnly(rtc.relayOnly()).nominationDelay(java.time.Duration.ofMillis(40))
                // checks paced at 20 ms (RFC 8445 §14.2 allows down to 5 ms): the nomination follows the
                // first success sooner, for a connection with a handful of pairs
                .ta(java.time.Duration.ofMillis(20));
        if (rtc.label() != null) {
            b.label(rtc.label());
        }
        if (rtc.addressFilter() != null) {
            b.addressFilter(rtc.addressFilter());
        }
        for (IceServer s : rtc.iceServers()) {
            if (s.transport() != IceServer.Transport.UDP) {
                LOG.log(INFO, "{0}[ICE] {1}: only UDP ICE servers are used for now", prefix, s);
                continue;
            }
            if (s.isTurn()) {
                b.turnServer(s.address(), s.username(), s.credential());
            } else {
                b.stunServer(s.address());
            }
        }
        ice = new IceAgent(b.build());
        LOG.log(INFO, "{0}[ICE] agent {1}, ufrag {2}", prefix, controlling ? "controlling" : "controlled", iceUfrag);
    }

    private boolean pumpIce(long now) {
        boolean moved = false;
        for (IceEvent e; (e = ice.pollEvent()) != null; ) {
            moved = true;
            if (e instanceof IceEvent.DataReceived d) {
                demultiplex(now, d);
            } else if (e instanceof IceEvent.LocalCandidate c) {
                String sdp = c.candidate().toSdp();
                localCandidates.add(sdp);
                LOG.log(INFO, "{0}[ICE] local candidate {1}", prefix, sdp);
                events.add(new PeerEvent.IceCandidate(new RtcIceCandidate(sdp, firstMid(), 0)));
            } else if (e instanceof IceEvent.GatheringStateChanged g) {
                gatheringState = g.state();
                events.add(new PeerEvent.IceGatheringStateChanged(g.state()));
            } else if (e instanceof IceEvent.ConnectionStateChanged s) {
                LOG.log(INFO, "{0}[ICE] connection state {1}", prefix, s.state().w3cName());
                iceState = s.state();
                events.add(new PeerEvent.IceConnectionStateChanged(s.state()));
            } else if (e instanceof IceEvent.SelectedPairChanged p) {
                LOG.log(INFO, "{0}[ICE] selected pair {1} -> {2}", prefix, p.local().address(), p.remote().address());
                maybeStartDtlsClient(now);
                flushHeld(now);
            }
        }
        return moved;
    }

    private String firstMid() {
        SessionDescription d = pendingLocal != null ? pendingLocal : currentLocal;
        if (d != null) {
            for (MediaDescription m : d.media()) {
                if (!m.isRejected() && m.mid() != null) {
                    return m.mid();
                }
            }
        }
        return "0";
    }

    /** Sends on the selected pair; without one the datagram is held (bounded) until a pair is selected. */
    private void sendOnPair(long now, byte[] data, boolean hold) {
        if (ice.send(now, data)) {
            counters.payloadPacketsSent++;
            counters.payloadBytesSent += data.length;
            return;
        }
        if (!hold || ice.connectionState() == IceConnectionState.FAILED || ice.connectionState() == IceConnectionState.CLOSED) {
            counters.sendDropped++;
            return;
        }
        if (held.size() >= MAX_HELD) {
            held.poll();
            counters.heldDropped++;
        }
        held.add(data);
    }

    private void flushHeld(long now) {
        while (!held.isEmpty() && ice.selectedPair() != null) {
            byte[] d = held.peek();
            if (!ice.send(now, d)) {
                return;
            }
            counters.payloadPacketsSent++;
            counters.payloadBytesSent += d.length;
            held.poll();
        }
    }

    // ------------------------------------------------------------------ demux (RFC 7983)

    private void demultiplex(long now, IceEvent.DataReceived d) {
        byte[] b = d.data();
        counters.payloadPacketsReceived++;
        counters.payloadBytesReceived += b.length;
        Demux kind = b.length == 0 ? Demux.DROP : Demux.classify(b[0]);
        switch (kind) {
            case DTLS -> {
                if (dtls == null) {
                    counters.dtlsBeforeNegotiation++;
                    LOG.log(DEBUG, "{0}DTLS before the DTLS role is known: dropped", prefix);
                } else if (ice.selectedPair() != null && !ice.selectedPair().remote().address().equals(d.remote())
                        && dtls.isEstablished()) {
                    counters.dtlsFromUnexpectedAddress++;
                    LOG.log(DEBUG, "{0}DTLS from {1}, not the selected pair's remote: dropped", prefix, d.remote());
                } else {
                    if (!dtlsStarted) {
                        dtls.start(now);
                        dtlsStarted = true;
                    }
                    dtls.handleInput(now, b);
                }
            }
            case RTP_RTCP -> receiveSrtp(now, b);
            default -> {
                counters.unmatchedDatagrams++;
                LOG.log(DEBUG, "{0}datagram with first byte {1} matches no layer: dropped", prefix, b.length == 0 ? -1 : b[0] & 0xff);
            }
        }
    }

    // ------------------------------------------------------------------ DTLS

    private boolean pumpDtls(long now) {
        if (dtls == null) {
            return false;
        }
        boolean moved = false;
        for (byte[] record; (record = dtls.pollTransmit()) != null; ) {
            moved = true;
            sendOnPair(now, record, true);
        }
        for (DtlsEvent e; (e = dtls.pollEvent()) != null; ) {
            moved = true;
            if (e instanceof DtlsEvent.HandshakeComplete h) {
                LOG.log(INFO, "{0}[DTLS] handshake complete: {1}, {2}, peer certificate matches a=fingerprint{3}", prefix,
                        h.suite(), h.group(), h.srtpProfile() != null ? ", use_srtp " + h.srtpProfile().dtlsName() : "");
                setDtlsState(DtlsState.CONNECTED);
                keySrtp();
                startSctp(now);
            } else if (e instanceof DtlsEvent.ApplicationData a) {
                if (sctp != null && !sctpClosed) {
                    sctp.handleInput(now, a.data());
                } else {
                    counters.unmatchedDatagrams++;
                }
            } else if (e instanceof DtlsEvent.Alert a) {
                LOG.log(a.fatal() ? INFO : DEBUG, "{0}[DTLS] alert {1}", prefix, a);
                if (a.fatal()) {
                    setDtlsState(DtlsState.FAILED);
                }
            } else if (e instanceof DtlsEvent.Closed c) {
                LOG.log(INFO, "{0}[DTLS] closed: {1}", prefix, c.reason());
                if (dtlsState != DtlsState.FAILED) {
                    setDtlsState(dtlsState == DtlsState.CONNECTED || closed ? DtlsState.CLOSED : DtlsState.FAILED);
                }
                transportClosed(now);
            }
        }
        return moved;
    }

    /** DTLS is gone (close_notify, failure): SCTP and its channels end with it, media stops. */
    private void transportClosed(long now) {
        if (!sctpClosed) {
            sctpClosed = true;
            for (CoreChannel c : channels) {
                if (c.state != CoreChannel.State.CLOSED) {
                    c.state = CoreChannel.State.CLOSED;
                    if (!closed) {
                        events.add(new PeerEvent.ChannelClosed(c));
                    }
                }
            }
        }
        srtpOut = null;
    }

    private void keySrtp() {
        SrtpKeyingMaterial km = dtls.srtpKeyingMaterial();
        if (km == null) {
            return;
        }
        srtpProfile = km.profile();
        srtpIn = SrtpContext.create(srtpProfile, km.remoteKey(dtlsClient).toByteArray(), km.remoteSalt(dtlsClient).toByteArray());
        srtpOut = SrtpContext.create(srtpProfile, km.localKey(dtlsClient).toByteArray(), km.localSalt(dtlsClient).toByteArray());
        LOG.log(INFO, "{0}[SRTP] keyed from the DTLS exporter: {1}", prefix, srtpProfile);
    }

    private void setDtlsState(DtlsState s) {
        if (dtlsState != s) {
            dtlsState = s;
        }
    }

    // ------------------------------------------------------------------ SCTP

    private boolean pumpSctp(long now) {
        if (!sctpStarted) {
            return false;
        }
        boolean moved = false;
        for (byte[] packet; (packet = sctp.pollTransmit()) != null; ) {
            moved = true;
            if (!sctpClosed && dtls.isEstablished()) {
                dtls.send(packet);
            } else {
                counters.sendDropped++;
            }
        }
        for (DataChannelEvent e; (e = sctp.pollEvent()) != null; ) {
            moved = true;
            if (e instanceof DataChannelEvent.Connected) {
                LOG.log(INFO, "{0}[SCTP] association established", prefix);
                sctpConnected = true;
                for (CoreChannel c : channels) {
                    if (c.sctp == null && c.state == CoreChannel.State.CONNECTING) {
                        bind(now, c);
                    }
                }
            } else if (e instanceof DataChannelEvent.Open o) {
                CoreChannel c = channelFor(o.channel());
                if (c == null && openChannels() >= rtc.maxDataChannels()) {
                    // RFC 8831 §6.7: a channel is closed by resetting its stream; the application never sees it
                    counters.dataChannelsOverLimit++;
                    LOG.log(DEBUG, "{0}[DC] the peer''s channel ''{1}'' refused: maxDataChannels {2} reached", prefix,
                            o.channel().label(), rtc.maxDataChannels());
                    o.channel().close(now);
                    continue;
                }
                if (c == null) {
                    RtcDataChannelInit init = initOf(o.channel());
                    c = new CoreChannel(o.channel().label(), init, true);
                    c.sctp = o.channel();
                    channels.add(c);
                    events.add(new PeerEvent.DataChannel(c));
                }
                c.state = CoreChannel.State.OPEN;
                LOG.log(INFO, "{0}[DC] channel ''{1}'' open on stream {2}", prefix, c.label, c.id());
                events.add(new PeerEvent.ChannelOpen(c));
            } else if (e instanceof DataChannelEvent.Message m) {
                CoreChannel c = channelFor(m.channel());
                if (c != null) {
                    c.messagesReceived++;
                    c.bytesReceived += m.data().length;
                    events.add(new PeerEvent.ChannelMessage(c, m.binary(), m.data()));
                }
            } else if (e instanceof DataChannelEvent.BufferedAmountLow b) {
                CoreChannel c = channelFor(b.channel());
                if (c != null) {
                    events.add(new PeerEvent.ChannelBufferedAmountLow(c));
                }
            } else if (e instanceof DataChannelEvent.Error err) {
                CoreChannel c = channelFor(err.channel());
                if (c != null) {
                    events.add(new PeerEvent.ChannelError(c, err.message()));
                }
            } else if (e instanceof DataChannelEvent.Closed cl) {
                CoreChannel c = channelFor(cl.channel());
                if (c != null && c.state != CoreChannel.State.CLOSED) {
                    c.state = CoreChannel.State.CLOSED;
                    events.add(new PeerEvent.ChannelClosed(c));
                }
            } else if (e instanceof DataChannelEvent.AssociationClosed ac) {
                LOG.log(INFO, "{0}[SCTP] association closed{1}", prefix, ac.aborted() ? " (aborted: " + ac.reason() + ")" : "");
                sctpClosed = true;
                for (CoreChannel c : channels) {
                    if (c.state != CoreChannel.State.CLOSED) {
                        c.state = CoreChannel.State.CLOSED;
                        events.add(new PeerEvent.ChannelClosed(c));
                    }
                }
            }
        }
        return moved;
    }

    private static RtcDataChannelInit initOf(DataChannel dc) {
        var o = dc.options();
        RtcDataChannelInit init = RtcDataChannelInit.defaults().withProtocol(o.protocol());
        if (!o.ordered()) {
            init = init.unordered();
        }
        if (o.maxRetransmits() >= 0) {
            init = init.withMaxRetransmits(o.maxRetransmits());
        } else if (o.maxPacketLifeTimeMs() >= 0) {
            init = init.withMaxPacketLifeTime((int) o.maxPacketLifeTimeMs());
        }
        return init;
    }

    // ------------------------------------------------------------------ SRTP

    private void receiveSrtp(long now, byte[] b) {
        if (srtpIn == null) {
            counters.srtpBeforeKeys++;
            return;
        }
        boolean rtcp = RtpPacket.isRtcp(b, 0, b.length);
        // the sender's SSRC: RTP header bytes 8..11, RTCP (the first packet's sender) bytes 4..7
        int at = rtcp ? 4 : 8;
        Long ssrc = b.length >= at + 4
                ? ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL)
                : null;
        if (ssrc != null && remoteSsrcs.size() >= rtc.maxRemoteSsrcs() && !remoteSsrcs.contains(ssrc)) {
            // before SRTP keeps state for it, and before the media session sees it
            counters.remoteSsrcsOverLimit++;
            LOG.log(DEBUG, "{0}[SRTP] SSRC {1} over the limit of {2}: dropped", prefix, Long.toUnsignedString(ssrc),
                    rtc.maxRemoteSsrcs());
            return;
        }
        if (rtcp) {
            int n = srtpIn.unprotectRtcp(b, 0, b.length);
            if (n < 0) {
                countSrtpFailure(n, true);
            } else {
                remoteSsrcs.add(ssrc); // only an authenticated packet takes a place
                if (media != null) {
                    media.handleRtcp(now, b, 0, n);
                }
            }
            return;
        }
        int n = srtpIn.unprotectRtp(b, 0, b.length);
        if (n >= 0) {
            remoteSsrcs.add(ssrc);
        }
        if (n < 0) {
            countSrtpFailure(n, false);
        } else if (media != null) {
            media.handleRtp(now, b, 0, n);
        } else {
            counters.unmatchedDatagrams++;
        }
    }

    private void countSrtpFailure(int status, boolean rtcp) {
        io.jrtc.srtp.SrtpStatus why = io.jrtc.srtp.SrtpStatus.of(status);
        boolean replay = why == io.jrtc.srtp.SrtpStatus.REPLAYED || why == io.jrtc.srtp.SrtpStatus.TOO_OLD;
        if (replay && rtcp) {
            counters.srtcpReplayed++;
        } else if (replay) {
            counters.srtpReplayed++;
        } else if (rtcp) {
            counters.srtcpAuthFailures++;
        } else {
            counters.srtpAuthFailures++;
        }
        LOG.log(DEBUG, "{0}[SRTP] {1} dropped: {2}", prefix, rtcp ? "SRTCP" : "SRTP", why == null ? status : why.reason());
    }

    // ------------------------------------------------------------------ media

    /** After an offer/answer: what each m= section negotiated, handed to the media plane. */
    private void configureMedia(long now, SessionDescription local, SessionDescription remote) {
        List<MediaSection> sections = new ArrayList<>();
        for (CoreTransceiver t : transceivers) {
            if (t.mid == null || t.stopped) {
                continue;
            }
            MediaDescription lm = local.section(t.mid);
            MediaDescription rm = remote.section(t.mid);
            if (lm == null || rm == null || lm.isRejected() || rm.isRejected()) {
                continue;
            }
            MediaSection s = MediaSection.negotiate(lm, rm, cname);
            sections.add(s);
            List<Codec> primary = new ArrayList<>();
            for (Codec c : s.codecs()) {
                if (!c.isRtx()) {
                    primary.add(c);
                }
            }
            t.sendCodec = s.send() && !primary.isEmpty() ? primary.get(0) : null;
            t.receiveCodec = s.receive() && !primary.isEmpty() ? primary.get(0) : null;
        }
        if (sections.isEmpty() && media == null) {
            return;
        }
        if (media == null) {
            media = new MediaSession(MediaConfig.defaults(random, config.ntpAtZeroNanos()).withMtu(rtc.mtu()));
        }
        media.configure(now, sections);
    }

    /** Sends one encoded frame on a transceiver (packetized with its negotiated codec). */
    public void sendFrame(long now, CoreTransceiver t, byte[] frame, long rtpTimestamp) {
        lastNow = now;
        if (media == null || t.mid == null || t.sendCodec == null) {
            counters.sendDropped++;
            return;
        }
        media.sendFrame(now, t.mid, frame, rtpTimestamp);
        pump(now);
    }

    /** Forwards one RTP packet on a transceiver (our SSRC, the negotiated payload type, our sequence numbers). */
    public void sendRtp(long now, CoreTransceiver t, RtpPacket packet) {
        lastNow = now;
        if (media == null || t.mid == null || t.sendCodec == null) {
            counters.sendDropped++;
            return;
        }
        media.sendRtp(now, t.mid, packet);
        pump(now);
    }

    /**
     * What the bandwidth estimator lets this transceiver send, bits per second (its share of the
     * estimate), or -1 when it does not send or sent nothing yet.
     */
    public long targetBitrate(CoreTransceiver t) {
        return media == null || t.mid == null ? -1 : media.targetBitrate(t.mid);
    }

    /** Asks the remote sender on a transceiver for a keyframe (PLI). */
    public void requestKeyframe(long now, CoreTransceiver t) {
        lastNow = now;
        if (media != null && t.mid != null) {
            media.requestKeyframe(now, t.mid);
            pump(now);
        }
    }

    private boolean pumpMedia(long now) {
        if (media == null) {
            return false;
        }
        boolean moved = false;
        for (byte[] p; (p = media.pollTransmit()) != null; ) {
            moved = true;
            protectAndSend(now, p);
        }
        for (MediaEvent e; (e = media.pollEvent()) != null; ) {
            moved = true;
            if (e instanceof MediaEvent.FrameReceived f) {
                CoreTransceiver t = transceiverByMid(f.mid());
                if (t != null) {
                    events.add(new PeerEvent.Frame(t, f.frame()));
                }
            } else if (e instanceof MediaEvent.RtpReceived r) {
                CoreTransceiver t = transceiverByMid(r.mid());
                if (t != null) {
                    events.add(new PeerEvent.Rtp(t, r.packet()));
                }
            } else if (e instanceof MediaEvent.KeyframeRequested k) {
                CoreTransceiver t = transceiverByMid(k.mid());
                if (t != null) {
                    events.add(new PeerEvent.KeyframeRequested(t));
                }
            } else if (e instanceof MediaEvent.TargetBitrateChanged tb) {
                CoreTransceiver t = transceiverByMid(tb.mid());
                if (t != null) {
                    events.add(new PeerEvent.TargetBitrateChanged(t, tb.targetBps()));
                }
            } else if (e instanceof MediaEvent.TrackStarted ts) {
                LOG.log(INFO, "{0}[RTP] first packet of ssrc {1} on mid {2}", prefix, Long.toUnsignedString(ts.ssrc()), ts.mid());
            }
        }
        return moved;
    }

    /** SRTP (or SRTCP) protect into one buffer of the exact size, then onto the selected pair. */
    private void protectAndSend(long now, byte[] plain) {
        if (srtpOut == null) {
            counters.sendDropped++;
            return;
        }
        boolean rtcp = RtpPacket.isRtcp(plain, 0, plain.length);
        byte[] wire = new byte[plain.length + (rtcp ? srtpProfile.rtcpOverhead() : srtpProfile.rtpTagLength())];
        int n = rtcp ? srtpOut.protectRtcp(plain, 0, plain.length, wire, 0) : srtpOut.protectRtp(plain, 0, plain.length, wire, 0);
        if (n < 0) {
            counters.srtpProtectFailures++;
            return;
        }
        sendOnPair(now, n == wire.length ? wire : Arrays.copyOf(wire, n), false);
    }

    /** Receive-side backpressure for every data channel (see {@code RtcSctpTransport.pauseReceiving}). */
    public void setReceivePaused(long now, boolean paused) {
        lastNow = now;
        if (sctp != null) {
            sctp.setReceivePaused(now, paused);
            pump(now);
        }
    }

    // ================================================================== states

    private void setSignalingState(SignalingState s) {
        if (signalingState != s) {
            signalingState = s;
            events.add(new PeerEvent.SignalingStateChanged(s));
            if (s == SignalingState.STABLE && negotiationNeededPending) {
                negotiationNeededPending = false;
                events.add(new PeerEvent.NegotiationNeeded());
            }
        }
    }

    private void negotiationNeeded() {
        if (signalingState == SignalingState.STABLE) {
            events.add(new PeerEvent.NegotiationNeeded());
        } else {
            negotiationNeededPending = true;
        }
    }

    /** W3C "update the connection state": the worst of ICE and DTLS. */
    private void updateConnectionState() {
        PeerConnectionState s;
        if (closed) {
            s = PeerConnectionState.CLOSED;
        } else if (iceState == IceConnectionState.FAILED || dtlsState == DtlsState.FAILED) {
            s = PeerConnectionState.FAILED;
        } else if (dtlsState == DtlsState.CLOSED) {
            s = PeerConnectionState.CLOSED;
        } else if (iceState == IceConnectionState.DISCONNECTED) {
            s = PeerConnectionState.DISCONNECTED;
        } else if ((iceState == IceConnectionState.CONNECTED || iceState == IceConnectionState.COMPLETED)
                && dtlsState == DtlsState.CONNECTED) {
            s = PeerConnectionState.CONNECTED;
        } else if (iceState == IceConnectionState.NEW && dtlsState == DtlsState.NEW) {
            s = PeerConnectionState.NEW;
        } else {
            s = PeerConnectionState.CONNECTING;
        }
        if (s != connectionState) {
            connectionState = s;
            LOG.log(INFO, "{0}connection state {1}", prefix, s.w3cName());
            events.add(new PeerEvent.ConnectionStateChanged(s));
        }
    }

    /** W3C {@code close}: SCTP ABORT, DTLS close_notify, ICE stops; every state becomes closed. */
    public void close(long now) {
        if (closed) {
            return;
        }
        lastNow = now;
        try {
            if (sctpStarted && !sctpClosed) {
                sctp.abort(now, "peer connection closed");
                pump(now);
            }
            for (CoreChannel c : channels) {
                c.state = CoreChannel.State.CLOSED;
            }
            sctpClosed = true;
            if (media != null && srtpOut != null) {
                media.close(now); // RTCP BYE for every stream we send
                pumpMedia(now);
            }
            closed = true;
            if (dtls != null) {
                dtls.close(now);
                pumpDtls(now);
                setDtlsState(DtlsState.CLOSED);
            }
            if (ice != null) {
                drainIceTransmits();
                ice.close(now);
                drainIceTransmits();
                iceState = IceConnectionState.CLOSED;
                events.add(new PeerEvent.IceConnectionStateChanged(iceState));
            }
        } catch (RuntimeException e) {
            closed = true;
            internalError("close", e);
        }
        signalingState = SignalingState.CLOSED;
        events.add(new PeerEvent.SignalingStateChanged(SignalingState.CLOSED));
        updateConnectionState();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the peer connection is closed");
        }
    }

    private void requireState(String what, SignalingState... allowed) {
        for (SignalingState s : allowed) {
            if (signalingState == s) {
                return;
            }
        }
        throw new IllegalStateException(what + " in signaling state " + signalingState.w3cName());
    }

    // ================================================================== views

    public SignalingState signalingState() {
        return signalingState;
    }

    public IceConnectionState iceConnectionState() {
        return iceState;
    }

    public IceGatheringState iceGatheringState() {
        return gatheringState;
    }

    public PeerConnectionState connectionState() {
        return connectionState;
    }

    public DtlsState dtlsState() {
        return dtlsState;
    }

    /** The ICE agent, or null before the first description (read only: do not drive it). */
    public IceAgent iceAgent() {
        return ice;
    }

    /** The DTLS endpoint, or null before negotiation (read only). */
    public DtlsEndpoint dtlsEndpoint() {
        return dtls;
    }

    /** The SCTP association with its data channels, or null when none was negotiated (read only). */
    public DataChannels sctpTransport() {
        return sctp;
    }

    public boolean sctpConnected() {
        return sctpConnected && !sctpClosed;
    }

    public long remoteMaxMessageSize() {
        return remoteMaxMessageSize;
    }

    /** How many bytes a channel may have buffered before send refuses (the SCTP send buffer). */
    public long sendBufferLimit() {
        return sctp == null ? Long.MAX_VALUE : sctp.association().config().sendBuffer();
    }

    public List<X509Certificate> remoteCertificates() {
        return dtls == null || dtls.peerCertificates() == null ? List.of() : dtls.peerCertificates();
    }

    public SrtpProfile srtpProfile() {
        return srtpProfile;
    }

    public CoreConfig config() {
        return config;
    }

    public String localUfrag() {
        return iceUfrag;
    }

    @Override
    public boolean dtlsHandshaking() {
        return !closed && dtls != null && !dtlsClient && dtlsState == DtlsState.CONNECTING;
    }

    @Override
    public void dtlsLoadSignal(java.util.function.BooleanSupplier underLoad) {
        this.dtlsUnderLoad = underLoad;
    }

    @Override
    public void dtlsHandshakeRefused() {
        counters.dtlsHandshakesOverLimit++;
        LOG.log(DEBUG, "{0}[DTLS] ClientHello dropped: the mux port''s limit of concurrent handshakes is reached", prefix);
    }

    /** A copy of the drop and failure counters. */
    public Counters counters() {
        return counters.copy();
    }

    /** The last time given to the core. */
    public long lastNow() {
        return lastNow;
    }

    /** The media plane's snapshot at {@code now}, or null when no media was negotiated. */
    io.jrtc.webrtc.media.MediaStats mediaStats(long now) {
        return media == null ? null : media.stats(now);
    }

    /** W3C {@code getStats} at {@code now}. */
    public RtcStatsReport getStats(long now) {
        return CoreStats.collect(this, now);
    }

    // ================================================================== helpers

    private static final char[] ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /** A random string of ICE characters (RFC 8839 ice-char), from the injected random. */
    private String iceString(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(c);
    }

    private static String shortFingerprint(Fingerprint f) {
        String s = f.hexWithColons();
        return f.algorithm() + " " + (s.length() > 23 ? s.substring(0, 23) + "…" : s);
    }
}
