package io.jrtc.bench.program;

import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;
import io.jrtc.webrtc.RtcSessionDescription;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Two Java peer connections in this process over real loopback sockets, with {@code k} data channels
 * the offerer creates, connected by exchanging complete descriptions (no trickle).
 */
final class Pair implements AutoCloseable {
    final PeerConnection offerer;
    final PeerConnection answerer;
    /** The offerer's channels, open. */
    final List<RtcDataChannel> local = new ArrayList<>();
    /** The answerer's channels, open (in the order they arrived). */
    final List<RtcDataChannel> remote = new CopyOnWriteArrayList<>();
    /** The answerer's channels whose send queue is over the high mark (echo backpressure; its loop only). */
    int congested;
    /** The impairment relay between the two, or null. */
    Relay relay;

    private Pair(PeerConnection offerer, PeerConnection answerer) {
        this.offerer = offerer;
        this.answerer = answerer;
    }

    /**
     * Connects a pair and opens {@code channels} reliable ordered channels.
     *
     * @param onRemoteChannel called on the answerer's loop for each channel as it arrives, before it opens
     * @param onLocalOpen     called on the offerer's loop when one of its channels opens
     */
    static Pair connect(RtcConfiguration cfg, int channels, BiConsumer<Pair, RtcDataChannel> onRemoteChannel,
                        Consumer<RtcDataChannel> onLocalOpen) throws Exception {
        return connect(cfg, channels, onRemoteChannel, onLocalOpen, 0, 0, 0);
    }

    /**
     * As {@link #connect(RtcConfiguration, int, BiConsumer, Consumer)}, with the two peers talking
     * through a {@link Relay} that delays each datagram by {@code delayMs} and drops {@code lossPct}
     * percent, when either is above 0: each side's description is rewritten so that the other's host
     * candidate is the relay's port.
     */
    static Pair connect(RtcConfiguration cfg, int channels, BiConsumer<Pair, RtcDataChannel> onRemoteChannel,
                        Consumer<RtcDataChannel> onLocalOpen, double delayMs, double lossPct, long seed) throws Exception {
        PeerConnection offerer = new PeerConnection(cfg);
        PeerConnection answerer;
        try {
            answerer = new PeerConnection(cfg);
        } catch (RuntimeException e) {
            offerer.close();
            throw e;
        }
        Pair p = new Pair(offerer, answerer);
        try {
            CompletableFuture<Void> allRemote = new CompletableFuture<>();
            answerer.onDataChannel(ch -> {
                onRemoteChannel.accept(p, ch);
                p.remote.add(ch);
                if (p.remote.size() == channels) {
                    allRemote.complete(null);
                }
            });
            List<CompletableFuture<Void>> opened = new ArrayList<>();
            for (int i = 0; i < channels; i++) {
                RtcDataChannel ch = offerer.createDataChannel("bench-" + i);
                CompletableFuture<Void> open = new CompletableFuture<>();
                ch.onOpen(() -> {
                    onLocalOpen.accept(ch);
                    open.complete(null);
                });
                opened.add(open);
                p.local.add(ch);
            }
            if (delayMs > 0 || lossPct > 0) {
                p.relay = new Relay(offerer.localAddress(), answerer.localAddress(), delayMs, lossPct, seed);
            }
            offerer.setLocalDescription().get(10, TimeUnit.SECONDS);
            offerer.gatheringComplete().get(10, TimeUnit.SECONDS);
            RtcSessionDescription offer = offerer.localDescription();
            if (p.relay != null) {
                offer = RtcSessionDescription.offer(viaRelay(offer.sdp(), offerer.localAddress().getPort(), p.relay.facingB().getPort()));
            }
            answerer.setRemoteDescription(offer).get(10, TimeUnit.SECONDS);
            answerer.setLocalDescription().get(10, TimeUnit.SECONDS);
            answerer.gatheringComplete().get(10, TimeUnit.SECONDS);
            RtcSessionDescription answer = answerer.localDescription();
            if (p.relay != null) {
                answer = RtcSessionDescription.answer(viaRelay(answer.sdp(), answerer.localAddress().getPort(), p.relay.facingA().getPort()));
            }
            offerer.setRemoteDescription(answer).get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(opened.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
            allRemote.get(20, TimeUnit.SECONDS);
            return p;
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    /** The description with its host candidates on {@code port} moved to the relay's {@code relayPort}. */
    private static String viaRelay(String sdp, int port, int relayPort) {
        String rewritten = sdp.replace(" " + port + " typ host", " " + relayPort + " typ host");
        if (rewritten.equals(sdp)) {
            throw new IllegalStateException("no host candidate on port " + port + " in the description");
        }
        return rewritten;
    }

    @Override
    public void close() {
        offerer.close();
        answerer.close();
        if (relay != null) {
            try {
                relay.close();
            } catch (java.io.IOException e) {
                // closing loopback channels
            }
        }
    }
}
