package io.jrtc.examples.stack;

import io.jrtc.core.Bytes;
import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;
import io.jrtc.core.SrtpProfile;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.DtlsEvent;
import io.jrtc.dtls.Fingerprint;
import io.jrtc.dtls.SrtpKeyingMaterial;
import io.jrtc.ice.IceAgent;
import io.jrtc.ice.IceConfig;
import io.jrtc.ice.IceConnectionState;
import io.jrtc.ice.IceEvent;
import io.jrtc.ice.IceGatheringState;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.sctp.SctpConfig;
import io.jrtc.sctp.datachannel.DataChannel;
import io.jrtc.sctp.datachannel.DataChannelEvent;
import io.jrtc.sctp.datachannel.DataChannelOptions;
import io.jrtc.sctp.datachannel.DataChannels;
import io.jrtc.srtp.SrtpContext;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One peer of the ORTC demo: the layers of WebRTC composed by hand, with no PeerConnection around
 * them. It is itself sans-IO (datagrams and time in, datagrams and a deadline out), so the same peer
 * runs on real sockets ({@link OrtcDemo}) and on the test kit's simulated network.
 *
 * <pre>
 *   data channel "chat"   RTP (Opus-like)
 *          │                   │
 *        SCTP                 SRTP  ◄── keys exported by DTLS (RFC 5764)
 *          │                   │
 *        DTLS                  │
 *          └───────┬───────────┘
 *                 ICE (selected pair, STUN checks and consent)
 *                  │
 *                 UDP
 * </pre>
 *
 * Each layer has its own small pump method; {@link #pump(long)} runs them until nothing moves.
 */
public final class StackPeer {

    /**
     * Opus-like media: dynamic payload type 111, one packet every 20 ms, at most this many (10 s).
     * Packets that reach the peer before its own handshake has finished (the DTLS server completes
     * one flight before the client) cannot be unprotected yet and are dropped, as in a browser.
     */
    public static final int OPUS_PT = 111;
    public static final int MAX_MEDIA_PACKETS = 500;
    private static final long PTIME_NANOS = 20_000_000L;

    private final String name;
    private final Consumer<String> log;
    private final boolean dtlsClient;
    private final long ssrc;
    private final IceAgent ice;
    private final DtlsEndpoint dtls;
    private final DataChannels sctp;
    private final String chatText;
    private StackPeer remote;

    private SrtpContext srtpOut;
    private SrtpContext srtpIn;
    private boolean dtlsStarted;
    private boolean sctpStarted;
    private DataChannel chat;
    private boolean chatSent;
    private long nextMediaAt = Engine.NO_TIMEOUT;
    private int mediaSent;
    private boolean stopMedia;

    private final List<String> chatReceived = new ArrayList<>();
    private final List<RtpPacket> rtpReceived = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private long droppedByDemux;
    private long srtpFailures;

    /**
     * @param controlling        ICE role (this peer is also the DTLS client: the "active" side)
     * @param localAddress       the one UDP address this peer has
     * @param loopbackOnly       keep only loopback host candidates (real sockets)
     * @param certificate        our DTLS certificate
     * @param remoteFingerprint  the peer's certificate fingerprint, as its SDP a=fingerprint would say
     */
    public StackPeer(String name, boolean controlling, InetSocketAddress localAddress, boolean loopbackOnly,
                     DtlsCertificate certificate, Fingerprint remoteFingerprint, SecureRandom dtlsRandom,
                     RandomGenerator random, String chatText, long ssrc, Consumer<String> log) {
        this.name = name;
        this.log = log;
        this.dtlsClient = controlling;
        this.chatText = chatText;
        this.ssrc = ssrc;
        IceConfig.Builder ib = IceConfig.builder().label(name).controlling(controlling).random(random)
                .localAddress(localAddress);
        if (loopbackOnly) {
            ib.loopbackOnly();
        }
        this.ice = new IceAgent(ib.build());
        DtlsConfig dc = DtlsConfig.builder().certificate(certificate).expectedPeerFingerprint(remoteFingerprint)
                .random(dtlsRandom).build();
        this.dtls = controlling ? DtlsEndpoint.client(dc) : DtlsEndpoint.server(dc);
        this.sctp = new DataChannels(SctpConfig.defaults(random),
                controlling ? DataChannels.Role.CLIENT : DataChannels.Role.SERVER, 256 * 1024);
    }

    // ------------------------------------------------------------------ signalling (in process)

    /**
     * The "signalling channel": the ICE credentials go across now, candidates are trickled to the
     * remote as they appear (see {@link #pumpIce}). The DTLS fingerprints were given to the constructors.
     */
    public static void signal(long now, StackPeer a, StackPeer b) {
        a.remote = b;
        b.remote = a;
        a.ice.setRemoteCredentials(now, b.ice.localUfrag(), b.ice.localPassword());
        b.ice.setRemoteCredentials(now, a.ice.localUfrag(), a.ice.localPassword());
        a.log("[ICE] signalling: ice-ufrag " + a.ice.localUfrag() + " ⇄ " + b.ice.localUfrag() + ", DTLS fingerprints exchanged");
        a.start(now);
        b.start(now);
    }

    private void start(long now) {
        log("[ICE] " + name + " is " + (dtlsClient ? "controlling" : "controlled") + ", DTLS "
                + (dtlsClient ? "client" : "server") + ", fingerprint " + shortFp(dtls.localFingerprint()));
        if (!dtlsClient) {
            dtls.start(now); // a server only arms its handshake timeout
            dtlsStarted = true;
        }
        ice.startGathering(now);
        pump(now);
    }

    // ------------------------------------------------------------------ engine surface

    /** A datagram arrived on our socket: everything goes to ICE first (it answers STUN itself). */
    public void handleInput(long now, Datagram datagram) {
        ice.handleInput(now, datagram);
        pump(now);
    }

    public void handleTimeout(long now) {
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

    /** The next datagram to put on the wire. Every layer's output ends up here, through ICE. */
    public Datagram pollTransmit() {
        return ice.pollTransmit();
    }

    public long pollTimeout() {
        return Math.min(Math.min(ice.pollTimeout(), dtls.pollTimeout()), Math.min(sctp.pollTimeout(), nextMediaAt));
    }

    /** Runs every layer's pump until none of them has anything left to move. */
    public void pump(long now) {
        boolean moved;
        do {
            moved = pumpIce(now);
            moved |= pumpDtls(now);
            moved |= pumpSctp(now);
            moved |= pumpSrtp(now);
        } while (moved);
    }

    // ------------------------------------------------------------------ ICE

    private boolean pumpIce(long now) {
        boolean moved = false;
        for (IceEvent e; (e = ice.pollEvent()) != null; ) {
            moved = true;
            if (e instanceof IceEvent.LocalCandidate c) {
                log("[ICE] " + name + " trickles a=" + c.candidate().toSdp());
                remote.ice.addRemoteCandidate(now, c.candidate());
            } else if (e instanceof IceEvent.GatheringStateChanged g && g.state() == IceGatheringState.COMPLETE) {
                remote.ice.endOfRemoteCandidates(now);
            } else if (e instanceof IceEvent.ConnectionStateChanged s) {
                log("[ICE] " + name + " connection state " + s.state());
                if (s.state() == IceConnectionState.FAILED) {
                    failures.add("ICE failed");
                }
            } else if (e instanceof IceEvent.SelectedPairChanged p) {
                log("[ICE] " + name + " selected pair " + p.local().address() + " -> " + p.remote().address());
                if (!dtlsStarted) {
                    log("[DTLS] " + name + " starts the handshake (ClientHello) on the selected pair");
                    dtls.start(now);
                    dtlsStarted = true;
                }
            } else if (e instanceof IceEvent.DataReceived d) {
                demultiplex(now, d.data());
            }
        }
        return moved;
    }

    /** What a non-STUN datagram on the selected pair carries, by its first byte. */
    public enum Demux { STUN, ZRTP, DTLS, TURN_CHANNEL, RTP_RTCP, DROP }

    /*
     * RFC 7983 §7, the first byte B of a datagram on the 5-tuple:
     *
     *                  +----------------+
     *                  |        [0..3] -+--> STUN        (IceAgent handles these itself)
     *                  |      [16..19] -+--> ZRTP        (dropped: not used by WebRTC)
     *   packet -->     |      [20..63] -+--> DTLS        (DtlsEndpoint)
     *                  |      [64..79] -+--> TURN Channel (dropped: no TURN here)
     *                  |    [128..191] -+--> RTP/RTCP    (SrtpContext)
     *                  +----------------+    anything else: dropped
     */
    public static Demux classify(byte first) {
        int b = first & 0xff;
        if (b <= 3) {
            return Demux.STUN;
        } else if (b >= 16 && b <= 19) {
            return Demux.ZRTP;
        } else if (b >= 20 && b <= 63) {
            return Demux.DTLS;
        } else if (b >= 64 && b <= 79) {
            return Demux.TURN_CHANNEL;
        } else if (b >= 128 && b <= 191) {
            return Demux.RTP_RTCP;
        }
        return Demux.DROP;
    }

    private void demultiplex(long now, byte[] data) {
        if (data.length == 0) {
            droppedByDemux++;
            return;
        }
        switch (classify(data[0])) {
            case DTLS:
                dtls.handleInput(now, data);
                break;
            case RTP_RTCP:
                receiveSrtp(data);
                break;
            default:
                droppedByDemux++;
                break;
        }
    }

    // ------------------------------------------------------------------ DTLS

    private boolean pumpDtls(long now) {
        boolean moved = false;
        for (byte[] record; (record = dtls.pollTransmit()) != null; ) {
            moved = true;
            ice.send(now, record); // false before a pair is selected: DTLS retransmits
        }
        for (DtlsEvent e; (e = dtls.pollEvent()) != null; ) {
            moved = true;
            if (e instanceof DtlsEvent.HandshakeComplete h) {
                log("[DTLS] " + name + " handshake complete: " + h.suite() + ", peer fingerprint " + shortFp(h.peerFingerprint())
                        + " matches the signalled one, use_srtp " + h.srtpProfile().dtlsName());
                keySrtp(now);
                log("[SCTP] " + name + " sends INIT over DTLS application data");
                sctp.connect(now);
                sctpStarted = true;
            } else if (e instanceof DtlsEvent.ApplicationData a) {
                sctp.handleInput(now, a.data());
            } else if (e instanceof DtlsEvent.Alert a) {
                log("[DTLS] " + name + " alert " + a);
                if (a.fatal()) {
                    failures.add("DTLS alert " + a);
                }
            } else if (e instanceof DtlsEvent.Closed c) {
                log("[DTLS] " + name + " closed: " + c.reason());
            }
        }
        return moved;
    }

    // ------------------------------------------------------------------ SCTP and the data channel

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
                log("[SCTP] " + name + " association established");
                if (dtlsClient) {
                    log("[DC] " + name + " opens data channel \"chat\" (DATA_CHANNEL_OPEN)");
                    chat = sctp.createChannel(now, "chat", DataChannelOptions.RELIABLE);
                }
            } else if (e instanceof DataChannelEvent.Open o) {
                chat = o.channel();
                log("[DC] " + name + " channel \"" + chat.label() + "\" open on stream " + chat.id());
            } else if (e instanceof DataChannelEvent.Message m) {
                chatReceived.add(m.text());
                log("[DC] " + name + " received \"" + m.text() + "\"");
            } else if (e instanceof DataChannelEvent.Error err) {
                failures.add("data channel error " + err.message());
            } else if (e instanceof DataChannelEvent.AssociationClosed c) {
                log("[SCTP] " + name + " association closed" + (c.aborted() ? " (aborted: " + c.reason() + ")" : ""));
            }
        }
        if (chat != null && !chatSent && chat.state() == DataChannel.State.OPEN) {
            log("[DC] " + name + " sends \"" + chatText + "\"");
            chat.send(now, chatText);
            chatSent = true;
            moved = true;
        }
        return moved;
    }

    // ------------------------------------------------------------------ SRTP

    /** Client write key = server read key: each side protects with its own half, unprotects with the other. */
    private void keySrtp(long now) {
        SrtpKeyingMaterial km = dtls.srtpKeyingMaterial();
        SrtpProfile profile = km.profile();
        srtpOut = SrtpContext.create(profile, km.localKey(dtlsClient).toByteArray(), km.localSalt(dtlsClient).toByteArray());
        srtpIn = SrtpContext.create(profile, km.remoteKey(dtlsClient).toByteArray(), km.remoteSalt(dtlsClient).toByteArray());
        log("[SRTP] " + name + " keyed from the DTLS exporter (" + SrtpKeyingMaterial.LABEL + "): " + profile
                + ", sends with the " + (dtlsClient ? "client" : "server") + " write key");
        nextMediaAt = now;
    }

    /** Sends one 20 ms Opus-like packet when it is due, until the peer has one or the budget is spent. */
    private boolean pumpSrtp(long now) {
        if (srtpOut == null || nextMediaAt > now) {
            return false;
        }
        if (stopMedia || mediaSent >= MAX_MEDIA_PACKETS) {
            nextMediaAt = Engine.NO_TIMEOUT;
            return false;
        }
        RtpPacket rtp = mediaPacket(ssrc, mediaSent);
        byte[] plain = rtp.encode();
        byte[] wire = Arrays.copyOf(plain, plain.length + 64);
        int n = srtpOut.protectRtp(wire, 0, plain.length);
        if (n < 0) {
            failures.add("SRTP protect failed: " + n);
            nextMediaAt = Engine.NO_TIMEOUT;
            return false;
        }
        if (mediaSent == 0) {
            log("[SRTP] " + name + " protects RTP seq " + rtp.sequenceNumber() + " (" + plain.length + " bytes) into "
                    + n + " bytes and sends it on the selected pair");
        }
        ice.send(now, Arrays.copyOf(wire, n));
        mediaSent++;
        nextMediaAt = now + PTIME_NANOS;
        return true;
    }

    private void receiveSrtp(byte[] data) {
        if (RtpPacket.isRtcp(data, 0, data.length)) {
            droppedByDemux++; // no RTCP in this demo
            return;
        }
        if (srtpIn == null) {
            if (srtpFailures++ == 0) {
                log("[SRTP] " + name + " drops media that came before its own DTLS handshake finished (no keys yet)");
            }
            return;
        }
        int n = srtpIn.unprotectRtp(data, 0, data.length);
        if (n < 0) {
            srtpFailures++;
            log("[SRTP] " + name + " dropped a packet: status " + n);
            return;
        }
        try {
            RtpPacket p = RtpPacket.parse(data, 0, n);
            int index = p.sequenceNumber() - 1000;
            if (index < 0 || index >= MAX_MEDIA_PACKETS) {
                failures.add("unexpected RTP sequence number " + p.sequenceNumber());
                return;
            }
            RtpPacket expected = mediaPacket(p.ssrc(), index);
            if (!p.equals(expected)) {
                failures.add("RTP packet differs after SRTP: " + p);
                return;
            }
            if (rtpReceived.isEmpty()) {
                log("[SRTP] " + name + " unprotected RTP seq " + p.sequenceNumber() + " ssrc " + p.ssrc() + " pt " + p.payloadType()
                        + ", " + p.payload().length() + " payload bytes, identical to what was sent");
            }
            rtpReceived.add(p);
        } catch (io.jrtc.rtp.RtpParseException ex) {
            failures.add("RTP parse failed after SRTP: " + ex.getMessage());
        }
    }

    /** The i-th media packet of a stream: a fake 20 ms Opus frame whose bytes depend on ssrc and i. */
    public static RtpPacket mediaPacket(long ssrc, int i) {
        byte[] payload = new byte[60 + (i % 7)];
        payload[0] = (byte) 0xfc; // an Opus TOC byte: CELT FB 20 ms, one frame
        for (int k = 1; k < payload.length; k++) {
            payload[k] = (byte) (ssrc * 31 + i * 17 + k);
        }
        return RtpPacket.of(i == 0, OPUS_PT, 1000 + i, 960L * i, ssrc, Bytes.wrap(payload));
    }

    // ------------------------------------------------------------------ results

    public String name() {
        return name;
    }

    public IceAgent ice() {
        return ice;
    }

    public DtlsEndpoint dtls() {
        return dtls;
    }

    public DataChannels sctp() {
        return sctp;
    }

    /** Stops sending media (the other side has what it needs). */
    public void stopMedia() {
        stopMedia = true;
    }

    public List<String> chatReceived() {
        return chatReceived;
    }

    public List<RtpPacket> rtpReceived() {
        return rtpReceived;
    }

    public List<String> failures() {
        return failures;
    }

    public long droppedByDemux() {
        return droppedByDemux;
    }

    public long srtpFailures() {
        return srtpFailures;
    }

    public int mediaSent() {
        return mediaSent;
    }

    /** The peer got the chat message and at least one verified RTP packet. */
    public boolean done() {
        return !chatReceived.isEmpty() && !rtpReceived.isEmpty();
    }

    public void close(long now) {
        ice.close(now);
    }

    private void log(String line) {
        log.accept(line);
    }

    private static String shortFp(Fingerprint f) {
        String s = f.hexWithColons();
        return f.algorithm() + " " + (s.length() > 23 ? s.substring(0, 23) + "…" : s);
    }
}
