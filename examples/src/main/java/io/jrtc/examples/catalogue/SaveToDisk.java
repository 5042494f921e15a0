package io.jrtc.examples.catalogue;

import io.jrtc.core.Bytes;
import io.jrtc.examples.Example;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.codec.Opus;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.media.OggOpusFile;
import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.sdp.jsep.RtcpFeedback;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcTrackEvent;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code save-to-disk}: the browser's camera and microphone recorded to an IVF and an Ogg Opus file.
 *
 * <p>The page sends both (VP8, VP9 or AV1 chosen on the page; Opus). jrtc asks for a keyframe as soon
 * as the video track appears and records from the first keyframe on, so the file plays from its
 * start; audio is recorded from the moment that keyframe's first packet arrived (the last second of
 * audio is kept until then), so the two files start together. Video frames come whole from
 * {@code receiver.onFrame} (losses already repaired by NACK/RTX); each is written with its RTP
 * timestamp (90 kHz) made relative to the first. Audio comes packet by packet from
 * {@code receiver.onRtp}: each RTP payload is one Opus packet. <em>Stop</em> on the page
 * ({@code POST /stop?session=ID}), the connection closing or Ctrl-C writes
 * {@code DIR/page-N.ivf} and {@code DIR/page-N.ogg} and prints what they hold.
 */
public final class SaveToDisk implements Example {
    /** The video codecs jrtc accepts here: those IVF can hold. */
    static final List<Codec> VIDEO = List.of(Codec.vp8(96, 97), Codec.vp9(98, 0, 99),
            new Codec(45, "AV1", 90000, 0, Map.of(), RtcpFeedback.videoDefaults(), 46));

    @Override
    public String name() {
        return "save-to-disk";
    }

    @Override
    public String usage() {
        return "[--http 127.0.0.1:PORT] [--out DIR]";
    }

    @Override
    public String description() {
        return "browser example: the camera and microphone recorded to IVF and Ogg Opus files";
    }

    @Override
    public int run(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        Path dir = Path.of("recordings");
        int at = rest.indexOf("--out");
        if (at >= 0) {
            if (at + 1 >= rest.size()) {
                throw new IllegalArgumentException("--out needs a directory");
            }
            dir = Path.of(rest.get(at + 1));
            rest.subList(at, at + 2).clear();
        }
        Server server = Server.start(PageServer.httpOption(rest.toArray(new String[0])), dir, System.out);
        return PageServer.serveUntilCtrlC(System.out, server.url(), server);
    }

    /** What one recording wrote. */
    public record Written(Path ivf, String codec, int frames, long videoMillis, int framesBeforeKeyframe,
                          Path ogg, int packets, long audioMillis, long audioRtpMillis, int packetsBeforeStart) {
    }

    /** The running example. */
    public static final class Server implements AutoCloseable {
        private final PageServer http;
        private final Path dir;
        private final PrintStream log;
        private final Map<Integer, Recording> recordings = new ConcurrentHashMap<>();
        private final List<Written> written = new CopyOnWriteArrayList<>();
        private final AtomicInteger ids = new AtomicInteger();

        private Server(PageServer http, Path dir, PrintStream log) {
            this.http = http;
            this.dir = dir;
            this.log = log;
        }

        public static Server start(InetSocketAddress address, Path dir, PrintStream log) throws Exception {
            Files.createDirectories(dir);
            PageServer http = PageServer.start(address, SaveToDisk.class, "save-to-disk.html", log);
            Server server = new Server(http, dir, log);
            http.handle("/offer", server::offer);
            http.handle("/stop", server::stop);
            log.println("[FILE] recordings go to " + dir.toAbsolutePath());
            return server;
        }

        public String url() {
            return http.url();
        }

        /** Every recording written so far. */
        public List<Written> written() {
            return List.copyOf(written);
        }

        private PageServer.Reply offer(PageServer.Request request) throws Exception {
            int id = ids.incrementAndGet();
            PeerConnection pc = new PeerConnection(RtcConfiguration.builder().loopbackOnly().label("page-" + id)
                    .videoCodecs(VIDEO).build());
            Recording r = new Recording(id, pc);
            recordings.put(id, r);
            pc.onConnectionStateChange(state -> {
                log.println("[PC] page " + id + ": connection " + state);
                if (state == PeerConnectionState.FAILED || state == PeerConnectionState.CLOSED) {
                    r.finish("the connection is " + state.name().toLowerCase(Locale.ROOT));
                }
            });
            pc.onTrack(r::track);
            try {
                return PageServer.Reply.sdp(PageServer.answer(pc, request.body())).with("X-Session", Integer.toString(id));
            } catch (Exception e) {
                recordings.remove(id);
                pc.close();
                throw e;
            }
        }

