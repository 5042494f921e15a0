package io.jrtc.bench.sdp;

import io.jrtc.sdp.Attribute;
import io.jrtc.sdp.SdpParseException;
import io.jrtc.sdp.SessionDescription;
import io.jrtc.sdp.jsep.AnswerOptions;
import io.jrtc.sdp.jsep.Jsep;
import io.jrtc.sdp.jsep.TransportParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Parse and write of a real Chromium 156 offer (audio, video with 23 payload types, data channel;
 * 6.4 KB, 177 lines, captured headless on loopback: the same bytes as
 * {@code sdp/src/test/resources/io/jrtc/sdp/vectors/chromium156_offer_av_dc.sdp}), and a JSEP answer to it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SdpBench {
    static final String CHROMIUM_OFFER = ""
            + "v=0\r\n"
            + "o=- 7119202483788645750 2 IN IP4 127.0.0.1\r\n"
            + "s=-\r\n"
            + "t=0 0\r\n"
            + "a=group:BUNDLE 0 1 2\r\n"
            + "a=extmap-allow-mixed\r\n"
            + "a=msid-semantic: WMS 7610fff0-fc15-49f5-9923-69e141215f1f\r\n"
            + "m=audio 33442 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "a=rtcp:9 IN IP4 0.0.0.0\r\n"
            + "a=candidate:855654518 1 udp 2122260223 127.0.0.1 33442 typ host generation 0 network-id 1 network-cost 50\r\n"
            + "a=candidate:3450508514 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 network-id 1 network-cost 50\r\n"
            + "a=ice-ufrag:0XA2\r\n"
            + "a=ice-pwd:PJlo3cQZ5o5fmh2tmE4+cMW0\r\n"
            + "a=ice-options:trickle\r\n"
            + "a=fingerprint:sha-256 8B:61:D8:73:7D:71:B9:1E:D6:5F:AB:13:EF:23:53:73:50:4C:26:D0:AA:6A:88:57:84:53:EE:F0:A5:65:D0:C3\r\n"
            + "a=setup:actpass\r\n"
            + "a=mid:0\r\n"
            + "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
            + "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n"
            + "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
            + "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
            + "a=sendrecv\r\n"
            + "a=msid:7610fff0-fc15-49f5-9923-69e141215f1f 1370a0e1-aed6-46cb-93ab-0c5bd935e2c8\r\n"
            + "a=rtcp-mux\r\n"
            + "a=rtcp-rsize\r\n"
            + "a=rtcp-xr:rcvr-rtt=all\r\n"
            + "a=rtpmap:111 opus/48000/2\r\n"
            + "a=rtcp-fb:111 transport-cc\r\n"
            + "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
            + "a=rtpmap:63 red/48000/2\r\n"
            + "a=fmtp:63 111/111\r\n"
            + "a=rtpmap:9 G722/8000\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:13 CN/8000\r\n"
            + "a=rtpmap:110 telephone-event/48000\r\n"
            + "a=rtpmap:126 telephone-event/8000\r\n"
            + "a=ssrc:3458421313 cname:H9jbWN5fPMYbS+0U\r\n"
            + "a=ssrc:3458421313 msid:7610fff0-fc15-49f5-9923-69e141215f1f 1370a0e1-aed6-46cb-93ab-0c5bd935e2c8\r\n"
            + "m=video 35902 UDP/TLS/RTP/SAVPF 96 97 102 103 104 107 108 109 114 115 116 117 39 40 45 46 98 99 100 101 118 119 120\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "a=rtcp:9 IN IP4 0.0.0.0\r\n"
            + "a=candidate:855654518 1 udp 2122260223 127.0.0.1 35902 typ host generation 0 network-id 1 network-cost 50\r\n"
            + "a=candidate:3450508514 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 network-id 1 network-cost 50\r\n"
            + "a=ice-ufrag:0XA2\r\n"
            + "a=ice-pwd:PJlo3cQZ5o5fmh2tmE4+cMW0\r\n"
            + "a=ice-options:trickle\r\n"
            + "a=fingerprint:sha-256 8B:61:D8:73:7D:71:B9:1E:D6:5F:AB:13:EF:23:53:73:50:4C:26:D0:AA:6A:88:57:84:53:EE:F0:A5:65:D0:C3\r\n"
            + "a=setup:actpass\r\n"
            + "a=mid:1\r\n"
            + "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset\r\n"
            + "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n"
            + "a=extmap:13 urn:3gpp:video-orientation\r\n"
            + "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
            + "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\r\n"
            + "a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type\r\n"
            + "a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing\r\n"
            + "a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space\r\n"
            + "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
            + "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n"
            + "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n"
            + "a=sendrecv\r\n"
            + "a=msid:7610fff0-fc15-49f5-9923-69e141215f1f c315295f-66ff-4e98-9f9d-1134f1b1ea93\r\n"
            + "a=rtcp-mux\r\n"
            + "a=rtcp-rsize\r\n"
            + "a=rtcp-xr:rcvr-rtt=all\r\n"
            + "a=rtpmap:96 VP8/90000\r\n"
            + "a=rtcp-fb:96 goog-remb\r\n"
            + "a=rtcp-fb:96 transport-cc\r\n"
            + "a=rtcp-fb:96 ccm fir\r\n"
            + "a=rtcp-fb:96 nack\r\n"
            + "a=rtcp-fb:96 nack pli\r\n"
            + "a=rtpmap:97 rtx/90000\r\n"
            + "a=fmtp:97 apt=96\r\n"
            + "a=rtpmap:102 H264/90000\r\n"
            + "a=rtcp-fb:102 goog-remb\r\n"
            + "a=rtcp-fb:102 transport-cc\r\n"
            + "a=rtcp-fb:102 ccm fir\r\n"
            + "a=rtcp-fb:102 nack\r\n"
            + "a=rtcp-fb:102 nack pli\r\n"
            + "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r\n"
            + "a=rtpmap:103 rtx/90000\r\n"
            + "a=fmtp:103 apt=102\r\n"
            + "a=rtpmap:104 H264/90000\r\n"
            + "a=rtcp-fb:104 goog-remb\r\n"
            + "a=rtcp-fb:104 transport-cc\r\n"
            + "a=rtcp-fb:104 ccm fir\r\n"
            + "a=rtcp-fb:104 nack\r\n"
            + "a=rtcp-fb:104 nack pli\r\n"
            + "a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f\r\n"
            + "a=rtpmap:107 rtx/90000\r\n"
            + "a=fmtp:107 apt=104\r\n"
            + "a=rtpmap:108 H264/90000\r\n"
            + "a=rtcp-fb:108 goog-remb\r\n"
            + "a=rtcp-fb:108 transport-cc\r\n"
            + "a=rtcp-fb:108 ccm fir\r\n"
            + "a=rtcp-fb:108 nack\r\n"
            + "a=rtcp-fb:108 nack pli\r\n"
            + "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"
            + "a=rtpmap:109 rtx/90000\r\n"
            + "a=fmtp:109 apt=108\r\n"
            + "a=rtpmap:114 H264/90000\r\n"
            + "a=rtcp-fb:114 goog-remb\r\n"
            + "a=rtcp-fb:114 transport-cc\r\n"
            + "a=rtcp-fb:114 ccm fir\r\n"
            + "a=rtcp-fb:114 nack\r\n"
            + "a=rtcp-fb:114 nack pli\r\n"
            + "a=fmtp:114 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f\r\n"
            + "a=rtpmap:115 rtx/90000\r\n"
            + "a=fmtp:115 apt=114\r\n"
            + "a=rtpmap:116 H264/90000\r\n"
            + "a=rtcp-fb:116 goog-remb\r\n"
            + "a=rtcp-fb:116 transport-cc\r\n"
            + "a=rtcp-fb:116 ccm fir\r\n"
            + "a=rtcp-fb:116 nack\r\n"
            + "a=rtcp-fb:116 nack pli\r\n"
            + "a=fmtp:116 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f\r\n"
            + "a=rtpmap:117 rtx/90000\r\n"
            + "a=fmtp:117 apt=116\r\n"
            + "a=rtpmap:39 H264/90000\r\n"
            + "a=rtcp-fb:39 goog-remb\r\n"
            + "a=rtcp-fb:39 transport-cc\r\n"
            + "a=rtcp-fb:39 ccm fir\r\n"
            + "a=rtcp-fb:39 nack\r\n"
            + "a=rtcp-fb:39 nack pli\r\n"
            + "a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=4d001f\r\n"
            + "a=rtpmap:40 rtx/90000\r\n"
            + "a=fmtp:40 apt=39\r\n"
            + "a=rtpmap:45 AV1/90000\r\n"
            + "a=rtcp-fb:45 goog-remb\r\n"
            + "a=rtcp-fb:45 transport-cc\r\n"
            + "a=rtcp-fb:45 ccm fir\r\n"
            + "a=rtcp-fb:45 nack\r\n"
            + "a=rtcp-fb:45 nack pli\r\n"
            + "a=fmtp:45 level-idx=5;profile=0;tier=0\r\n"
            + "a=rtpmap:46 rtx/90000\r\n"
            + "a=fmtp:46 apt=45\r\n"
            + "a=rtpmap:98 VP9/90000\r\n"
            + "a=rtcp-fb:98 goog-remb\r\n"
            + "a=rtcp-fb:98 transport-cc\r\n"
            + "a=rtcp-fb:98 ccm fir\r\n"
            + "a=rtcp-fb:98 nack\r\n"
            + "a=rtcp-fb:98 nack pli\r\n"
            + "a=fmtp:98 profile-id=0\r\n"
            + "a=rtpmap:99 rtx/90000\r\n"
            + "a=fmtp:99 apt=98\r\n"
            + "a=rtpmap:100 VP9/90000\r\n"
            + "a=rtcp-fb:100 goog-remb\r\n"
            + "a=rtcp-fb:100 transport-cc\r\n"
            + "a=rtcp-fb:100 ccm fir\r\n"
            + "a=rtcp-fb:100 nack\r\n"
            + "a=rtcp-fb:100 nack pli\r\n"
            + "a=fmtp:100 profile-id=2\r\n"
            + "a=rtpmap:101 rtx/90000\r\n"
            + "a=fmtp:101 apt=100\r\n"
            + "a=rtpmap:118 red/90000\r\n"
            + "a=rtpmap:119 rtx/90000\r\n"
            + "a=fmtp:119 apt=118\r\n"
            + "a=rtpmap:120 ulpfec/90000\r\n"
            + "a=ssrc-group:FID 2302022001 3684628921\r\n"
            + "a=ssrc:2302022001 cname:H9jbWN5fPMYbS+0U\r\n"
            + "a=ssrc:2302022001 msid:7610fff0-fc15-49f5-9923-69e141215f1f c315295f-66ff-4e98-9f9d-1134f1b1ea93\r\n"
            + "a=ssrc:3684628921 cname:H9jbWN5fPMYbS+0U\r\n"
            + "a=ssrc:3684628921 msid:7610fff0-fc15-49f5-9923-69e141215f1f c315295f-66ff-4e98-9f9d-1134f1b1ea93\r\n"
            + "m=application 37709 UDP/DTLS/SCTP webrtc-datachannel\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "a=candidate:855654518 1 udp 2122260223 127.0.0.1 37709 typ host generation 0 network-id 1 network-cost 50\r\n"
            + "a=candidate:3450508514 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 network-id 1 network-cost 50\r\n"
            + "a=ice-ufrag:0XA2\r\n"
            + "a=ice-pwd:PJlo3cQZ5o5fmh2tmE4+cMW0\r\n"
            + "a=ice-options:trickle\r\n"
            + "a=fingerprint:sha-256 8B:61:D8:73:7D:71:B9:1E:D6:5F:AB:13:EF:23:53:73:50:4C:26:D0:AA:6A:88:57:84:53:EE:F0:A5:65:D0:C3\r\n"
            + "a=setup:actpass\r\n"
            + "a=mid:2\r\n"
            + "a=sctp-port:5000\r\n"
            + "a=max-message-size:262144\r\n";

    private SessionDescription parsed;
    private AnswerOptions options;

    @Setup
    public void setup() throws SdpParseException {
        parsed = SessionDescription.parse(CHROMIUM_OFFER);
        options = AnswerOptions.defaults("1", new TransportParameters("ufrag", "passwordpasswordpassword",
                List.of("trickle"), List.of(Attribute.Fingerprint.of("sha-256", new byte[32]))));
    }

    /** Text to typed model. */
    @Benchmark
    public SessionDescription parse() throws SdpParseException {
        return SessionDescription.parse(CHROMIUM_OFFER);
    }

    /** Typed model to text. */
    @Benchmark
    public String write() {
        return parsed.write();
    }

    /** Both: what a signaling relay that rewrites descriptions pays per offer. */
    @Benchmark
    public String parseAndWrite() throws SdpParseException {
        return SessionDescription.parse(CHROMIUM_OFFER).write();
    }

    /** A JSEP answer to the parsed offer (codec, feedback and extension intersection). */
    @Benchmark
    public SessionDescription answer() {
        return Jsep.createAnswer(parsed, options).description();
    }
}
