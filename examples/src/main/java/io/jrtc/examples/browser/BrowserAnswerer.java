package io.jrtc.examples.browser;

import io.jrtc.core.Datagram;
import io.jrtc.core.SrtpProfile;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.DtlsEvent;
import io.jrtc.dtls.Fingerprint;
import io.jrtc.ice.Candidate;
import io.jrtc.ice.IceAgent;
import io.jrtc.ice.IceConfig;
import io.jrtc.ice.IceConnectionState;
import io.jrtc.ice.IceEvent;
import io.jrtc.ice.IceParseException;
import io.jrtc.dtls.SrtpKeyingMaterial;
import io.jrtc.examples.stack.StackPeer;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpView;
import io.jrtc.rtp.codec.CodecType;
import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.stream.RtpReceiver;
import io.jrtc.rtp.stream.RtpSender;
import io.jrtc.rtp.stream.TransportCcGenerator;
import io.jrtc.rtp.rtcp.TransportCcFeedback;
import io.jrtc.sctp.SctpConfig;
import io.jrtc.sctp.datachannel.DataChannelEvent;
import io.jrtc.sctp.datachannel.DataChannels;
import io.jrtc.sdp.Attribute;
import io.jrtc.sdp.MediaDescription;
import io.jrtc.sdp.SdpParseException;
import io.jrtc.sdp.SessionDescription;
import io.jrtc.sdp.SetupRole;
import io.jrtc.sdp.jsep.Answer;
import io.jrtc.sdp.jsep.AnswerOptions;
import io.jrtc.sdp.jsep.DataChannelParameters;
import io.jrtc.sdp.jsep.HeaderExtension;
import io.jrtc.sdp.jsep.Jsep;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.sdp.jsep.Negotiated;
import io.jrtc.sdp.jsep.Offer;
import io.jrtc.sdp.jsep.SendStream;
import io.jrtc.sdp.jsep.TransportParameters;
import io.jrtc.srtp.SrtpContext;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The jrtc side of a browser session, composed from the layer engines by hand (there is no
 * PeerConnection yet): it answers the browser's offer (or makes one, {@link #offer}, and takes the
 * browser's answer), then echoes every message it gets on every
 * data channel the browser opens, and receives the browser's VP8 video (SRTP, frame assembly with
 * NACK/PLI and receiver reports, transport-cc feedback for the browser's bandwidth estimator).
 * Sans-IO like the engines: datagrams and time in, datagrams and a deadline out.
 *
 * <pre>
 *   browser offer ──► SDP parse ──► ICE (controlled) + DTLS client (setup:active; or server with
 *                                   setup:passive) + SCTP/DCEP
 *   answer  ◄────── JSEP answer + our host candidate
 *   UDP ──► ICE ──► DTLS ──► SCTP ──► DCEP: DATA_CHANNEL_OPEN ──► ACK; each message ──► sent back
 *              └──► SRTP (keys from DTLS) ──► RTP: transport-cc seq ──► feedback (SRTCP) to the browser
 *                                              VP8 ──► RtpReceiver: frames; NACK, PLI, RR (SRTCP) back
 *                                              Opus ──► RtpReceiver: packets; RR back
 * </pre>
 */
final class BrowserAnswerer {
    private final InetSocketAddress local;
    private final DtlsCertificate certificate;
    private final SecureRandom secureRandom;
    private final RandomGenerator random;
    private final Consumer<String> log;
    /** When answering: ACTIVE makes jrtc the DTLS client (what a browser answerer does), PASSIVE the server. */
    private final SetupRole setup;
    private boolean dtlsClient;