        /** {@code POST /stop?session=ID}: writes the files, replies with what they hold. */
        private PageServer.Reply stop(PageServer.Request request) {
            Recording r = recordings.get(Integer.parseInt(request.param("session")));
            if (r == null) {
                return PageServer.Reply.text(404, "no recording " + request.param("session") + "\n");
            }
            Written w = r.finish("the page stopped it");
            return PageServer.Reply.json("{\"videoFrames\":" + w.frames() + ",\"videoMillis\":" + w.videoMillis()
                    + ",\"audioPackets\":" + w.packets() + ",\"audioMillis\":" + w.audioMillis() + "}");
        }

        /** One page's recording. Frames and packets arrive on the connection's loop; finish() may come from anywhere. */
        private final class Recording {
            private final int id;
            private final PeerConnection pc;
            private final List<IvfFile.Frame> frames = new ArrayList<>();
            private final List<Bytes> packets = new ArrayList<>();
            private volatile String videoCodec;
            private boolean hasVideo;
            private boolean recording;
            private long firstVideoTs;
            private long lastVideoTs;
            private int skippedFrames;
            private long firstAudioTs = -1;
            private long lastAudioTs;
            private int lastAudioSeq = -1;
            private int skippedPackets;
            private int width;
            private int height;
            /** Until the recording starts: when each video packet arrived, by sequence number. */
            private final Map<Integer, Long> videoArrivals = new HashMap<>();
            /** Until the recording starts: the last second of audio, with arrival times. */
            private final ArrayDeque<Arrived> audioBefore = new ArrayDeque<>();
            private Written done;

            Recording(int id, PeerConnection pc) {
                this.id = id;
                this.pc = pc;
            }

            void track(RtcTrackEvent event) {
                MediaKind kind = event.transceiver().kind();
                log.println("[PC] page " + id + " sends " + kind.token() + " (mid " + event.transceiver().mid() + "): recording it");
                if (kind == MediaKind.VIDEO) {
                    synchronized (this) {
                        hasVideo = true;
                    }
                    event.receiver().onFrame(f -> video(event, f));
                    event.receiver().onRtp(this::videoPacket);
                    // start the file with a keyframe: ask for one now rather than wait for the next
                    event.receiver().requestKeyframe();
                } else {
                    event.receiver().onRtp(this::audio);
                }
            }

            private synchronized void videoPacket(RtpPacket p) {
                if (!recording && done == null) {
                    if (videoArrivals.size() > 4096) {
                        videoArrivals.clear();
                    }
                    videoArrivals.put(p.sequenceNumber(), System.nanoTime());
                }
            }

            private synchronized void video(RtcTrackEvent event, AssembledFrame f) {
                if (done != null) {
                    return;
                }
                if (!recording) {
                    if (!f.keyframe()) {
                        skippedFrames++;
                        return;
                    }
                    recording = true;
                    firstVideoTs = f.timestamp();
                    Codec c = event.receiver().codec();
                    videoCodec = c == null ? "VP8" : c.name();
                    byte[] d = f.data().toByteArray();
                    if (videoCodec.equals("VP8") && d.length >= 10) {
                        // a VP8 keyframe's header: 3-byte tag, start code 9d 01 2a, 14-bit width and height
                        width = ((d[6] & 0xff) | (d[7] & 0xff) << 8) & 0x3fff;
                        height = ((d[8] & 0xff) | (d[9] & 0xff) << 8) & 0x3fff;
                    }
                    // audio from the moment the keyframe's first packet arrived: the two start together
                    Long t0 = videoArrivals.get((int) (f.firstSequence() & 0xffff));
                    long start = t0 == null ? System.nanoTime() : t0;
                    videoArrivals.clear();
                    for (Arrived a : audioBefore) {
                        if (a.nanos() >= start) {
                            record(a.packet());
                        } else {
                            skippedPackets++;
                        }
                    }
                    audioBefore.clear();
                    log.println("[FILE] page " + id + " recording from the first " + videoCodec + " keyframe ("
                            + skippedFrames + " frame(s) before it skipped), audio from the same moment");
                }
                lastVideoTs = f.timestamp();
                frames.add(new IvfFile.Frame((f.timestamp() - firstVideoTs) & 0xffffffffL, f.data()));
            }

            private synchronized void audio(RtpPacket p) {
                if (done != null) {
                    return;
                }
                if (hasVideo && !recording) {
                    // kept a second, in case the keyframe's first packet arrived before it
                    long now = System.nanoTime();
                    audioBefore.add(new Arrived(now, p));
                    while (now - audioBefore.peekFirst().nanos() > 1_000_000_000L) {
                        audioBefore.removeFirst();
                        skippedPackets++;
                    }
                    return;
                }
                record(p);
            }

