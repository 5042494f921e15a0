package io.jrtc.bench.program;

import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;

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
            offerer.setLocalDescription().get(10, TimeUnit.SECONDS);
            offerer.gatheringComplete().get(10, TimeUnit.SECONDS);
            answerer.setRemoteDescription(offerer.localDescription()).get(10, TimeUnit.SECONDS);
            answerer.setLocalDescription().get(10, TimeUnit.SECONDS);
            answerer.gatheringComplete().get(10, TimeUnit.SECONDS);
            offerer.setRemoteDescription(answerer.localDescription()).get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(opened.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
            allRemote.get(20, TimeUnit.SECONDS);
            return p;
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    @Override
    public void close() {
        offerer.close();
        answerer.close();
    }
}
