package io.jrtc.examples.catalogue;

import io.jrtc.examples.Example;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;
import io.jrtc.webrtc.RtcIceTransport;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ice-restart}: the page restarts ICE while a data channel is busy; the channel stays up.
 *
 * <p>The page opens a channel called {@code ping} and sends {@code ping N} three times a second; jrtc
 * answers each with {@code pong N}. <em>Restart ICE</em> on the page calls {@code pc.restartIce()}
 * and offers again ({@code POST /offer?session=ID}): the offer carries new ICE credentials, jrtc's
 * {@link PeerConnection} answers with new ones of its own, both agents check again and select a
 * pair of the new generation, and DTLS, SCTP and the channel carry on over it. jrtc tells the page
 * about every change of its selected pair ({@code pair LOCAL -> REMOTE}); the page shows that and its
 * own selected pair (from {@code getStats}) side by side.
 */
public final class IceRestart implements Example {
    private static final Pattern UFRAG = Pattern.compile("^a=ice-ufrag:(\\S+)", Pattern.MULTILINE);

    @Override
    public String name() {
        return "ice-restart";
    }

    @Override
    public String usage() {
        return "[--http 127.0.0.1:PORT]";
    }

    @Override
    public String description() {
        return "browser example: ICE restart from the page, the data channel stays up, the new pair shown";
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
        private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ice-restart-watch");
            t.setDaemon(true);
            return t;
        });

        private Server(PageServer http, PrintStream log) {
            this.http = http;
            this.log = log;
        }

        public static Server start(InetSocketAddress address, PrintStream log) throws Exception {
            PageServer http = PageServer.start(address, IceRestart.class, "ice-restart.html", log);
            Server server = new Server(http, log);
            http.handle("/offer", server::offer);
            // RtcIceTransport has no selected-pair-change event: look four times a second
            server.watch.scheduleWithFixedDelay(() -> server.sessions.values().forEach(Session::watchPair),
                    250, 250, TimeUnit.MILLISECONDS);
            return server;
        }

        public String url() {
            return http.url();
        }

        public List<Session> sessions() {
            return List.copyOf(sessions.values());
        }

        /** A first offer makes a session; {@code ?session=ID} offers again on it (the restart). */
        private PageServer.Reply offer(PageServer.Request request) throws Exception {
            String sessionId = request.query().get("session");
            if (sessionId != null) {
                Session s = sessions.get(Integer.parseInt(sessionId));
                if (s == null) {
                    throw new IllegalArgumentException("no session " + sessionId);
                }
                return PageServer.Reply.sdp(s.offerAgain(request.body())).with("X-Session", sessionId);
            }
            int id = ids.incrementAndGet();
            Session s = new Session(id);
            sessions.put(id, s);
            try {
                return PageServer.Reply.sdp(s.firstOffer(request.body())).with("X-Session", Integer.toString(id));
            } catch (Exception e) {
                s.close();
                throw e;
            }
        }

        /** One page: its connection, its channel, what happened to them. */
        public final class Session {
            private final int id;
            private final PeerConnection pc;
            private final List<String> remoteUfrags = new CopyOnWriteArrayList<>();
            private final List<String> pairs = new CopyOnWriteArrayList<>();
            private final List<Integer> pings = new CopyOnWriteArrayList<>();
            private final AtomicInteger channelsOpened = new AtomicInteger();
            private final AtomicInteger channelsClosed = new AtomicInteger();
            /** How many pings had arrived when each pair was selected. */
            private final List<Integer> pingsAtPair = new CopyOnWriteArrayList<>();
            private volatile RtcDataChannel channel;

            Session(int id) {
                this.id = id;
                this.pc = new PeerConnection(RtcConfiguration.builder().loopbackOnly().label("page-" + id).build());
                pc.onConnectionStateChange(state -> {
                    log.println("[PC] page " + id + ": connection " + state);
                    if (state == PeerConnectionState.FAILED || state == PeerConnectionState.CLOSED) {
                        close();
                    }
                });
                pc.onIceConnectionStateChange(state -> log.println("[ICE] page " + id + ": ICE " + state));
                pc.onDataChannel(this::pingPong);
            }

            String firstOffer(String offer) throws Exception {
                remoteUfrags.add(ufrag(offer));
                String answer = PageServer.answer(pc, offer);
                log.println("[SDP] page " + id + ": answered, remote ufrag " + ufrag(offer) + ", ours " + ufrag(answer));
                return answer;
            }

            String offerAgain(String offer) throws Exception {
                String before = remoteUfrags.get(remoteUfrags.size() - 1);
                remoteUfrags.add(ufrag(offer));
                String answer = PageServer.answer(pc, offer);
                log.println("[SDP] page " + id + ": new offer, remote ufrag " + before + " -> " + ufrag(offer)
                        + (before.equals(ufrag(offer)) ? " (no restart)" : " (ICE restart)") + ", ours now " + ufrag(answer));
                return answer;
            }

            private void pingPong(RtcDataChannel c) {
                channel = c;
                channelsOpened.incrementAndGet();
                log.println("[DC] page " + id + " opened \"" + c.label() + "\"");
                // the first pair was most likely selected before the channel existed: tell the page now
                Runnable tellPair = () -> {
                    if (!pairs.isEmpty()) {
                        c.send("pair " + pairs.get(pairs.size() - 1));
                    }
                };
                if (c.readyState() == RtcDataChannel.ReadyState.OPEN) {
                    tellPair.run();
                } else {
                    c.onOpen(tellPair);
                }
                c.onMessage(m -> {
                    String text = m.text();
                    if (text.startsWith("ping ")) {
                        pings.add(Integer.parseInt(text.substring(5).strip()));
                        c.send("pong " + text.substring(5));
                    }
                });
                c.onClose(() -> {
                    channelsClosed.incrementAndGet();
                    log.println("[DC] page " + id + " \"" + c.label() + "\" closed after " + pings.size() + " ping(s)");
                });
            }

            /** Logs and tells the page when the selected pair changed. */
            void watchPair() {
                RtcIceTransport.CandidatePairView pair = pc.iceTransport() == null ? null : pc.iceTransport().selectedCandidatePair();
                String now = pair == null ? null : address(pair.local()) + " -> " + address(pair.remote());
                String last = pairs.isEmpty() ? null : pairs.get(pairs.size() - 1);
                if (now == null || Objects.equals(now, last)) {
                    return;
                }
                pairs.add(now);
                pingsAtPair.add(pings.size());
                log.println("[ICE] page " + id + ": jrtc's selected pair " + now + " (after " + pings.size() + " ping(s))");
                RtcDataChannel c = channel;
                if (c != null && c.readyState() == RtcDataChannel.ReadyState.OPEN) {
                    c.send("pair " + now);
                }
            }

            public PeerConnection peerConnection() {
                return pc;
            }

            /** The remote ICE ufrag of every offer, in order. */
            public List<String> remoteUfrags() {
                return List.copyOf(remoteUfrags);
            }

            /** Every selected pair jrtc had, in order ({@code local -> remote}). */
            public List<String> pairs() {
                return List.copyOf(pairs);
            }

            /** For each of {@link #pairs()}: how many pings had arrived when it was selected. */
            public List<Integer> pingsAtPair() {
                return List.copyOf(pingsAtPair);
            }

            /** The numbers of the pings that arrived, in order. */
            public List<Integer> pings() {
                return List.copyOf(pings);
            }

            public int channelsOpened() {
                return channelsOpened.get();
            }

            public int channelsClosed() {
                return channelsClosed.get();
            }

            void close() {
                if (sessions.remove(id) != null) {
                    pc.close();
                }
            }
        }

        /** {@code candidate:1 1 udp 2130673663 127.0.0.1 59615 typ host} as {@code 127.0.0.1:59615 host}. */
        private static String address(String candidate) {
            String[] f = candidate.split(" ");
            return f.length >= 8 ? f[4] + ":" + f[5] + " " + f[7] : candidate;
        }

        private static String ufrag(String sdp) {
            Matcher m = UFRAG.matcher(sdp);
            return m.find() ? m.group(1) : "(none)";
        }

        @Override
        public void close() {
            watch.shutdownNow();
            sessions().forEach(Session::close);
            http.close();
        }
    }
}