    private IceAgent ice;
    private DtlsEndpoint dtls;
    private DataChannels sctp;
    private boolean dtlsStarted;
    private boolean sctpStarted;
    private final List<String> localCandidates = new ArrayList<>();
    // media (when the offer has a video or an audio section)
    private boolean video;
    private boolean audio;
    private int vp8Pt = -1;
    private int opusPt = -1;
    private RtpReceiver audioReceiver;
    private final List<byte[]> opusPackets = new ArrayList<>();
    private int transportCcId = -1;
    private final long receiverSsrc;
    private SrtpContext srtpIn;
    private SrtpContext srtpOut;
    private RtpReceiver videoReceiver;
    private TransportCcGenerator transportCc;
    private final RtpView view = new RtpView();
    private final List<AssembledFrame> frames = new ArrayList<>();
    private long rtpPackets;
    private long srtpFailures;
    private long feedbackSent;
    private boolean transportCcFeedback = true;
    // sending video (when given an IVF file and the browser offers to receive)
    private IvfFile sendFile;
    private final long sendSsrc;
    private RtpSender videoSender;
    private long nextFrameAt = Long.MAX_VALUE;
    private int nextFrame;
    private long framesSent;
    private long keyframeRequests;
    private final List<String> failures = new ArrayList<>();
    private long messagesEchoed;
    private long bytesEchoed;
    private long droppedByDemux;

    BrowserAnswerer(InetSocketAddress local, DtlsCertificate certificate, SecureRandom secureRandom,
                    RandomGenerator random, SetupRole setup, Consumer<String> log) {
        if (setup != SetupRole.ACTIVE && setup != SetupRole.PASSIVE) {
            throw new IllegalArgumentException("an answer is setup:active or setup:passive");
        }
        this.setup = setup;
        this.receiverSsrc = random.nextLong(1, 1L << 32);
        this.sendSsrc = random.nextLong(1, 1L << 32);
        this.local = local;
        this.certificate = certificate;
        this.secureRandom = secureRandom;
        this.random = random;
        this.log = log;
    }

    /** What a remote description tells the transport: from its first accepted section. */
    private record Remote(MediaDescription first, MediaDescription data, String ufrag, String pwd,
                          Fingerprint fingerprint, int maxMessageSize, SetupRole setup) {
    }

    private Remote readRemote(SessionDescription d, String what) {
        MediaDescription data = null;
        MediaDescription first = null;
        for (MediaDescription m : d.media()) {
            if (!m.isRejected()) {
                first = first == null ? m : first;
                if (m.isDataChannel() && data == null) {
                    data = m;
                }
                if (m.media().equals("video")) {
                    video = true;
                }
                if (m.media().equals("audio")) {
                    audio = true;
                }
            }
        }
        if (first == null) {
            throw new IllegalArgumentException("the " + what + " has no section to accept");
        }
        String ufrag = d.effective(first, Attribute.IceUfrag.class).ufrag();
        String pwd = d.effective(first, Attribute.IcePwd.class).password();
        Attribute.Fingerprint fp = d.effective(first, Attribute.Fingerprint.class);
        Attribute.Setup setupAttribute = d.effective(first, Attribute.Setup.class);
        Attribute.MaxMessageSize mms = data == null ? null : d.effective(data, Attribute.MaxMessageSize.class);
        int remoteMax = mms == null ? 65536 : (int) Math.min(Integer.MAX_VALUE, mms.size() == 0 ? Integer.MAX_VALUE : mms.size());
        List<String> sections = new ArrayList<>();
        for (MediaDescription m : d.media()) {
            sections.add(m.mid() + " " + m.media() + " " + m.protocol());
        }
        log.accept("[SDP] " + what + ": " + sections + ", ice-ufrag " + ufrag + ", fingerprint "
                + fp.hashFunction() + " " + fp.fingerprint().substring(0, Math.min(23, fp.fingerprint().length())) + "…, "
                + (setupAttribute != null ? "setup:" + setupAttribute.role().name().toLowerCase(java.util.Locale.ROOT) + ", " : "")
                + first.candidates().size() + " candidate(s)" + (data != null ? ", max-message-size " + remoteMax : ""));
        return new Remote(first, data, ufrag, pwd, Fingerprint.parse(fp.hashFunction() + " " + fp.fingerprint()), remoteMax,
                setupAttribute == null ? null : setupAttribute.role());
    }

