package io.jrtc.examples.browser;

import io.jrtc.core.Datagram;
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
import io.jrtc.sdp.jsep.Jsep;
import io.jrtc.sdp.jsep.TransportParameters;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The jrtc side of a browser data channel, composed from the layer engines by hand (there is no
 * PeerConnection yet): it answers the browser's offer, then echoes every message it gets on every
 * channel the browser opens. Sans-IO like the engines: datagrams and time in, datagrams and a
 * deadline out.
 *
 * <pre>
 *   browser offer ──► SDP parse ──► ICE (controlled) + DTLS client (setup:active; or server with
 *                                   setup:passive) + SCTP/DCEP
 *   answer  ◄────── JSEP answer + our host candidate
 *   UDP ──► ICE ──► DTLS ──► SCTP ──► DCEP: DATA_CHANNEL_OPEN ──► ACK; each message ──► sent back
 * </pre>
 */
final class BrowserAnswerer {
    private final InetSocketAddress local;
    private final DtlsCertificate certificate;
    private final SecureRandom secureRandom;
    private final RandomGenerator random;
    private final Consumer<String> log;
    /** ACTIVE: jrtc is the DTLS client (what a browser answerer does); PASSIVE: jrtc is the DTLS server. */
    private final SetupRole setup;

    private IceAgent ice;
    private DtlsEndpoint dtls;
    private DataChannels sctp;
    private boolean dtlsStarted;
    private boolean sctpStarted;
    private final List<String> localCandidates = new ArrayList<>();
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
        this.local = local;
        this.certificate = certificate;
        this.secureRandom = secureRandom;
        this.random = random;
        this.log = log;
    }

    /** Takes the browser's complete offer (candidates included) and returns our answer. */
    String answer(long now, String offerText) throws SdpParseException {
        SessionDescription offer = SessionDescription.parse(offerText);
        MediaDescription data = null;
        for (MediaDescription m : offer.media()) {
            if (m.isDataChannel() && !m.isRejected()) {
                data = m;
                break;
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("the offer has no data channel section");
        }
        String ufrag = offer.effective(data, Attribute.IceUfrag.class).ufrag();
        String pwd = offer.effective(data, Attribute.IcePwd.class).password();
        Attribute.Fingerprint fp = offer.effective(data, Attribute.Fingerprint.class);
        Fingerprint remoteFingerprint = Fingerprint.parse(fp.hashFunction() + " " + fp.fingerprint());
        Attribute.MaxMessageSize mms = offer.effective(data, Attribute.MaxMessageSize.class);
        int remoteMax = mms == null ? 65536 : (int) Math.min(Integer.MAX_VALUE, mms.size() == 0 ? Integer.MAX_VALUE : mms.size());
        log.accept("[SDP] offer: mid " + data.mid() + ", " + data.protocol() + ", ice-ufrag " + ufrag + ", fingerprint "
                + fp.hashFunction() + " " + fp.fingerprint().substring(0, Math.min(23, fp.fingerprint().length())) + "…, "
                + data.candidates().size() + " candidate(s), max-message-size " + remoteMax);

        ice = new IceAgent(IceConfig.builder().label("jrtc").controlling(false).random(random)
                .localAddress(local).loopbackOnly().build());
        DtlsConfig dc = DtlsConfig.builder().certificate(certificate)
                .expectedPeerFingerprint(remoteFingerprint).random(secureRandom).build();
        boolean client = setup == SetupRole.ACTIVE;
        dtls = client ? DtlsEndpoint.client(dc) : DtlsEndpoint.server(dc);
        // the DTLS client takes the even SCTP stream ids, the server the odd ones (RFC 8832 §6)
        sctp = new DataChannels(SctpConfig.defaults(random), client ? DataChannels.Role.CLIENT : DataChannels.Role.SERVER,
                remoteMax);
        if (!client) {
            dtls.start(now); // a server only arms its handshake timer and waits for the ClientHello
            dtlsStarted = true;
        }

        ice.setRemoteCredentials(now, ufrag, pwd);
        for (io.jrtc.sdp.Candidate c : data.candidates()) {
            try {
                Candidate parsed = Candidate.parse(c.toCandidateString());
                boolean used = ice.addRemoteCandidate(now, parsed);
                log.accept("[ICE] remote " + c.toCandidateString() + (used ? "" : " (not paired)"));
            } catch (IceParseException e) {
                log.accept("[ICE] remote candidate ignored: " + e.getMessage());
            }
        }
        ice.endOfRemoteCandidates(now);
        ice.startGathering(now);
        pump(now);

        TransportParameters transport = new TransportParameters(ice.localUfrag(), ice.localPassword(), List.of(),
                List.of(new Attribute.Fingerprint("sha-256", dtls.localFingerprint().hexWithColons())));
        Answer answer = Jsep.createAnswer(offer,
                AnswerOptions.defaults(Long.toString(random.nextLong(1, Long.MAX_VALUE)), transport)
                        .withSetup(setup));
        List<MediaDescription> media = new ArrayList<>();
        for (MediaDescription m : answer.description().media()) {
            if (m.isDataChannel() && !m.isRejected()) {
                List<Attribute> attributes = new ArrayList<>(m.attributes());
                for (String c : localCandidates) {
                    attributes.add(Attribute.parse(c));
                }
                attributes.add(Attribute.parse("end-of-candidates"));
                m = m.withAttributes(attributes);
            }
            media.add(m);
        }
        String text = answer.description().withMedia(media).write();
        log.accept("[SDP] answer: setup:" + (client ? "active (jrtc is the DTLS client)" : "passive (jrtc is the DTLS server)")
                + ", " + localCandidates.size()
                + " host candidate(s), sctp-port 5000");
        return text;
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
        if (dtls.pollTimeout() <= now) {
            dtls.handleTimeout(now);
        }
        if (sctp.pollTimeout() <= now) {
            sctp.handleTimeout(now);
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
        return Math.min(ice.pollTimeout(), Math.min(dtls.pollTimeout(), sctp.pollTimeout()));
    }

    private void pump(long now) {
        boolean moved;
        do {
            moved = pumpIce(now);
            moved |= pumpDtls(now);
            moved |= pumpSctp(now);
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
                if (!dtlsStarted) {
                    log.accept("[DTLS] ClientHello to the browser on the selected pair");
                    dtls.start(now);
                    dtlsStarted = true;
                }
            } else if (e instanceof IceEvent.DataReceived d) {
                byte[] b = d.data();
                // RFC 7983: 20..63 is DTLS; no RTP in a data-only session
                if (b.length > 0 && (b[0] & 0xff) >= 20 && (b[0] & 0xff) <= 63) {
                    dtls.handleInput(now, b);
                } else {
                    droppedByDemux++;
                }
            }
        }
        return moved;
    }

    private boolean pumpDtls(long now) {
        boolean moved = false;
        for (byte[] record; (record = dtls.pollTransmit()) != null; ) {
            moved = true;
            ice.send(now, record);
        }
        for (DtlsEvent e; (e = dtls.pollEvent()) != null; ) {
            moved = true;
            if (e instanceof DtlsEvent.HandshakeComplete h) {
                log.accept("[DTLS] handshake complete (jrtc " + (setup == SetupRole.ACTIVE ? "client" : "server") + "): " + h.suite() + ", the browser's certificate matches its a=fingerprint"
                        + (h.srtpProfile() != null ? ", use_srtp " + h.srtpProfile() : ""));
                log.accept("[SCTP] INIT over DTLS application data");
                sctp.connect(now);
                sctpStarted = true;
            } else if (e instanceof DtlsEvent.ApplicationData a) {
                sctp.handleInput(now, a.data().toByteArray());
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
                : "ICE " + ice.connectionState() + ", DTLS " + dtls.state() + ", echoed " + messagesEchoed;
    }

    void close(long now) {
        if (ice != null) {
            sctp.shutdown(now);
            pump(now);
            dtls.close();
            pump(now);
            ice.close(now);
        }
    }
}
