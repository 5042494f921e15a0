package io.jrtc.examples.catalogue;

import io.jrtc.examples.Example;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;
import io.jrtc.webrtc.RtcStatsReport;
import io.jrtc.webrtc.RtcTrackEvent;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code stats}: both sides' {@code getStats()}, live, as tables and a bitrate graph.
 *
 * <p>The page sends its camera (video only) and opens a channel called {@code load}; both ends keep
 * the channel busy (the page 8 KiB, jrtc 16 KiB every 100 ms), so every line of the graph moves. Once
 * a second the page takes its own {@code pc.getStats()} and jrtc's ({@code GET /stats?session=ID}:
 * {@link PeerConnection#getStats()} as {@link RtcStatsReport#toJson()}, the same shape as a browser's
 * {@code Object.fromEntries(await pc.getStats())}), shows every entry of both as a table, and draws
 * the bitrate each side sends and receives (from the {@code transport} entry's byte counters).
 */
public final class Stats implements Example {
    /** What jrtc sends on the channel every 100 ms. */
    static final int LOAD = 16 << 10;

    @Override
    public String name() {
        return "stats";
    }

    @Override
    public String usage() {
        return "[--http 127.0.0.1:PORT]";
    }

    @Override
    public String description() {
        return "browser example: both sides' getStats live, as tables and a bitrate graph";
    }

    @Override
    public int run(String[] args) throws Exception {
        Server server = Server.start(PageServer.httpOption(args), System.out);
        return PageServer.serveUntilCtrlC(System.out, server.url(), server);
    }

    /** The running example. */
    public static final class Server implements AutoCloseable {
        private final PageServer http;
        private final PrintStream log;
        private final Map<Integer, PeerConnection> connections = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final AtomicInteger reportsServed = new AtomicInteger();
        private final AtomicLong framesReceived = new AtomicLong();
        private final AtomicLong messagesReceived = new AtomicLong();
        private final ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stats-load");
            t.setDaemon(true);
            return t;
        });

        private Server(PageServer http, PrintStream log) {
            this.http = http;
            this.log = log;
        }

        public static Server start(InetSocketAddress address, PrintStream log) throws Exception {
            PageServer http = PageServer.start(address, Stats.class, "stats.html", log);
            Server server = new Server(http, log);
            http.handle("/offer", server::offer);
            http.handle("/stats", server::stats);
            return server;
        }

        public String url() {
            return http.url();
        }

        /** The connection of session {@code id}, or null. */
        public PeerConnection connection(int id) {
            return connections.get(id);
        }

        /** How many reports the pages fetched. */
        public int reportsServed() {
            return reportsServed.get();
        }

        /** Whole video frames jrtc assembled from the pages' cameras. */
        public long framesReceived() {
            return framesReceived.get();
        }

        /** Messages that arrived on the pages' channels. */
        public long messagesReceived() {
            return messagesReceived.get();
        }

        private PageServer.Reply offer(PageServer.Request request) throws Exception {
            int id = ids.incrementAndGet();
            PeerConnection pc = new PeerConnection(RtcConfiguration.builder().loopbackOnly().label("page-" + id).build());
            connections.put(id, pc);
            pc.onConnectionStateChange(state -> {
                log.println("[PC] page " + id + ": connection " + state);
                if (state == PeerConnectionState.FAILED || state == PeerConnectionState.CLOSED) {
                    connections.remove(id);
                    pc.close();
                }
            });
            pc.onTrack(this::camera);
            pc.onDataChannel(channel -> busy(id, channel));
            try {
                return PageServer.Reply.sdp(PageServer.answer(pc, request.body())).with("X-Session", Integer.toString(id));
            } catch (Exception e) {
                connections.remove(id);
                pc.close();
                throw e;
            }
        }

        /** {@code GET /stats?session=ID}: jrtc's report for that page, as JSON. */
        private PageServer.Reply stats(PageServer.Request request) throws Exception {
            PeerConnection pc = connections.get(Integer.parseInt(request.param("session")));
            if (pc == null) {
                return PageServer.Reply.text(404, "no session " + request.param("session") + "\n");
            }
            RtcStatsReport report = pc.getStats().get(5, TimeUnit.SECONDS);
            if (reportsServed.incrementAndGet() == 1) {
                log.println("[STATS] first report for the page: " + report.all().size() + " entries, types "
                        + report.all().values().stream().map(s -> s.type()).distinct().sorted().toList());
            }
            return PageServer.Reply.json(report.toJson());
        }

        /** The page's camera: counted frame by frame, so the inbound-rtp entry has something to say. */
        private void camera(RtcTrackEvent event) {
            log.println("[PC] the page sends " + event.transceiver().kind().token() + " (mid " + event.transceiver().mid() + ")");
            event.receiver().onFrame(frame -> {
                if (framesReceived.incrementAndGet() == 1) {
                    log.println("[RTP] first frame of the page's camera, " + event.receiver().codec().name());
                }
            });
        }

        /** The channel: whatever arrives is counted; jrtc sends LOAD bytes every 100 ms while it is open. */
        private void busy(int id, RtcDataChannel channel) {
            log.println("[DC] page " + id + " opened \"" + channel.label() + "\"");
            channel.onMessage(m -> messagesReceived.incrementAndGet());
            byte[] bytes = new byte[LOAD];
            ScheduledFuture<?> sending = load.scheduleAtFixedRate(() -> {
                try {
                    if (channel.readyState() == RtcDataChannel.ReadyState.OPEN && channel.bufferedAmount() < 4 * LOAD) {
                        channel.send(bytes);
                    }
                } catch (IllegalStateException closedMeanwhile) {
                    // closed between the check and the send: onClose cancels this task
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
            channel.onClose(() -> sending.cancel(false));
        }

        @Override
        public void close() {
            load.shutdownNow();
            List.copyOf(connections.values()).forEach(PeerConnection::close);
            connections.clear();
            http.close();
        }
    }
}