    /** DTLS and SCTP in the role now known, ICE told the remote credentials and candidates. */
    private void startLayers(long now, Remote r, boolean client) {
        dtlsClient = client;
        DtlsConfig dc = DtlsConfig.builder().certificate(certificate)
                .expectedPeerFingerprint(r.fingerprint()).random(secureRandom).build();
        dtls = client ? DtlsEndpoint.client(dc) : DtlsEndpoint.server(dc);
        // the DTLS client takes the even SCTP stream ids, the server the odd ones (RFC 8832 §6)
        sctp = r.data() == null ? null : new DataChannels(SctpConfig.defaults(random),
                client ? DataChannels.Role.CLIENT : DataChannels.Role.SERVER, r.maxMessageSize());
        if (!client) {
            dtls.start(now); // a server only arms its handshake timer and waits for the ClientHello
            dtlsStarted = true;
        } else if (ice.selectedPair() != null) {
            dtls.start(now);
            dtlsStarted = true;
        }
        ice.setRemoteCredentials(now, r.ufrag(), r.pwd());
        for (io.jrtc.sdp.CandidateAttribute c : r.first().candidates()) {
            try {
                Candidate parsed = Candidate.parse(c.toCandidateString());
                boolean used = ice.addRemoteCandidate(now, parsed);
                log.accept("[ICE] remote " + c.toCandidateString() + (used ? "" : " (not paired)"));
            } catch (IceParseException e) {
                log.accept("[ICE] remote candidate ignored: " + e.getMessage());
            }
        }
        ice.endOfRemoteCandidates(now);
    }

    private IceAgent newAgent(boolean controlling) {
        return new IceAgent(IceConfig.builder().label("jrtc").controlling(controlling).random(random)
                .localAddress(local).loopbackOnly().build());
    }

    /** Takes the browser's complete offer (candidates included) and returns our answer. */
    String answer(long now, String offerText) throws SdpParseException {
        SessionDescription offer = SessionDescription.parse(offerText);
        Remote remote = readRemote(offer, "offer");
        ice = newAgent(false);
        startLayers(now, remote, setup == SetupRole.ACTIVE);
        boolean client = dtlsClient;
        ice.startGathering(now);
        pump(now);

        TransportParameters transport = new TransportParameters(ice.localUfrag(), ice.localPassword(), List.of(),
                List.of(new Attribute.Fingerprint("sha-256", dtls.localFingerprint().hexWithColons())));
        // video: VP8 only (with RTX), so the browser sends what this example depacketizes
        AnswerOptions options = AnswerOptions.defaults(Long.toString(random.nextLong(1, Long.MAX_VALUE)), transport)
                .withSetup(setup).withCodecs(MediaKind.VIDEO, List.of(io.jrtc.sdp.jsep.Codec.vp8(96, 97)));
        if (sendFile != null) {
            for (MediaDescription m : offer.media()) {
                if (m.media().equals("video") && !m.isRejected()) {
                    // a=msid and a=ssrc in the answer: the browser makes a track of our stream
                    options = options.withSend(m.mid(), new SendStream("jrtc", "jrtc-video", sendSsrc, null, "jrtc"));
                    break;
                }
            }
        }
        Answer answer = Jsep.createAnswer(offer, options);
        for (Negotiated n : answer.sections()) {
            if (n.media().equals("audio") && !n.rejected()) {
                for (io.jrtc.sdp.jsep.Codec c : n.codecs()) {
                    if (c.name().equalsIgnoreCase("opus")) {
                        opusPt = c.payloadType();
                    }
                }
                log.accept("[SDP] audio section " + n.mid() + ": Opus on payload type " + opusPt + ", " + n.direction());
            }
            if (n.media().equals("video") && !n.rejected()) {
                for (io.jrtc.sdp.jsep.Codec c : n.codecs()) {
                    if (c.name().equalsIgnoreCase("VP8")) {
                        vp8Pt = c.payloadType();
                    }
                }
                for (HeaderExtension e : n.extensions()) {
                    if (e.uri().equals(HeaderExtension.TRANSPORT_CC)) {
                        transportCcId = e.id();
                    }
                }
                log.accept("[SDP] video section " + n.mid() + ": VP8 on payload type " + vp8Pt + ", " + n.direction()
                        + ", transport-cc extension id " + transportCcId);
            }
        }
        if ((video || audio) && transportCcId > 0 && transportCcFeedback) {
            transportCc = new TransportCcGenerator(TransportCcGenerator.Config.defaults(receiverSsrc));
        }
        SessionDescription d = answer.description();
        for (MediaDescription m : d.media()) {
            if (!m.isRejected()) { // BUNDLE: the first accepted section carries the candidates
                d = withLocalCandidates(d, m.mid());
                break;
            }
        }
        log.accept("[SDP] answer: setup:" + (client ? "active (jrtc is the DTLS client)" : "passive (jrtc is the DTLS server)")
                + ", " + localCandidates.size() + " host candidate(s)" + (sctp != null ? ", sctp-port 5000" : ""));
        return d.write();
    }

