package io.jrtc.webrtc;

import io.jrtc.core.SrtpProfile;
import io.jrtc.dtls.CipherSuite;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.webrtc.transport.EventLoops;
import io.jrtc.webrtc.transport.MuxTransport;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a {@link PeerConnection} is set up (W3C {@code RTCConfiguration} plus what a server needs):
 * ICE servers, ICE-lite, which local addresses may become candidates, the UDP port (range, or a shared
 * mux port), the DTLS certificate, the MTU, the codecs offered, the SRTP profiles and DTLS cipher
 * suites, a key log file, and a seed that makes every random choice reproducible. Immutable; made with
 * {@link #builder()}.
 */
public final class RtcConfiguration {
    private final List<IceServer> iceServers;
    private final boolean iceLite;
    private final boolean relayOnly;
    private final Predicate<InetAddress> addressFilter;
    private final InetAddress bindAddress;
    private final int minPort;
    private final int maxPort;
    private final MuxTransport muxTransport;
    private final DtlsCertificate certificate;
    private final int mtu;
    private final List<Codec> audioCodecs;
    private final List<Codec> videoCodecs;
    private final List<SrtpProfile> srtpProfiles;
    private final List<CipherSuite> cipherSuites;
    private final Path keyLogFile;
    private final Long seed;
    private final EventLoops eventLoops;
    private final boolean rethrowInternalErrors;
    private final String label;
    private final int maxRemoteCandidates;
    private final int maxRemoteSsrcs;
    private final int maxDataChannels;
    private final int maxSdpBytes;
    private final boolean dtlsCookieExchange;

    /** Default of {@link Builder#maxRemoteCandidates(int)}. */
    public static final int DEFAULT_MAX_REMOTE_CANDIDATES = 64;
    /** Default of {@link Builder#maxRemoteSsrcs(int)}. */
    public static final int DEFAULT_MAX_REMOTE_SSRCS = 64;
    /** Default of {@link Builder#maxDataChannels(int)}. */
    public static final int DEFAULT_MAX_DATA_CHANNELS = 1024;
    /** Default of {@link Builder#maxSdpBytes(int)}: 256 KiB. */
    public static final int DEFAULT_MAX_SDP_BYTES = 256 * 1024;

    private RtcConfiguration(Builder b) {
        this.iceServers = List.copyOf(b.iceServers);
        this.iceLite = b.iceLite;
        this.relayOnly = b.relayOnly;
        this.addressFilter = b.addressFilter;
        this.bindAddress = b.bindAddress;
        this.minPort = b.minPort;
        this.maxPort = b.maxPort;
        this.muxTransport = b.muxTransport;
        this.certificate = b.certificate;
        this.mtu = b.mtu;
        this.audioCodecs = b.audioCodecs == null ? null : List.copyOf(b.audioCodecs);
        this.videoCodecs = b.videoCodecs == null ? null : List.copyOf(b.videoCodecs);
        this.srtpProfiles = b.srtpProfiles == null ? null : List.copyOf(b.srtpProfiles);
        this.cipherSuites = b.cipherSuites == null ? null : List.copyOf(b.cipherSuites);
        this.keyLogFile = b.keyLogFile;
        this.seed = b.seed;
        this.eventLoops = b.eventLoops;
        this.rethrowInternalErrors = b.rethrowInternalErrors;
        this.label = b.label;
        this.maxRemoteCandidates = b.maxRemoteCandidates;
        this.maxRemoteSsrcs = b.maxRemoteSsrcs;
        this.maxDataChannels = b.maxDataChannels;
        this.maxSdpBytes = b.maxSdpBytes;
        this.dtlsCookieExchange = b.dtlsCookieExchange;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: no ICE servers, every usable unicast address, an ephemeral port, a fresh ECDSA certificate. */
    public static RtcConfiguration defaults() {
        return builder().build();
    }

    public List<IceServer> iceServers() { return iceServers; }
    public boolean iceLite() { return iceLite; }
    /** {@code iceTransportPolicy: "relay"}: only relayed candidates. */
    public boolean relayOnly() { return relayOnly; }
    /** Which local addresses may become host candidates (null: every usable unicast address). */
    public Predicate<InetAddress> addressFilter() { return addressFilter; }
    /** The address the UDP socket binds to (null: the wildcard address). */
    public InetAddress bindAddress() { return bindAddress; }
    public int minPort() { return minPort; }
    public int maxPort() { return maxPort; }
    /** A shared mux port (one socket for many connections, routed by ICE ufrag and remote address), or null. */
    public MuxTransport muxTransport() { return muxTransport; }
    /** The DTLS certificate (null: a fresh ECDSA P-256 one per connection). */
    public DtlsCertificate certificate() { return certificate; }
    public int mtu() { return mtu; }
    /** Audio codecs we offer and accept, in preference order (null: Opus, PCMU, PCMA). */
    public List<Codec> audioCodecs() { return audioCodecs; }
    /** Video codecs we offer and accept (null: VP8, VP9, H.264 with RTX). */
    public List<Codec> videoCodecs() { return videoCodecs; }
    /** SRTP profiles offered in use_srtp, in preference order (null: the DTLS layer's defaults). */
    public List<SrtpProfile> srtpProfiles() { return srtpProfiles; }
    /** DTLS cipher suites (null: the DTLS layer's defaults). */
    public List<CipherSuite> cipherSuites() { return cipherSuites; }
    /** Where DTLS secrets are appended in the NSS key log format (for Wireshark), or null. */
    public Path keyLogFile() { return keyLogFile; }
    /** Seed for every random choice (ICE credentials, tie-breaker, SSRCs, DTLS randoms), or null for a secure random. */
    public Long seed() { return seed; }
    /** The Netty event loops to run on (null: a shared default group). */
    public EventLoops eventLoops() { return eventLoops; }
    /** Tests and fuzzing: an unexpected exception inside an engine is rethrown instead of only counted. */
    public boolean rethrowInternalErrors() { return rethrowInternalErrors; }
    /** A name for log lines, or null. */
    public String label() { return label; }
    /** Remote ICE candidates kept per ICE generation (see {@link Builder#maxRemoteCandidates(int)}). */
    public int maxRemoteCandidates() { return maxRemoteCandidates; }
    /** Distinct remote SSRCs accepted (see {@link Builder#maxRemoteSsrcs(int)}). */
    public int maxRemoteSsrcs() { return maxRemoteSsrcs; }
    /** Data channels open at once, ours and the peer's (see {@link Builder#maxDataChannels(int)}). */
    public int maxDataChannels() { return maxDataChannels; }
    /** The largest remote description accepted, in UTF-8 bytes (see {@link Builder#maxSdpBytes(int)}). */
    public int maxSdpBytes() { return maxSdpBytes; }
    /** Whether our DTLS server asks every ClientHello for a cookie first (see {@link Builder#dtlsCookieExchange(boolean)}). */
    public boolean dtlsCookieExchange() { return dtlsCookieExchange; }

    /** Builds a configuration; every setter returns the builder. */
    public static final class Builder {
        private final List<IceServer> iceServers = new ArrayList<>();
        private boolean iceLite;
        private boolean relayOnly;
        private Predicate<InetAddress> addressFilter;
        private InetAddress bindAddress;
        private int minPort;
        private int maxPort;
        private MuxTransport muxTransport;
        private DtlsCertificate certificate;
        private int mtu = 1200;
        private List<Codec> audioCodecs;
        private List<Codec> videoCodecs;
        private List<SrtpProfile> srtpProfiles;
        private List<CipherSuite> cipherSuites;
        private Path keyLogFile;
        private Long seed;
        private EventLoops eventLoops;
        private boolean rethrowInternalErrors = Boolean.getBoolean("jrtc.rethrowEngineErrors");
        private String label;
        private int maxRemoteCandidates = DEFAULT_MAX_REMOTE_CANDIDATES;
        private int maxRemoteSsrcs = DEFAULT_MAX_REMOTE_SSRCS;
        private int maxDataChannels = DEFAULT_MAX_DATA_CHANNELS;
        private int maxSdpBytes = DEFAULT_MAX_SDP_BYTES;
        private boolean dtlsCookieExchange;

        private Builder() {
        }

        /** A {@code stun:} URL. */
        public Builder iceServer(String url) {
            iceServers.add(IceServer.parse(url));
            return this;
        }

        /** A {@code turn:}/{@code turns:} URL with its credentials. */
        public Builder iceServer(String url, String username, String credential) {
            iceServers.add(IceServer.parse(url, username, credential));
            return this;
        }

        public Builder iceServer(IceServer server) {
            iceServers.add(Objects.requireNonNull(server));
            return this;
        }

        public Builder iceLite(boolean lite) {
            this.iceLite = lite;
            return this;
        }

        public Builder relayOnly(boolean relay) {
            this.relayOnly = relay;
            return this;
        }

        public Builder addressFilter(Predicate<InetAddress> filter) {
            this.addressFilter = filter;
            return this;
        }

        /** Binds to 127.0.0.1 and keeps only loopback candidates (tests and examples). */
        public Builder loopbackOnly() {
            this.addressFilter = InetAddress::isLoopbackAddress;
            this.bindAddress = InetAddress.getLoopbackAddress();
            return this;
        }

        public Builder bindAddress(InetAddress address) {
            this.bindAddress = address;
            return this;
        }

        /** The UDP port is the first free one in {@code min..max} (0..0: any). */
        public Builder portRange(int min, int max) {
            if (min < 0 || max > 65535 || min > max) {
                throw new IllegalArgumentException("bad port range " + min + ".." + max);
            }
            this.minPort = min;
            this.maxPort = max;
            return this;
        }

        /** Shares one UDP socket with other connections (a server's single port). */
        public Builder muxPort(MuxTransport mux) {
            this.muxTransport = mux;
            return this;
        }

        public Builder certificate(DtlsCertificate c) {
            this.certificate = c;
            return this;
        }

        public Builder mtu(int m) {
            if (m < 576 || m > 9000) {
                throw new IllegalArgumentException("MTU out of range: " + m);
            }
            this.mtu = m;
            return this;
        }

        public Builder audioCodecs(List<Codec> codecs) {
            this.audioCodecs = codecs;
            return this;
        }

        public Builder videoCodecs(List<Codec> codecs) {
            this.videoCodecs = codecs;
            return this;
        }

        public Builder srtpProfiles(List<SrtpProfile> profiles) {
            this.srtpProfiles = profiles;
            return this;
        }

        public Builder dtlsCipherSuites(List<CipherSuite> suites) {
            this.cipherSuites = suites;
            return this;
        }

        public Builder keyLogFile(Path file) {
            this.keyLogFile = file;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder eventLoops(EventLoops loops) {
            this.eventLoops = loops;
            return this;
        }

        public Builder rethrowInternalErrors(boolean r) {
            this.rethrowInternalErrors = r;
            return this;
        }

        public Builder label(String l) {
            this.label = l;
            return this;
        }

        /**
         * Limit: remote ICE candidates per ICE generation (default {@value RtcConfiguration#DEFAULT_MAX_REMOTE_CANDIDATES};
         * RFC 8445 §6.1.2.5 asks agents to bound their check lists, and every remote candidate is paired with
         * every local one). Candidates beyond it are not used: {@code addIceCandidate} completes exceptionally
         * with the reason, candidates inside a remote description are skipped, both counted as
         * {@code jrtcRemoteCandidatesOverLimit} in the transport stats; the connection goes on with the
         * candidates it has. An ICE restart starts a new count.
         */
        public Builder maxRemoteCandidates(int max) {
            this.maxRemoteCandidates = positive(max, "maxRemoteCandidates");
            return this;
        }

        /**
         * Limit: distinct SSRCs the peer may send from, RTP and RTCP together (default
         * {@value RtcConfiguration#DEFAULT_MAX_REMOTE_SSRCS}: several tracks with simulcast layers and RTX). A packet from one
         * more SSRC is dropped before SRTP keeps any state for it and before it reaches the media session,
         * counted as {@code jrtcRemoteSsrcsOverLimit}; only authenticated packets take a place, so a forger
         * cannot use them up.
         */
        public Builder maxRemoteSsrcs(int max) {
            this.maxRemoteSsrcs = positive(max, "maxRemoteSsrcs");
            return this;
        }

        /**
         * Limit: data channels not closed, ours and the peer's together (default
         * {@value RtcConfiguration#DEFAULT_MAX_DATA_CHANNELS}). A channel the peer opens beyond it is refused the way RFC 8831
         * §6.7 closes a channel, by resetting its stream, and never reaches {@code ondatachannel}; counted
         * as {@code jrtcDataChannelsOverLimit}. {@code createDataChannel} beyond it throws
         * IllegalStateException (the W3C OperationError) and counts too.
         */
        public Builder maxDataChannels(int max) {
            this.maxDataChannels = positive(max, "maxDataChannels");
            return this;
        }

        /**
         * Limit: the size of a remote description in UTF-8 bytes (default {@value RtcConfiguration#DEFAULT_MAX_SDP_BYTES},
         * 256 KiB). A larger one is not parsed: {@code setRemoteDescription} completes exceptionally with
         * the sizes, the signalling state does not change, and {@code jrtcSdpOverLimit} counts it.
         */
        public Builder maxSdpBytes(int max) {
            this.maxSdpBytes = positive(max, "maxSdpBytes");
            return this;
        }

        /**
         * As the DTLS server, answer a ClientHello without a valid cookie with a HelloVerifyRequest and keep
         * no state for it (RFC 6347 §4.2.1), so a flood of ClientHellos costs one stateless reply each.
         * Default off: ICE's connectivity check has already shown the peer owns its address, and the cookie
         * costs one round trip per connection; turn it on for a server under a ClientHello flood. On a mux
         * port it turns on by itself under load: when half of the port's {@code maxDtlsHandshakes} are in
         * progress as this connection's DTLS server is created.
         */
        public Builder dtlsCookieExchange(boolean on) {
            this.dtlsCookieExchange = on;
            return this;
        }

        private static int positive(int v, String what) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be at least 1: " + v);
            }
            return v;
        }

        public RtcConfiguration build() {
            return new RtcConfiguration(this);
        }
    }
}
