package io.jrtc.examples.catalogue;

import io.jrtc.examples.Example;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.codec.Opus;
import io.jrtc.rtp.media.AnnexBFile;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.media.OggOpusFile;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.sdp.jsep.RtcpFeedback;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcRtpSender;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code play-from-disk}: jrtc streams a video file and an Ogg Opus file to the browser, paced by
 * their timestamps, looping.
 *
 * <p>The video is an IVF file (VP8, VP9 or AV1: its header says which) or an H.264 Annex B stream
 * (which has no timestamps: {@code --fps} gives its rate, 30 without). The page offers to receive
 * audio and video ({@code recvonly}); jrtc, configured with only the file's video codec, calls
 * {@code addTrack} between {@code setRemoteDescription} and {@code createAnswer}, which takes the
 * transceivers the offer made and makes them send (the answer says {@code sendonly}), and once connected a player thread sends each frame with
 * {@link RtcRtpSender#sendFrame} at its own time: the file's timestamps give every frame's duration
 * (and every Opus packet's, from its TOC byte), the RTP timestamps advance by the same amounts, and
 * at the end the file starts again with the timestamps running on. A keyframe request from the
 * browser restarts the video at its first frame (a keyframe).
 */
public final class PlayFromDisk implements Example {

    @Override
    public String name() {
        return "play-from-disk";
    }

    @Override
    public String usage() {
        return "[--http 127.0.0.1:PORT] [--video FILE.ivf|FILE.h264] [--audio FILE.ogg] [--fps N]";
    }

    @Override
    public String description() {
        return "browser example: an IVF or H.264 file and an Ogg Opus file streamed to the page, paced, looping";
    }

    @Override
    public int run(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        String video = take(rest, "--video");
        String audio = take(rest, "--audio");
        String fps = take(rest, "--fps");
        if (video == null && audio == null) {
            throw new IllegalArgumentException("give --video FILE, --audio FILE or both");
        }
        Track v = video == null ? null : Track.video(Path.of(video), fps == null ? 30 : Integer.parseInt(fps));
        Track a = audio == null ? null : Track.audio(Path.of(audio));
        Server server = Server.start(PageServer.httpOption(rest.toArray(new String[0])), v, a, System.out);
        return PageServer.serveUntilCtrlC(System.out, server.url(), server);
    }

    private static String take(List<String> args, String option) {
        int at = args.indexOf(option);
        if (at < 0) {
            return null;
        }
        if (at + 1 >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args.get(at + 1);
        args.subList(at, at + 2).clear();
        return value;
    }

    /**
     * A file's frames (or Opus packets) with the duration of each in RTP clock units, ready to be sent
     * in a loop.
     */
    public record Track(String codec, int clockRate, List<byte[]> frames, long[] durations, String summary) {

        /** The nanoseconds frame {@code i} lasts. */
        long nanos(int i) {
            return durations[i] * 1_000_000_000L / clockRate;
        }

        /** One pass through the file, in nanoseconds. */
        public long loopNanos() {
            long n = 0;
            for (int i = 0; i < frames.size(); i++) {
                n += nanos(i);
            }
            return n;
        }

        /** The SDP codec jrtc offers and accepts for it. */
        Codec sdpCodec() {
            return switch (codec) {
                case "VP8" -> Codec.vp8(96, 97);
                case "VP9" -> Codec.vp9(98, 0, 99);
                case "AV1" -> new Codec(45, "AV1", 90000, 0, Map.of(), RtcpFeedback.videoDefaults(), 46);
                case "H264" -> Codec.h264(102, "42e01f", 1, 103);
                default -> Codec.opus(111);
            };
        }

        /** An IVF file (its header names the codec, its timestamps the durations), or H.264 Annex B at {@code fps}. */
        public static Track video(Path file, int fps) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".ivf")) {
                List<byte[]> units = AnnexBFile.accessUnits(bytes, false);
                if (units.isEmpty()) {
                    throw new IllegalArgumentException(file + ": no H.264 access unit in it (not Annex B?)");
                }
                long[] d = new long[units.size()];
                java.util.Arrays.fill(d, 90000 / fps);
                return new Track("H264", 90000, units, d, units.size() + " H.264 access units at " + fps + " frames/s");
            }
            IvfFile ivf;
            try {
                ivf = IvfFile.parse(bytes);
            } catch (RtpParseException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
            String codec = switch (ivf.fourcc()) {
                case "VP80" -> "VP8";
                case "VP90" -> "VP9";
                case "AV01" -> "AV1";
                default -> throw new IllegalArgumentException(file + ": IVF of " + ivf.fourcc() + ", not VP8, VP9 or AV1");
            };
            List<IvfFile.Frame> f = ivf.frames();
            if (f.isEmpty()) {
                throw new IllegalArgumentException(file + ": no frames");
            }
            // the timestamps are in 1/timebase units: numerator/denominator seconds each
            long[] d = new long[f.size()];
            long oneUnit = 90000L * ivf.timebaseNumerator() / ivf.timebaseDenominator();
            for (int i = 0; i + 1 < f.size(); i++) {
                d[i] = (f.get(i + 1).timestamp() - f.get(i).timestamp()) * oneUnit;
            }
            d[f.size() - 1] = f.size() > 1 ? d[f.size() - 2] : oneUnit;
            List<byte[]> frames = new ArrayList<>();
            f.forEach(x -> frames.add(x.data().toByteArray()));
            return new Track(codec, 90000, frames, d, f.size() + " " + codec + " frames " + ivf.width() + "x" + ivf.height());
        }

        /** An Ogg Opus file: its packets, each lasting what its TOC byte says. */
        public static Track audio(Path file) throws IOException {
            try {
                OggOpusFile ogg = OggOpusFile.parse(Files.readAllBytes(file));
                List<byte[]> packets = new ArrayList<>();
                ogg.packets().forEach(p -> packets.add(p.toByteArray()));
                long[] d = new long[packets.size()];
                for (int i = 0; i < d.length; i++) {
                    d[i] = Opus.samplesPerPacket(packets.get(i));
                }
                return new Track("opus", 48000, packets, d, packets.size() + " Opus packets, " + ogg.head().channels()
                        + " channel(s)");
            } catch (RtpParseException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The running example. */
    public static final class Server implements AutoCloseable {
        private final PageServer http;
        private final Track video;
        private final Track audio;
        private final PrintStream log;
        private final Map<Integer, PeerConnection> connections = new ConcurrentHashMap<>();
        private final List<Player> players = new CopyOnWriteArrayList<>();
        private final AtomicInteger ids = new AtomicInteger();

        private Server(PageServer http, Track video, Track audio, PrintStream log) {
            this.http = http;
            this.video = video;
            this.audio = audio;
            this.log = log;
        }

        /** {@code video} or {@code audio} may be null (not both). */
        public static Server start(InetSocketAddress address, Track video, Track audio, PrintStream log) throws Exception {
            PageServer http = PageServer.start(address, PlayFromDisk.class, "play-from-disk.html", log);
            Server server = new Server(http, video, audio, log);
            http.handle("/offer", server::offer);
            log.println("[FILE] video: " + (video == null ? "none" : video.summary() + ", " + video.loopNanos() / 1_000_000 + " ms")
                    + "; audio: " + (audio == null ? "none" : audio.summary() + ", " + audio.loopNanos() / 1_000_000 + " ms"));
            return server;
        }

        public String url() {
            return http.url();
        }

        /** Every page's player, in order. */
        public List<Player> players() {
            return List.copyOf(players);
        }

        private PageServer.Reply offer(PageServer.Request request) throws Exception {
            int id = ids.incrementAndGet();
            RtcConfiguration.Builder config = RtcConfiguration.builder().loopbackOnly().label("page-" + id);
            if (video != null) {
                config.videoCodecs(List.of(video.sdpCodec()));
            }
            PeerConnection pc = new PeerConnection(config.build());
            connections.put(id, pc);
            Player player = new Player(id);
            pc.onConnectionStateChange(state -> {
                log.println("[PC] page " + id + ": connection " + state);
                if (state == PeerConnectionState.CONNECTED) {
                    player.start();
                } else if (state == PeerConnectionState.FAILED || state == PeerConnectionState.CLOSED) {
                    player.stop();
                    connections.remove(id);
                    pc.close();
                }
            });
            try {
                String answer = PageServer.answer(pc, request.body(), () -> {
                    // the page's offer made a recvonly transceiver per kind; addTrack (the W3C answerer's way)
                    // takes each and makes it send: the answer says sendonly there
                    if (video != null) {
                        player.add(MediaKind.VIDEO, pc.addTrack(MediaKind.VIDEO, "video", "disk"), video);
                    }
                    if (audio != null) {
                        player.add(MediaKind.AUDIO, pc.addTrack(MediaKind.AUDIO, "audio", "disk"), audio);
                    }
                });
                players.add(player);
                return PageServer.Reply.sdp(answer).with("X-Session", Integer.toString(id));
            } catch (Exception e) {
                connections.remove(id);
                pc.close();
                throw e;
            }
        }

        /** One page's playback: a thread that sends every frame of every track at its time. */
        public final class Player {
            private final int id;
            private final List<RtcRtpSender> senders = new ArrayList<>();
            private final List<Track> tracks = new ArrayList<>();
            private volatile Thread thread;
            private volatile boolean restartVideo;
            private volatile long framesSent;
            private volatile long loops;
            private volatile long mostAheadNanos = Long.MIN_VALUE;

            Player(int id) {
                this.id = id;
            }

            void add(MediaKind kind, RtcRtpSender sender, Track track) {
                senders.add(sender);
                tracks.add(track);
                log.println("[SDP] page " + id + ": sending " + kind.token() + " from " + track.summary());
                if (kind == MediaKind.VIDEO) {
                    sender.onKeyframeRequest(() -> restartVideo = true);
                }
            }

            synchronized void start() {
                if (thread == null && !tracks.isEmpty()) {
                    thread = new Thread(this::play, "play-from-disk-" + id);
                    thread.setDaemon(true);
                    thread.start();
                }
            }

            void stop() {
                Thread t = thread;
                if (t != null) {
                    t.interrupt();
                }
            }

            /** Frames (and audio packets) sent so far. */
            public long framesSent() {
                return framesSent;
            }

            /** How many times a track reached its end and started again. */
            public long loops() {
                return loops;
            }

            /**
             * The most the media sent was ever ahead of the wall clock, right after a send (at most one
             * frame's duration when the pacing works).
             */
            public long mostAheadNanos() {
                return mostAheadNanos;
            }

            private void play() {
                int n = tracks.size();
                int[] next = new int[n];       // the frame each track sends next
                long[] due = new long[n];      // when, in ns since the start
                long[] rtp = new long[n];      // its RTP timestamp
                RtcRtpSender[] senders = new RtcRtpSender[n];
                for (int i = 0; i < n; i++) {
                    senders[i] = this.senders.get(i);
                    log.println("[RTP] page " + id + " playing " + tracks.get(i).summary() + " as "
                            + (senders[i].codec() == null ? "?" : senders[i].codec().name()) + ", ssrc " + senders[i].ssrc());
                }
                long start = System.nanoTime();
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        int i = 0;
                        for (int k = 1; k < n; k++) {
                            if (due[k] < due[i]) {
                                i = k;
                            }
                        }
                        long wait = start + due[i] - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        Track track = tracks.get(i);
                        if (track.clockRate() == 90000 && restartVideo) {
                            restartVideo = false;
                            next[i] = 0;
                            log.println("[RTP] page " + id + " asked for a keyframe: the video starts again at its first frame");
                        }
                        try {
                            senders[i].sendFrame(track.frames().get(next[i]), rtp[i] & 0xffffffffL);
                        } catch (IllegalStateException e) {
                            log.println("[RTP] page " + id + ": " + PageServer.oneLine(e) + "; stopping");
                            return;
                        }
                        framesSent++;
                        rtp[i] += track.durations()[next[i]];
                        due[i] += track.nanos(next[i]);
                        mostAheadNanos = Math.max(mostAheadNanos, due[i] - (System.nanoTime() - start));
                        if (++next[i] == track.frames().size()) {
                            next[i] = 0;
                            loops++;
                            log.println("[RTP] page " + id + " " + track.codec() + " reached the end of its file at "
                                    + due[i] / 1_000_000 + " ms: again from the start");
                        }
                    }
                } catch (InterruptedException e) {
                    // stopped
                }
                log.println("[RTP] page " + id + " player stopped after " + framesSent + " frames/packets, " + loops + " loop(s)");
            }
        }

        @Override
        public void close() {
            players.forEach(Player::stop);
            List.copyOf(connections.values()).forEach(PeerConnection::close);
            connections.clear();
            http.close();
        }
    }
}