    private SessionDescription withLocalCandidates(SessionDescription d, String mid) throws SdpParseException {
        for (String c : localCandidates) {
            d = Jsep.addCandidate(d, mid, (io.jrtc.sdp.CandidateAttribute) Attribute.parse(c));
        }
        return Jsep.endOfCandidates(d, mid);
    }

    /**
     * The other way round: jrtc offers (a data channel section, setup:actpass, ICE controlling, our
     * candidates included) and the browser answers; see {@link #acceptAnswer}.
     */
    String offer(long now) throws SdpParseException {
        ice = newAgent(true);
        ice.startGathering(now);
        pump(now);
        TransportParameters transport = new TransportParameters(ice.localUfrag(), ice.localPassword(), List.of(),
                List.of(new Attribute.Fingerprint("sha-256", certificate.fingerprint("sha-256").hexWithColons())));
        Offer offer = Jsep.createOffer(Long.toString(random.nextLong(1, Long.MAX_VALUE)), 1, transport, List.of(),
                DataChannelParameters.defaults(), null);
        SessionDescription d = withLocalCandidates(offer.description(), offer.dataChannelMid());
        log.accept("[SDP] offer: a data channel section (mid " + offer.dataChannelMid() + "), setup:actpass, "
                + localCandidates.size() + " host candidate(s); jrtc is ICE controlling");
        return d.write();
    }

    /** The browser's answer to {@link #offer}: its setup decides the DTLS roles. */
    void acceptAnswer(long now, String answerText) throws SdpParseException {
        Remote remote = readRemote(SessionDescription.parse(answerText), "answer");
        if (remote.setup() != SetupRole.ACTIVE && remote.setup() != SetupRole.PASSIVE) {
            throw new IllegalArgumentException("an answer must say setup:active or setup:passive, not " + remote.setup());
        }
        // the browser took setup:active: it is the DTLS client, jrtc the server (and the other way round)
        startLayers(now, remote, remote.setup() == SetupRole.PASSIVE);
        log.accept("[SDP] the browser answered setup:" + remote.setup().name().toLowerCase(java.util.Locale.ROOT)
                + ": jrtc is the DTLS " + (dtlsClient ? "client" : "server"));
        pump(now);
    }

    void handleInput(long now, Datagram datagram) {
        if (ice == null) {
            droppedByDemux++;
            return;
        }
        ice.handleInput(now, datagram);
        pump(now);
    }

