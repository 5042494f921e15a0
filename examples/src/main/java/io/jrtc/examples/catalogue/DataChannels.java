package io.jrtc.examples.catalogue;

import io.jrtc.examples.Example;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code data-channels}: a page and jrtc talk over a data channel, both ways.
 *
 * <p>The page opens a channel called {@code chat} and offers it (complete offer, {@code POST /offer});
 * jrtc answers with a {@link PeerConnection}. Then:
 * <ul>
 *   <li>every text the page sends is printed here and answered ({@code jrtc got "..."});</li>
 *   <li>every binary message is answered with its length and first bytes;</li>
 *   <li>jrtc greets the page when the channel opens and sends it the time once a second.</li>
 * </ul>
 * The page shows everything it sends and receives. {@code ?auto} in its address sends three texts
 * and one binary message by itself (the test uses it).
 */
public final class DataChannels implements Example {

    @Override
    public String name() {
        return "data-channels";
    }

    @Override
    public String usage() {
        return "[--http 127.0.0.1:PORT]";
    }

    @Override
    public String description() {
        return "browser example: a page and jrtc exchange data channel messages both ways";
    }

    @Override
    public int run(String[] args) throws Exception {
        InetSocketAddress address = PageServer.httpOption(args);
        Server server = Server.start(address, System.out);
        return PageServer.serveUntilCtrlC(System.out, server.url(), server);
    }

    /** The running example: one {@link PeerConnection} per page that connects. */
    public static final class Server implements AutoCloseable {
        private final PageServer http;
        private final PrintStream log;
        private final Map<Integer, PeerConnection> connections = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final List<RtcDataChannel.Message> received = new CopyOnWriteArrayList<>();
        private final AtomicInteger sent = new AtomicInteger();
        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "data-channels-clock");
            t.setDaemon(true);
            return t;
        });

        private Server(PageServer http, PrintStream log) {
            this.http = http;
            this.log = log;
        }

        public static Server start(InetSocketAddress address, PrintStream log) throws Exception {
            PageServer http = PageServer.start(address, DataChannels.class, "data-channels.html", log);
            Server server = new Server(http, log);
            http.handle("/offer", server::offer);
            return server;
        }

        public String url() {
            return http.url();
        }

        /** Every message the pages sent, in the order they arrived. */
        public List<RtcDataChannel.Message> received() {
            return List.copyOf(received);
        }

        /** Messages jrtc sent to the pages. */
        public int sent() {
            return sent.get();
        }

        // 1. The page's offer: a new PeerConnection answers it.
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
            pc.onDataChannel(channel -> talk(id, channel));
            try {
                String answer = PageServer.answer(pc, request.body());
                log.println("[SDP] page " + id + ": answered its offer");
                return PageServer.Reply.sdp(answer).with("X-Session", Integer.toString(id));
            } catch (Exception e) {
                connections.remove(id);
                pc.close();
                throw e;
            }
        }

        // 2. The page's channel: greet, answer every message, send the time every second.
        private void talk(int id, RtcDataChannel channel) {
            String who = "page " + id + " \"" + channel.label() + "\"";
            ScheduledFuture<?>[] ticks = new ScheduledFuture<?>[1];
            Runnable opened = () -> {
                log.println("[DC] " + who + " open (id " + channel.id() + ")");
                send(channel, "hello from jrtc: this channel is open");
                ticks[0] = clock.scheduleAtFixedRate(
                        () -> send(channel, "jrtc time " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)),
                        1, 1, TimeUnit.SECONDS);
            };
            // the channel may be open by the time we see it (DCEP done), or open a moment later
            if (channel.readyState() == RtcDataChannel.ReadyState.OPEN) {
                opened.run();
            } else {
                channel.onOpen(opened);
            }
            channel.onMessage(m -> {
                received.add(m);
                if (m.binary()) {
                    log.println("[DC] " + who + " sent binary, " + m.data().length + " bytes");
                    send(channel, "jrtc got " + m.data().length + " bytes, starting " + firstBytes(m.data()));
                } else {
                    log.println("[DC] " + who + " sent \"" + m.text() + "\"");
                    send(channel, "jrtc got \"" + m.text() + "\"");
                }
            });
            channel.onClose(() -> {
                if (ticks[0] != null) {
                    ticks[0].cancel(false);
                }
                log.println("[DC] " + who + " closed");
            });
        }

        private void send(RtcDataChannel channel, String text) {
            if (channel.readyState() != RtcDataChannel.ReadyState.OPEN) {
                return;
            }
            try {
                channel.send(text);
                sent.incrementAndGet();
            } catch (IllegalStateException e) {
                log.println("[DC] cannot send on \"" + channel.label() + "\": " + PageServer.oneLine(e));
            }
        }

        private static String firstBytes(byte[] data) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < Math.min(4, data.length); i++) {
                s.append(String.format("%02x", data[i]));
            }
            return s.toString();
        }

        /** Closes every connection, then the port. */
        @Override
        public void close() {
            clock.shutdownNow();
            connections.values().forEach(PeerConnection::close);
            connections.clear();
            http.close();
        }
    }
}
