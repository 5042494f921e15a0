package io.jrtc.examples.catalogue;

import io.jrtc.examples.Example;
import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.sdp.jsep.RtcpFeedback;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcRtpReceiver;
import io.jrtc.webrtc.RtcRtpSender;
import io.jrtc.webrtc.RtcRtpTransceiver;
import io.jrtc.webrtc.RtcTrackEvent;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code reflect}: the browser's camera and microphone come back to it.
 *
 * <p>The page captures both, puts the video codec chosen on the page first
 * ({@code setCodecPreferences}: VP8, VP9, H.264 or AV1) and offers them. jrtc's
 * {@link PeerConnection} accepts those four and Opus; {@code onTrack} turns each transceiver
 * {@code sendrecv}, so the answer sends a stream back on it, and every RTP packet received goes back
 * through {@link RtcRtpSender#sendRtp} (the payload untouched: jrtc does not decode; the stack puts its
 * own SSRC, sequence numbers and the negotiated payload type on it). The page's keyframe requests go
 * on to the page's own sender ({@code onKeyframeRequest} → {@code requestKeyframe}). The video is also
 * reassembled into frames here ({@code onFrame}), only to count them.
 */
public final class Reflect implements Example {
    /** The video codecs jrtc accepts here: the defaults and AV1. */
    static final List<Codec> VIDEO = List.of(Codec.vp8(96, 97), Codec.vp9(98, 0, 99),
            Codec.h264(102, "42e01f", 1, 103),
            new Codec(45, "AV1", 90000, 0, Map.of(), RtcpFeedback.videoDefaults(), 46));

    @Override
    public String name() {
        return "reflect";
    }

    @Override
    public String usage() {
        return "[--http 127.0.0.1:PORT]";
    }

    @Override
    public String description() {
        return "browser example: the camera and microphone come back to the browser (VP8, VP9, H.264, AV1)";
    }

    @Override
    public int run(String[] args) throws Exception {
        Server server = Server.start(PageServer.httpOption(args), System.out);
        return PageServer.serveUntilCtrlC(System.out, server.url(), server);
    }

    /** What one page's connection reflected. */
    public static final class Session {
        final int id;
        volatile String videoCodec;
        volatile String audioCodec;
        final AtomicLong videoPackets = new AtomicLong();
        final AtomicLong audioPackets = new AtomicLong();
        final AtomicLong videoFrames = new AtomicLong();
        final AtomicLong keyframes = new AtomicLong();
        final AtomicLong keyframeRequests = new AtomicLong();

        Session(int id) {
            this.id = id;
        }

        public String videoCodec() {
            return videoCodec;
        }

        public String audioCodec() {
            return audioCodec;
        }

        public long videoPackets() {
            return videoPackets.get();
        }

        public long audioPackets() {
            return audioPackets.get();
        }

        public long videoFrames() {
            return videoFrames.get();
        }

        public long keyframes() {
            return keyframes.get();
        }

        @Override
        public String toString() {
            return "page " + id + ": video " + videoCodec + ", " + videoPackets + " packets, " + videoFrames + " frames ("
                    + keyframes + " key); audio " + audioCodec + ", " + audioPackets + " packets; " + keyframeRequests
                    + " keyframe request(s) passed on";
        }
    }

    /** The running example. */
    public static final class Server implements AutoCloseable {
        private final PageServer http;
        private final PrintStream log;
        private final Map<Integer, PeerConnection> connections = new ConcurrentHashMap<>();
        private final List<Session> sessions = new CopyOnWriteArrayList<>();
        private final AtomicInteger ids = new AtomicInteger();

        private Server(PageServer http, PrintStream log) {
            this.http = http;
            this.log = log;
        }

        public static Server start(InetSocketAddress address, PrintStream log) throws Exception {
            PageServer http = PageServer.start(address, Reflect.class, "reflect.html", log);
            Server server = new Server(http, log);
            http.handle("/offer", server::offer);
            return server;
        }

        public String url() {
            return http.url();
        }

        /** Every page that connected, in order, open or closed. */
        public List<Session> sessions() {
            return List.copyOf(sessions);
        }

        private PageServer.Reply offer(PageServer.Request request) throws Exception {
            int id = ids.incrementAndGet();
            Session session = new Session(id);
            PeerConnection pc = new PeerConnection(RtcConfiguration.builder().loopbackOnly().label("page-" + id)
                    .videoCodecs(VIDEO).build());
            connections.put(id, pc);
            pc.onConnectionStateChange(state -> {
                log.println("[PC] page " + id + ": connection " + state);
                if (state == PeerConnectionState.FAILED || state == PeerConnectionState.CLOSED) {
                    if (connections.remove(id) != null) {
                        log.println("[RTP] " + session);
                    }
                    pc.close();
                }
            });
            // onTrack runs inside setRemoteDescription, before createAnswer: the direction set here is in the answer
            pc.onTrack(event -> reflect(session, event));
            try {
                String answer = PageServer.answer(pc, request.body());
                for (RtcRtpTransceiver t : pc.getTransceivers()) {
                    Codec codec = t.receiver().codec();
                    String name = codec == null ? null : codec.name();
                    if (t.kind() == MediaKind.VIDEO) {
                        session.videoCodec = name;
                    } else {
                        session.audioCodec = name;
                    }
                }
                sessions.add(session);
                log.println("[SDP] page " + id + ": answered, video " + session.videoCodec + ", audio " + session.audioCodec);
                return PageServer.Reply.sdp(answer).with("X-Session", Integer.toString(id));
            } catch (Exception e) {
                connections.remove(id);
                pc.close();
                throw e;
            }
        }

        private void reflect(Session session, RtcTrackEvent event) {
            RtcRtpTransceiver transceiver = event.transceiver();
            RtcRtpReceiver receiver = event.receiver();
            RtcRtpSender sender = transceiver.sender();
            boolean video = transceiver.kind() == MediaKind.VIDEO;
            AtomicLong packets = video ? session.videoPackets : session.audioPackets;
            transceiver.setDirection(Direction.SENDRECV);
            log.println("[PC] page " + session.id + " sends " + transceiver.kind().token() + " (mid " + transceiver.mid()
                    + "): sending it back");
            receiver.onRtp(packet -> {
                if (packets.incrementAndGet() == 1) {
                    Codec codec = receiver.codec();
                    log.println("[RTP] page " + session.id + " first " + transceiver.kind().token() + " packet ("
                            + (codec == null ? "?" : codec.name()) + ", payload type " + packet.payloadType() + ")");
                }
                sender.sendRtp(packet);
            });
            if (video) {
                receiver.onFrame((AssembledFrame frame) -> {
                    session.videoFrames.incrementAndGet();
                    if (frame.keyframe()) {
                        session.keyframes.incrementAndGet();
                    }
                });
            }
            sender.onKeyframeRequest(() -> {
                session.keyframeRequests.incrementAndGet();
                log.println("[RTP] page " + session.id + " asks for a keyframe on mid " + transceiver.mid()
                        + ": asking its own sender");
                receiver.requestKeyframe();
            });
        }

        @Override
        public void close() {
            List.copyOf(connections.values()).forEach(PeerConnection::close);
            connections.clear();
            http.close();
        }
    }
}