    void handleTimeout(long now) {
        if (ice == null) {
            return;
        }
        if (ice.pollTimeout() <= now) {
            ice.handleTimeout(now);
        }
        if (dtls != null && dtls.pollTimeout() <= now) {
            dtls.handleTimeout(now);
        }
        if (sctp != null && sctp.pollTimeout() <= now) {
            sctp.handleTimeout(now);
        }
        if (videoReceiver != null && videoReceiver.pollTimeout() <= now) {
            videoReceiver.handleTimeout(now);
        }
        if (audioReceiver != null && audioReceiver.pollTimeout() <= now) {
            audioReceiver.handleTimeout(now);
        }
        if (transportCc != null && transportCc.pollTimeout() <= now) {
            transportCc.handleTimeout(now);
        }
        if (videoSender != null && videoSender.pollTimeout() <= now) {
            videoSender.handleTimeout(now);
        }
        pump(now);
    }

    Datagram pollTransmit() {
        return ice == null ? null : ice.pollTransmit();
    }

    long pollTimeout() {
        if (ice == null) {
            return Long.MAX_VALUE;
        }
        long t = dtls == null ? ice.pollTimeout() : Math.min(ice.pollTimeout(), dtls.pollTimeout());
        if (sctp != null) {
            t = Math.min(t, sctp.pollTimeout());
        }
        if (videoReceiver != null) {
            t = Math.min(t, videoReceiver.pollTimeout());
        }
        if (audioReceiver != null) {
            t = Math.min(t, audioReceiver.pollTimeout());
        }
        if (transportCc != null) {
            t = Math.min(t, transportCc.pollTimeout());
        }
        if (videoSender != null) {
            t = Math.min(t, Math.min(nextFrameAt, videoSender.pollTimeout()));
        }
        return t;
    }

    private void pump(long now) {
        boolean moved;
        do {
            moved = pumpIce(now);
            moved |= pumpDtls(now);
            moved |= pumpSctp(now);
            moved |= pumpRtcp(now);
            moved |= pumpVideoOut(now);
        } while (moved);
    }

    private boolean pumpIce(long now) {
        boolean moved = false;
        for (IceEvent e; (e = ice.pollEvent()) != null; ) {
            moved = true;
            if (e instanceof IceEvent.LocalCandidate c) {
                localCandidates.add(c.candidate().toSdp());
            } else if (e instanceof IceEvent.ConnectionStateChanged s) {
                log.accept("[ICE] connection state " + s.state());
                if (s.state() == IceConnectionState.FAILED) {
                    failures.add("ICE failed");
                }
            } else if (e instanceof IceEvent.SelectedPairChanged p) {
                log.accept("[ICE] selected pair " + p.local().address() + " -> " + p.remote().address());
                if (!dtlsStarted && dtls != null && dtlsClient) {
                    log.accept("[DTLS] ClientHello to the browser on the selected pair");
                    dtls.start(now);
                    dtlsStarted = true;
                }
            } else if (e instanceof IceEvent.DataReceived d) {
                byte[] b = d.data();
                // RFC 7983 demultiplexing by the first byte, as in ortc-demo
                StackPeer.Demux kind = b.length == 0 ? StackPeer.Demux.DROP : StackPeer.classify(b[0]);
                if (kind == StackPeer.Demux.DTLS && dtls != null) {
                    dtls.handleInput(now, b);
                } else if (kind == StackPeer.Demux.RTP_RTCP) {
                    receiveSrtp(now, b);
                } else {
                    droppedByDemux++;
                }
            }
        }
        return moved;
    }