            private void record(RtpPacket p) {
                int seq = p.sequenceNumber();
                if (lastAudioSeq >= 0 && (short) (seq - lastAudioSeq) <= 0) {
                    return; // a duplicate or a late one: Ogg has no place for it
                }
                lastAudioSeq = seq;
                if (firstAudioTs < 0) {
                    firstAudioTs = p.timestamp();
                }
                lastAudioTs = p.timestamp();
                packets.add(p.payload());
            }

            /** Writes the files once; later calls return what was written. */
            Written finish(String why) {
                Written w;
                synchronized (this) {
                    if (done != null) {
                        return done;
                    }
                    try {
                        done = write();
                    } catch (IOException | RtpParseException e) {
                        log.println("[FILE] page " + id + ": cannot write the recording: " + PageServer.oneLine(e));
                        done = new Written(null, videoCodec, 0, 0, skippedFrames, null, 0, 0, 0, skippedPackets);
                    }
                    w = done;
                }
                recordings.remove(id);
                written.add(w);
                log.println("[FILE] page " + id + " recording stopped (" + why + "): " + (w.ivf() == null ? "no video"
                        : w.ivf().getFileName() + " " + w.frames() + " " + w.codec() + " frames, " + w.videoMillis() + " ms")
                        + "; " + (w.ogg() == null ? "no audio" : w.ogg().getFileName() + " " + w.packets() + " Opus packets, "
                        + w.audioMillis() + " ms (RTP timestamps: " + w.audioRtpMillis() + " ms)"));
                pc.close();
                return w;
            }

            private Written write() throws IOException, RtpParseException {
                Path ivfPath = null;
                long videoMillis = 0;
                if (!frames.isEmpty()) {
                    String fourcc = switch (videoCodec) {
                        case "VP9" -> "VP90";
                        case "AV1" -> "AV01";
                        default -> "VP80";
                    };
                    // the last frame lasts as long as the one before it
                    long span = (lastVideoTs - firstVideoTs) & 0xffffffffL;
                    long last = frames.size() > 1 ? frames.get(frames.size() - 1).timestamp() - frames.get(frames.size() - 2).timestamp() : 3000;
                    long duration = span + last;
                    videoMillis = duration / 90;
                    byte[] ivf = new IvfFile(fourcc, width, height, 90000, 1, frames).encode();
                    // IvfFile writes the frame count at offset 24 (libvpx's reading); FFmpeg reads that field as
                    // the stream's duration in time base units, as its own IVF muxer writes it: write the duration
                    putLe32(ivf, 24, duration);
                    ivfPath = dir.resolve("page-" + id + ".ivf");
                    Files.write(ivfPath, ivf);
                }
                Path oggPath = null;
                long audioMillis = 0;
                if (!packets.isEmpty()) {
                    long samples = 0;
                    for (Bytes b : packets) {
                        samples += Opus.samplesPerPacket(b.toByteArray());
                    }
                    audioMillis = samples / 48;
                    int channels = (packets.get(0).toByteArray()[0] & 0x04) != 0 ? 2 : 1;
                    OggOpusFile ogg = new OggOpusFile(new OggOpusFile.Head(1, channels, 0, 48000, 0, 0, Bytes.EMPTY),
                            new OggOpusFile.Tags("jrtc save-to-disk", List.of()), packets, 0x6a727463L + id, samples);
                    oggPath = dir.resolve("page-" + id + ".ogg");
                    Files.write(oggPath, ogg.encode());
                }
                // what the sender's RTP timestamps say the audio lasted (the last packet's 20 ms included)
                long audioRtpMillis = packets.isEmpty() ? 0
                        : (((lastAudioTs - firstAudioTs) & 0xffffffffL) + Opus.samplesPerPacket(packets.get(packets.size() - 1).toByteArray())) / 48;
                return new Written(ivfPath, videoCodec, frames.size(), videoMillis, skippedFrames, oggPath, packets.size(),
                        audioMillis, audioRtpMillis, skippedPackets);
            }
        }

        /** An audio packet and when it arrived. */
        private record Arrived(long nanos, RtpPacket packet) {
        }

        private static void putLe32(byte[] b, int at, long v) {
            for (int i = 0; i < 4; i++) {
                b[at + i] = (byte) (v >>> (8 * i));
            }
        }

        @Override
        public void close() {
            List.copyOf(recordings.values()).forEach(r -> r.finish("the example stops"));
            http.close();
        }
    }
}