    private boolean pumpDtls(long now) {
        if (dtls == null) {
            return false; // offering: the answer decides the DTLS role
        }
        boolean moved = false;
        for (byte[] record; (record = dtls.pollTransmit()) != null; ) {
            moved = true;
            ice.send(now, record);
        }
        for (DtlsEvent e; (e = dtls.pollEvent()) != null; ) {
            moved = true;
            if (e instanceof DtlsEvent.HandshakeComplete h) {
                log.accept("[DTLS] handshake complete (jrtc " + (dtlsClient ? "client" : "server") + "): " + h.suite() + ", the browser's certificate matches its a=fingerprint"
                        + (h.srtpProfile() != null ? ", use_srtp " + h.srtpProfile().dtlsName() : ""));
                if (video || audio) {
                    keySrtp(now);
                }
                if (sctp != null) {
                    log.accept("[SCTP] INIT over DTLS application data");
                    sctp.connect(now);
                    sctpStarted = true;
                }
            } else if (e instanceof DtlsEvent.ApplicationData a && sctp != null) {
                sctp.handleInput(now, a.data());
            } else if (e instanceof DtlsEvent.Alert a) {
                log.accept("[DTLS] alert " + a);
                if (a.fatal()) {
                    failures.add("DTLS alert " + a);
                }
            } else if (e instanceof DtlsEvent.Closed c) {
                log.accept("[DTLS] closed: " + c.reason());
            }
        }
        return moved;
    }

    private boolean pumpSctp(long now) {
        if (!sctpStarted) {
            return false;
        }
        boolean moved = false;
        for (byte[] packet; (packet = sctp.pollTransmit()) != null; ) {
            moved = true;
            dtls.send(packet);
        }
        for (DataChannelEvent e; (e = sctp.pollEvent()) != null; ) {
            moved = true;
            if (e instanceof DataChannelEvent.Connected) {
                log.accept("[SCTP] association established");
            } else if (e instanceof DataChannelEvent.Open o) {
                log.accept("[DC] the browser opened \"" + o.channel().label() + "\" on stream " + o.channel().id()
                        + " (DATA_CHANNEL_OPEN, acknowledged)");
            } else if (e instanceof DataChannelEvent.Message m) {
                if (messagesEchoed == 0) {
                    log.accept("[DC] first message: " + (m.binary() ? m.data().length + " binary bytes" : "\"" + m.text() + "\"")
                            + ", echoing everything back");
                }
                if (m.binary()) {
                    m.channel().send(now, m.data());
                } else {
                    m.channel().send(now, m.text());
                }
                messagesEchoed++;
                bytesEchoed += m.data().length;
            } else if (e instanceof DataChannelEvent.Error err) {
                failures.add("data channel error " + err.message());
            } else if (e instanceof DataChannelEvent.AssociationClosed c) {
                log.accept("[SCTP] association closed" + (c.aborted() ? " (aborted: " + c.reason() + ")" : ""));
            }
        }
        return moved;
    }

    // ------------------------------------------------------------------ video

    /**
     * Sends the VP8 frames of {@code file} in a loop at 30 frames/s on the browser's video section
     * (which must be offered as recvonly or sendrecv). Before {@link #answer}.
     */
    void sendVideo(IvfFile file) {
        if (!file.fourcc().equals("VP80") || file.frames().isEmpty()) {
            throw new IllegalArgumentException("a VP8 IVF file with frames is needed, not " + file.fourcc());
        }
        sendFile = file;
    }

    /** Stops sending transport-cc feedback (to watch the browser's estimate without it). Before {@link #answer}. */
    void withoutTransportCcFeedback() {
        transportCcFeedback = false;
    }

    /** The DTLS client's write key protects what the client sends (RFC 5764 §4.2). */
    private void keySrtp(long now) {
        SrtpKeyingMaterial km = dtls.srtpKeyingMaterial();
        if (km == null) {
            failures.add("video offered but DTLS negotiated no SRTP profile");
            return;
        }
        boolean client = dtlsClient;
        SrtpProfile profile = km.profile();
        srtpIn = SrtpContext.create(profile, km.remoteKey(client).toByteArray(), km.remoteSalt(client).toByteArray());
        srtpOut = SrtpContext.create(profile, km.localKey(client).toByteArray(), km.localSalt(client).toByteArray());
        log.accept("[SRTP] keyed from the DTLS exporter: " + profile);
        if (sendFile != null && vp8Pt >= 0) {
            // the NTP time of now = 0, for sender reports (the example's clock is System.nanoTime)
            long wallClockAtZero = System.currentTimeMillis() * 1_000_000L + 2_208_988_800_000_000_000L - now;
            videoSender = new RtpSender(RtpSender.Config.builder(CodecType.VP8.packetizer(), vp8Pt, sendSsrc)
                    .initialSequence(random.nextInt(0, 1 << 15)).ntpOffsetNanos(wallClockAtZero).cname("jrtc").build());
            nextFrameAt = now;
            log.accept("[RTP] sending " + sendFile.frames().size() + " VP8 frames (" + sendFile.width() + "x"
                    + sendFile.height() + ") in a loop at 30 frames/s, ssrc " + sendSsrc);
        }
    }

    private void receiveSrtp(long now, byte[] b) {
        if (srtpIn == null) {
            srtpFailures++; // before our handshake finished: no keys yet
            return;
        }
        if (RtpPacket.isRtcp(b, 0, b.length)) {
            int n = srtpIn.unprotectRtcp(b, 0, b.length);
            if (n < 0) {
                srtpFailures++;
            } else {
                byte[] rtcp = Arrays.copyOf(b, n); // one plaintext copy for every engine that reads it
                if (videoReceiver != null) {
                    videoReceiver.handleInput(now, rtcp);
                }
                if (audioReceiver != null) {
                    audioReceiver.handleInput(now, rtcp);
                }
                if (videoSender != null) {
                    videoSender.handleInput(now, rtcp);
                }
            }
            return;
        }
        int n = srtpIn.unprotectRtp(b, 0, b.length);
        if (n < 0) {
            srtpFailures++;
            return;
        }
        rtpPackets++;
        try {
            RtpView v = view.wrap(b, 0, n);
            if (transportCc != null) {
                int at = v.findExtension(transportCcId);
                if (at >= 0 && v.lastExtensionLength() == 2) {
                    transportCc.handleInput(now, v.ssrc(), ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff));
                }
            }
            if (v.payloadType() == opusPt) {
                if (audioReceiver == null) {
                    log.accept("[RTP] first Opus packet, ssrc " + v.ssrc());
                    audioReceiver = new RtpReceiver(RtpReceiver.Config.builder(CodecType.OPUS.depacketizer(), opusPt, v.ssrc(), receiverSsrc)
                            .clockRate(48_000).checkIntervalNanos(20_000_000L).build());
                }
                audioReceiver.handleInput(now, Arrays.copyOf(b, n));
                for (RtpReceiver.Event e; (e = audioReceiver.pollEvent()) != null; ) {
                    if (e instanceof RtpReceiver.FrameReceived f) {
                        opusPackets.add(f.frame().data().toByteArray());
                    }
                }
            }
            if (v.payloadType() == vp8Pt) {
                if (videoReceiver == null) {
                    log.accept("[RTP] first VP8 packet, ssrc " + v.ssrc() + ": frames are assembled from here");
                    videoReceiver = new RtpReceiver(RtpReceiver.Config.builder(CodecType.VP8.depacketizer(), vp8Pt, v.ssrc(), receiverSsrc)
                            .checkIntervalNanos(20_000_000L).build());
                }
                videoReceiver.handleInput(now, Arrays.copyOf(b, n));
                for (RtpReceiver.Event e; (e = videoReceiver.pollEvent()) != null; ) {
                    if (e instanceof RtpReceiver.FrameReceived f) {
                        if (frames.isEmpty()) {
                            log.accept("[RTP] first VP8 frame: " + f.frame().data().length() + " bytes, keyframe "
                                    + f.frame().keyframe());
                        }
                        frames.add(f.frame());
                    } else if (e instanceof RtpReceiver.KeyframeRequestSent) {
                        log.accept("[RTCP] PLI: asked the browser for a keyframe");
                    }
                }
            }
        } catch (RtpParseException e) {
            srtpFailures++;
        }
    }

    /** RTCP out: the receiver's NACK, PLI and reports, and transport-cc feedback, each through SRTCP. */
    private boolean pumpRtcp(long now) {
        if (srtpOut == null) {
            return false;
        }
        boolean moved = false;
        for (RtpReceiver r : new RtpReceiver[] {videoReceiver, audioReceiver}) {
            if (r != null) {
                for (byte[] rtcp; (rtcp = r.pollTransmit()) != null; ) {
                    moved = true;
                    sendRtcp(now, rtcp);
                }
            }
        }
        if (transportCc != null) {
            for (TransportCcFeedback f; (f = transportCc.pollTransmit()) != null; ) {
                moved = true;
                if (feedbackSent++ == 0) {
                    log.accept("[RTCP] first transport-cc feedback: " + f.statusCount() + " packets from transport seq "
                            + f.baseSequence());
                }
                sendRtcp(now, f.encode());
            }
        }
        return moved;
    }

    /** The next frame when it is due; the sender's packets, retransmissions and reports, all through SRTP. */
    private boolean pumpVideoOut(long now) {
        if (videoSender == null) {
            return false;
        }
        boolean moved = false;
        if (now >= nextFrameAt) {
            List<IvfFile.Frame> frames = sendFile.frames();
            byte[] frame = frames.get(nextFrame).data().toByteArray();
            videoSender.sendFrame(now, frame, framesSent * 3000L);
            framesSent++;
            nextFrame = (nextFrame + 1) % frames.size();
            nextFrameAt += 33_333_333L;
            moved = true;
        }
        for (RtpSender.Event e; (e = videoSender.pollEvent()) != null; ) {
            moved = true;
            if (e instanceof RtpSender.KeyframeRequested) {
                keyframeRequests++;
                nextFrame = 0; // the file starts with a keyframe
                log.accept("[RTCP] the browser asked for a keyframe (PLI): starting the file over");
            }
        }
        for (byte[] p; (p = videoSender.pollTransmit()) != null; ) {
            moved = true;
            if (RtpPacket.isRtcp(p, 0, p.length)) {
                sendRtcp(now, p);
            } else {
                byte[] wire = Arrays.copyOf(p, p.length + 32);
                int n = srtpOut.protectRtp(wire, 0, p.length);
                if (n > 0) {
                    ice.send(now, Arrays.copyOf(wire, n));
                }
            }
        }
        return moved;
    }

    long framesSent() {
        return framesSent;
    }

    long keyframeRequests() {
        return keyframeRequests;
    }

    private void sendRtcp(long now, byte[] rtcp) {
        byte[] wire = Arrays.copyOf(rtcp, rtcp.length + 64);
        int n = srtpOut.protectRtcp(wire, 0, rtcp.length);
        if (n > 0) {
            ice.send(now, Arrays.copyOf(wire, n));
        }
    }

    /** The Opus packets received, in order. */
    List<byte[]> opusPackets() {
        return opusPackets;
    }

    List<AssembledFrame> frames() {
        return frames;
    }

    long rtpPackets() {
        return rtpPackets;
    }

    long feedbackSent() {
        return feedbackSent;
    }

    long srtpFailures() {
        return srtpFailures;
    }

    long messagesEchoed() {
        return messagesEchoed;
    }

    long bytesEchoed() {
        return bytesEchoed;
    }

    List<String> failures() {
        return failures;
    }

    String state() {
        return ice == null ? "no offer yet"
                : "ICE " + ice.connectionState() + ", DTLS " + (dtls == null ? "not yet" : dtls.state()) + ", echoed " + messagesEchoed
                + ", RTP packets " + rtpPackets + ", frames " + frames.size();
    }

    void close(long now) {
        if (ice != null) {
            if (sctp != null) {
                sctp.shutdown(now);
            }
            pump(now);
            if (dtls != null) {
                dtls.close(now);
            }
            pump(now);
            ice.close(now);
        }
    }
}
