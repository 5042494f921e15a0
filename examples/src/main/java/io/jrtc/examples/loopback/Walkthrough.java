package io.jrtc.examples.loopback;

import io.jrtc.core.SrtpProfile;
import io.jrtc.ice.IceConnectionState;
import io.jrtc.rtp.stream.AssembledFrame;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.MediaKind;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;
import io.jrtc.webrtc.RtcIceTransport;
import io.jrtc.webrtc.RtcRtpTransceiver;
import io.jrtc.webrtc.RtcSessionDescription;
import io.jrtc.webrtc.RtcStats;
import io.jrtc.webrtc.RtcStatsReport;
import io.jrtc.webrtc.RtcTrackEvent;
import io.jrtc.webrtc.transport.EventLoops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The steps of the {@code loopback} demo, one method per layer, in the order they come up. The main
 * thread drives the steps and waits on futures; the callbacks (on each connection's event loop) record
 * what happened and narrate the events that happen by themselves: trickled candidates, state
 * changes, messages arriving, frames arriving, keyframe requests.
 */
final class Walkthrough {
    /** What alice sends on "chat": texts, then one binary message; each must come back identical. */
    static final List<String> TEXTS = List.of("hello bob", "this is alice, over SCTP over DTLS over ICE",
            "UTF-8 as well: grüße, ça va ? ✓", "");
    static final int BINARY_SIZE = 20_000;

    private final LoopbackDemo.Options options;
    private final Narrator n;
    private final long timeoutNanos;
    private long started;
    private long deadline;
    private volatile long offerAt;
    private long connectNanos = -1;
    private long openNanos = -1;

    private PeerConnection alice;
    private PeerConnection bob;
    private Signalling aliceToBob;
    private Signalling bobToAlice;
    private String offerSdp;
    private String answerSdp;
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();

    // connection states
    private final CompletableFuture<Long> aliceConnected = new CompletableFuture<>();
    private final CompletableFuture<Long> bobConnected = new CompletableFuture<>();
    private final CompletableFuture<Void> aliceClosed = new CompletableFuture<>();
    private final CompletableFuture<Void> bobClosed = new CompletableFuture<>();

    // the data channel
    private RtcDataChannel chat;
    private final CompletableFuture<Long> chatOpen = new CompletableFuture<>();
    private final CompletableFuture<RtcDataChannel> bobChannel = new CompletableFuture<>();
    private volatile long bobChannelAt;
    private volatile String bobChannelStateAtEvent;
    private volatile CompletableFuture<RtcDataChannel.Message> nextEcho = new CompletableFuture<>();
    private final AtomicInteger bobMessages = new AtomicInteger();
    private final CompletableFuture<Void> bobChatClosed = new CompletableFuture<>();

    // video
    private RtcRtpTransceiver aliceVideo;
    private final CompletableFuture<RtcTrackEvent> bobTrack = new CompletableFuture<>();
    private final Set<Integer> bobFrames = ConcurrentHashMap.newKeySet();
    private final Set<Integer> reflectedFrames = ConcurrentHashMap.newKeySet();
    private final AtomicInteger bobKeyframes = new AtomicInteger();
    private final AtomicInteger bobReceived = new AtomicInteger();
    private final AtomicInteger reflectedReceived = new AtomicInteger();
    private final AtomicBoolean keyframeWanted = new AtomicBoolean();
    private final AtomicInteger keyframeRequests = new AtomicInteger();
    private volatile long pliSentAt;
    private volatile long pliKeyframeAt;
    private volatile int pliKeyframeNumber = -1;

    /** A step that did not work; its message is the reason printed. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    Walkthrough(LoopbackDemo.Options options, Narrator narrator) {
        this.options = options;
        this.n = narrator;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(options.timeoutSeconds);
    }

    int run() throws InterruptedException {
        started = System.nanoTime();
        deadline = started + timeoutNanos;
        n.print("loopback: alice and bob, two jrtc PeerConnections in this process, over real UDP sockets on 127.0.0.1");
        n.print("(the webrtc module's public API only; " + (options.trickle ? "trickle ICE" : "complete descriptions, no trickle")
                + "; timeout " + options.timeoutSeconds + " s)");
        n.print("");
        // Both connections run on two event loop threads of their own, stopped at the end: nothing is left behind.
        EventLoops loops = EventLoops.create(2);
        String failure;
        try {
            alice = new PeerConnection(config("alice", loops));
            bob = new PeerConnection(config("bob", loops));
            n.say("PC", "alice: new PeerConnection(RtcConfiguration.builder().loopbackOnly()...) -> UDP socket "
                    + hostPort(alice.localAddress()));
            n.say("PC", "bob:   new PeerConnection(the same) -> UDP socket " + hostPort(bob.localAddress()));
            watch("alice", alice, aliceConnected, aliceClosed);
            watch("bob", bob, bobConnected, bobClosed);

            signal();
            iceAndDtls();
            srtp();
            dataChannel();
            video();
            stats();
            close(loops);
            timings();
            n.print("done: every layer checked, exit code 0");
            return 0;
        } catch (Failure f) {
            failure = f.getMessage();
        } finally {
            // Idempotent: after a failure this is where the sockets close; closing the loops waits for
            // the last callbacks, so the reason below is the last line.
            if (alice != null) {
                alice.close();
            }
            if (bob != null) {
                bob.close();
            }
            loops.close();
        }
        n.print("FAILED: " + failure);
        return 1;
    }

    private static RtcConfiguration config(String name, EventLoops loops) {
        return RtcConfiguration.builder().loopbackOnly().eventLoops(loops).label(name).build();
    }

    /** The state callbacks of one connection: narrated as they happen. */
    private void watch(String name, PeerConnection pc, CompletableFuture<Long> connected, CompletableFuture<Void> closed) {
        pc.onSignalingStateChange(s -> n.say("SDP", name + " signaling state " + s.w3cName()));
        pc.onIceConnectionStateChange(s -> {
            String more = "";
            if (s == IceConnectionState.CONNECTED) {
                // on the event loop: a view read right here, no waiting
                RtcIceTransport.CandidatePairView p = pc.iceTransport().selectedCandidatePair();
                more = p == null ? "" : ", selected pair " + endpoint(p.local()) + " -> " + endpoint(p.remote());
            }
            n.say("ICE", name + " ICE connection state " + s.w3cName() + more);
        });
        pc.onConnectionStateChange(s -> {
            long now = System.nanoTime();
            n.say("PC", name + " connection state " + s.w3cName() + (s == PeerConnectionState.CONNECTED
                    ? " (ICE and DTLS are up) " + ms(now - offerAt) + " ms after createOffer" : ""));
            switch (s) {
                case CONNECTED -> connected.complete(now);
                case FAILED -> connected.completeExceptionally(new IllegalStateException(name + "'s connection failed"));
                case CLOSED -> {
                    connected.completeExceptionally(new IllegalStateException(name + "'s connection closed"));
                    closed.complete(null);
                }
                default -> {
                }
            }
        });
    }

    // ================================================================== [SDP] offer and answer

    private void signal() throws Failure, InterruptedException {
        n.print("");
        chat = alice.createDataChannel("chat");
        aliceVideo = alice.addTransceiver(MediaKind.VIDEO);
        n.say("SDP", "alice: createDataChannel(\"chat\") and addTransceiver(VIDEO) (sendrecv)");
        chat.onOpen(() -> chatOpen.complete(System.nanoTime()));
        chat.onMessage(m -> nextEcho.complete(m));
        chat.onClose(() -> n.say("DC", "alice: \"chat\" closed"));
        aliceVideo.receiver().onFrame(this::aliceGotReflection);
        aliceVideo.sender().onKeyframeRequest(() -> {
            keyframeRequests.incrementAndGet();
            keyframeWanted.set(true);
            n.say("RTCP", "alice: sender.onKeyframeRequest fired (bob's PLI): her next frame will be a key frame");
        });
        bob.onTrack(this::bobOnTrack);
        bob.onDataChannel(this::bobOnDataChannel);

        aliceToBob = new Signalling(n, "alice", "bob", bob, options.trickle);
        bobToAlice = new Signalling(n, "bob", "alice", alice, options.trickle);
        alice.onIceCandidate(aliceToBob::candidate);
        bob.onIceCandidate(bobToAlice::candidate);

        offerAt = System.nanoTime();
        RtcSessionDescription offer = await(alice.createOffer(), "alice.createOffer()");
        if (options.trickle) {
            summary("alice.createOffer(), the offer that goes to bob over signalling:", offer);
        }
        n.say("SDP", "alice.setLocalDescription(offer): ICE starts gathering");
        await(alice.setLocalDescription(offer), "alice.setLocalDescription(offer)");
        if (!options.trickle) {
            await(alice.gatheringComplete(), "alice's ICE gathering");
            offer = alice.localDescription(); // now with every candidate
            summary("alice.localDescription(), the complete offer that goes to bob:", offer);
        }
        offerSdp = offer.sdp();

        n.say("SDP", "bob.setRemoteDescription(offer)");
        await(bob.setRemoteDescription(offer), "bob.setRemoteDescription(offer)");
        aliceToBob.remoteDescriptionSet();
        RtcSessionDescription answer = await(bob.createAnswer(), "bob.createAnswer()");
        if (options.trickle) {
            summary("bob.createAnswer(), the answer that goes back to alice:", answer);
        }
        n.say("SDP", "bob.setLocalDescription(answer)");
        await(bob.setLocalDescription(answer), "bob.setLocalDescription(answer)");
        if (!options.trickle) {
            await(bob.gatheringComplete(), "bob's ICE gathering");
            answer = bob.localDescription();
            summary("bob.localDescription(), the complete answer that goes back to alice:", answer);
        }
        answerSdp = answer.sdp();
        SdpSummary a = SdpSummary.of(answerSdp);
        String bobRole = "active".equals(a.setup) ? "client" : "server";
        n.say("DTLS", "offer a=setup:actpass (either role), answer a=setup:" + a.setup + ": bob is the DTLS " + bobRole
                + ("client".equals(bobRole) ? " (he sends the ClientHello)" : "") + ", alice the " + other(bobRole));
        n.say("SDP", "alice.setRemoteDescription(answer)");
        await(alice.setRemoteDescription(answer), "alice.setRemoteDescription(answer)");
        bobToAlice.remoteDescriptionSet();
    }

    private void summary(String title, RtcSessionDescription d) {
        n.say("SDP", title);
        for (String line : SdpSummary.of(d.sdp()).lines()) {
            n.say("SDP", "  " + line);
        }
    }

    // ================================================================== [ICE] and [DTLS]

    private void iceAndDtls() throws Failure, InterruptedException {
        await(aliceConnected, "connected state at alice");
        await(bobConnected, "connected state at bob");
        await(aliceToBob.allAdded(), "bob.addIceCandidate(alice's candidates)");
        await(bobToAlice.allAdded(), "alice.addIceCandidate(bob's candidates)");
        n.print("");
        RtcStatsReport as = await(alice.getStats(), "alice.getStats()");
        RtcStatsReport bs = await(bob.getStats(), "bob.getStats()");
        n.say("ICE", "alice is " + alice.iceTransport().role() + " (she offered), bob " + bob.iceTransport().role()
                + ": alice's check on the pair carries USE-CANDIDATE (nomination)");
        checklist("alice", as);
        checklist("bob", bs);

        RtcStats at = transport(as, "alice");
        RtcStats bt = transport(bs, "bob");
        for (Object[] p : new Object[][] {{"alice", at}, {"bob", bt}}) {
            RtcStats t = (RtcStats) p[1];
            n.say("DTLS", pad((String) p[0]) + " role " + t.getString("dtlsRole") + ", DTLS 1.2 (tlsVersion "
                    + t.getString("tlsVersion") + "), " + t.getString("dtlsCipher") + ", dtlsState " + t.getString("dtlsState"));
        }
        if (!"FEFD".equals(at.getString("tlsVersion")) || at.getString("dtlsCipher") == null
                || !at.getString("dtlsCipher").equals(bt.getString("dtlsCipher"))) {
            throw new Failure("DTLS: alice and bob do not report the same DTLS 1.2 suite: " + at.getString("dtlsCipher")
                    + " / " + bt.getString("dtlsCipher"));
        }
        if (at.getString("dtlsRole") == null || at.getString("dtlsRole").equals(bt.getString("dtlsRole"))) {
            throw new Failure("DTLS: roles " + at.getString("dtlsRole") + " / " + bt.getString("dtlsRole"));
        }
        fingerprint("alice", alice, as, "bob's answer", answerSdp);
        fingerprint("bob", bob, bs, "alice's offer", offerSdp);
    }

    /** The candidate pairs of one side (stats {@code candidate-pair}), the selected one marked. */
    private void checklist(String name, RtcStatsReport r) throws Failure {
        List<RtcStats> pairs = r.ofType("candidate-pair");
        String selected = transport(r, name).getString("selectedCandidatePairId");
        n.say("ICE", name + "'s checklist (stats candidate-pair): " + pairs.size() + " pair" + (pairs.size() == 1 ? "" : "s")
                + "; a pair succeeds when its STUN Binding check is answered");
        for (RtcStats p : pairs) {
            RtcStats l = r.get(p.getString("localCandidateId"));
            RtcStats rm = r.get(p.getString("remoteCandidateId"));
            StringBuilder sb = new StringBuilder("  ").append(candidate(l)).append(" -> ").append(candidate(rm))
                    .append(": ").append(p.getString("state")).append(p.get("nominated") == Boolean.TRUE ? ", nominated" : "")
                    .append(", priority ").append(p.get("priority"));
            for (String m : List.of("requestsSent", "responsesReceived", "currentRoundTripTime")) {
                if (p.get(m) != null) {
                    sb.append(", ").append(m).append(' ').append(p.get(m));
                }
            }
            n.say("ICE", sb.append(p.id().equals(selected) ? "  <- selected" : "").toString());
            if (rm != null && "prflx".equals(rm.getString("candidateType"))) {
                n.say("ICE", "  (prflx, peer reflexive: " + other(name) + "'s check came before " + other(name)
                        + "'s candidate did, so " + name + " learned the address from the check itself)");
            }
        }
        if (selected == null || r.get(selected) == null) {
            throw new Failure("ICE: " + name + "'s transport stats name no selected candidate pair");
        }
    }

    /** The peer's certificate, hashed here, against the fingerprint its description carried and the stats. */
    private void fingerprint(String name, PeerConnection pc, RtcStatsReport r, String where, String remoteSdp) throws Failure {
        List<X509Certificate> chain = pc.dtlsTransport().remoteCertificates();
        if (chain.isEmpty()) {
            throw new Failure("DTLS: " + name + " has no peer certificate");
        }
        X509Certificate cert = chain.get(0);
        String computed;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            computed = HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new Failure("DTLS: cannot hash " + name + "'s peer certificate: " + e);
        }
        String signalled = SdpSummary.of(remoteSdp).fingerprint; // "sha-256 AB:CD:..."
        RtcStats t = transport(r, name);
        RtcStats certStats = t.getString("remoteCertificateId") == null ? null : r.get(t.getString("remoteCertificateId"));
        String inStats = certStats == null ? null : certStats.getString("fingerprint");
        boolean match = signalled != null && signalled.equalsIgnoreCase("sha-256 " + computed) && computed.equals(inStats);
        String[] b = computed.split(":");
        n.say("DTLS", name + ": " + other(name) + "'s certificate (" + cert.getSubjectX500Principal().getName() + ", "
                + cert.getPublicKey().getAlgorithm() + ", " + cert.getSigAlgName() + ") hashes to sha-256 " + b[0] + ":" + b[1] + ":"
                + b[2] + ":...:" + b[b.length - 1] + (match ? " = a=fingerprint in " + where + " = stats" : " MISMATCH"));
        if (!match) {
            throw new Failure("DTLS: " + name + "'s peer certificate hashes to " + computed + ", " + where + " said " + signalled
                    + ", stats say " + inStats);
        }
    }

    // ================================================================== [SRTP]

    private void srtp() throws Failure, InterruptedException {
        RtcStats at = transport(await(alice.getStats(), "alice.getStats()"), "alice");
        RtcStats bt = transport(await(bob.getStats(), "bob.getStats()"), "bob");
        String profile = at.getString("srtpCipher");
        if (profile == null || !profile.equals(bt.getString("srtpCipher"))) {
            throw new Failure("SRTP: alice reports srtpCipher " + profile + ", bob " + bt.getString("srtpCipher"));
        }
        SrtpProfile p = SrtpProfile.byName(profile);
        if (p == null) {
            throw new Failure("SRTP: srtpCipher " + profile + " is no profile jrtc knows");
        }
        n.say("SRTP", "use_srtp (a DTLS hello extension) chose " + p.dtlsName() + " on both sides (stats srtpCipher " + profile + ")");
        n.say("SRTP", (p.isAead() ? "AES-GCM encrypts and authenticates in one pass" : "AES counter mode, then HMAC-SHA1")
                + ", a " + p.rtpTagLength() + "-byte tag on every RTP packet");
        n.say("SRTP", "both took " + p.keyingMaterialLength() + " bytes from the DTLS exporter \"EXTRACTOR-dtls_srtp\" (RFC 5764 4.2):");
        n.say("SRTP", "  client key " + p.keyLength() + " | server key " + p.keyLength() + " | client salt " + p.saltLength()
                + " | server salt " + p.saltLength() + " bytes");
        String client = "client".equals(at.getString("dtlsRole")) ? "alice" : "bob";
        n.say("SRTP", client + " (DTLS client) protects RTP and RTCP with the client key and salt, " + other(client)
                + " with the server's; each unprotects with the other's");
    }

    // ================================================================== [SCTP] and [DC]

    private void bobOnDataChannel(RtcDataChannel ch) {
        bobChannelAt = System.nanoTime();
        bobChannelStateAtEvent = ch.readyState().w3cName();
        ch.onMessage(m -> {
            bobMessages.incrementAndGet();
            n.say("DC", "  bob <- " + describe(m) + ", echoes it back");
            if (m.binary()) {
                ch.send(m.data());
            } else {
                ch.send(m.text());
            }
        });
        ch.onClose(() -> {
            n.say("DC", "bob: \"" + ch.label() + "\" closed");
            bobChatClosed.complete(null);
        });
        bobChannel.complete(ch);
    }

    private void dataChannel() throws Failure, InterruptedException {
        RtcDataChannel bc = await(bobChannel, "bob's ondatachannel");
        long openAt = await(chatOpen, "alice's \"chat\" onopen");
        n.print("");
        n.say("SCTP", "association up over DTLS application data, port 5000 on both sides: alice "
                + alice.sctp().state().name().toLowerCase(Locale.ROOT) + ", bob " + bob.sctp().state().name().toLowerCase(Locale.ROOT));
        n.say("SCTP", "alice may send messages up to " + alice.sctp().maxMessageSize() + " bytes (bob's a=max-message-size)");
        n.say("DC", "bob ondatachannel: \"" + bc.label() + "\" id " + bc.id() + ", " + (bc.ordered() ? "ordered" : "unordered")
                + ", " + (bc.maxRetransmits() == null && bc.maxPacketLifeTime() == null ? "reliable" : "partially reliable")
                + ", protocol \"" + bc.protocol() + "\", " + bobChannelStateAtEvent + " (alice's DATA_CHANNEL_OPEN), "
                + ms(bobChannelAt - offerAt) + " ms after createOffer");
        n.say("DC", "alice's \"chat\" onopen (bob's DATA_CHANNEL_ACK), " + ms(openAt - offerAt) + " ms after createOffer; id "
                + chat.id() + (chat.id() % 2 == 1 ? " is odd: alice is the DTLS server (RFC 8832 6)" : ""));
        if (chat.id() != bc.id() || !"chat".equals(bc.label())) {
            throw new Failure("DC: alice's channel is id " + chat.id() + ", bob's \"" + bc.label() + "\" id " + bc.id());
        }

        List<byte[]> sent = new ArrayList<>();
        List<Boolean> binary = new ArrayList<>();
        for (String t : TEXTS) {
            sent.add(t.getBytes(StandardCharsets.UTF_8));
            binary.add(false);
        }
        byte[] blob = new byte[BINARY_SIZE];
        new SplittableRandom(7).nextBytes(blob);
        sent.add(blob);
        binary.add(true);
        n.say("DC", "alice sends " + sent.size() + " messages one by one; bob echoes each on the same channel:");
        for (int i = 0; i < sent.size(); i++) {
            CompletableFuture<RtcDataChannel.Message> echo = new CompletableFuture<>();
            nextEcho = echo;
            RtcDataChannel.Message m = new RtcDataChannel.Message(binary.get(i), sent.get(i));
            n.say("DC", "alice -> " + describe(m) + (m.data().length > 1200
                    ? ": more than a packet, SCTP fragments it and reassembles it" : ""));
            long t = System.nanoTime();
            if (m.binary()) {
                chat.send(m.data());
            } else {
                chat.send(m.text());
            }
            RtcDataChannel.Message back = await(echo, "the echo of message " + (i + 1));
            long rtt = System.nanoTime() - t;
            boolean same = back.binary() == m.binary() && Arrays.equals(back.data(), m.data());
            n.say("DC", "  alice <- " + describe(back) + ", " + (same ? "identical" : "DIFFERENT") + " (round trip "
                    + String.format(Locale.ROOT, "%.1f", rtt / 1e6) + " ms)");
            if (!same) {
                throw new Failure("DC: message " + (i + 1) + " came back different: sent " + describe(m) + ", got " + describe(back));
            }
        }
        n.say("DC", "all " + sent.size() + " echoes came back in order, type kept, byte for byte identical");
    }

    private static String describe(RtcDataChannel.Message m) {
        if (m.binary()) {
            return "binary " + m.data().length + " bytes (sha-256 " + sha256(m.data()).substring(0, 16) + "...)";
        }
        return "text \"" + m.text() + "\" (" + m.data().length + " bytes of UTF-8)";
    }

    // ================================================================== [RTP] and [RTCP]

    private void bobOnTrack(RtcTrackEvent t) {
        n.say("RTP", "bob ontrack: " + t.transceiver().kind().name().toLowerCase(Locale.ROOT) + " on mid " + t.transceiver().mid()
                + ", stream " + t.streamIds() + ", track " + t.trackId() + "; bob sets the transceiver to sendrecv to reflect it");
        t.transceiver().setDirection(Direction.SENDRECV);
        t.receiver().onFrame(f -> bobGotFrame(t.transceiver(), f));
        t.transceiver().sender().onKeyframeRequest(() ->
                n.say("RTCP", "bob: sender.onKeyframeRequest (alice's receiver asked); bob only reflects alice's frames"));
        bobTrack.complete(t);
    }

    /** Bob's receiver.onFrame: check the frame, count it, ask for a key frame once, reflect it. */
    private void bobGotFrame(RtcRtpTransceiver tr, AssembledFrame f) {
        byte[] data = f.data().toByteArray();
        int number = SyntheticVp8.number(data);
        int count = bobReceived.incrementAndGet();
        boolean key = f.keyframe();
        if (number < 0 || key != SyntheticVp8.isKeyframe(data)) {
            problems.add("bob received a frame that is not one alice sent (" + data.length + " bytes, keyframe " + key + ")");
        } else {
            bobFrames.add(number);
        }
        if (key) {
            bobKeyframes.incrementAndGet();
        }
        long packets = f.lastSequence() - f.firstSequence() + 1;
        if (count == 1) {
            n.say("RTP", "bob: first frame: frame " + number + ", " + (key ? "key frame " + SyntheticVp8.WIDTH + "x"
                    + SyntheticVp8.HEIGHT : "delta frame") + ", " + data.length + " bytes in " + packets
                    + " RTP packets, timestamp " + f.timestamp() + "; identical to what alice sent");
        }
        if (count == Math.max(2, options.frames / 3)) {
            pliSentAt = System.nanoTime();
            n.say("RTCP", "bob: after " + count + " frames, receiver.requestKeyframe() -> RTCP PLI to alice");
            tr.receiver().requestKeyframe();
        } else if (key && pliSentAt != 0 && pliKeyframeNumber < 0) {
            pliKeyframeAt = System.nanoTime();
            pliKeyframeNumber = number;
            n.say("RTP", "bob: key frame (frame " + number + ", " + data.length + " bytes, " + packets + " packets) "
                    + String.format(Locale.ROOT, "%.1f", (pliKeyframeAt - pliSentAt) / 1e6) + " ms after his PLI");
        }
        tr.sender().sendFrame(data, f.timestamp()); // the reflection: same bytes, same timestamp
    }

    /** Alice's receiver.onFrame: the frames bob reflected. */
    private void aliceGotReflection(AssembledFrame f) {
        byte[] data = f.data().toByteArray();
        int number = SyntheticVp8.number(data);
        if (number < 0 || f.keyframe() != SyntheticVp8.isKeyframe(data)) {
            problems.add("alice got a reflected frame that is not one she sent (" + data.length + " bytes)");
        } else {
            reflectedFrames.add(number);
        }
        if (reflectedReceived.incrementAndGet() == 1) {
            n.say("RTP", "alice: first frame reflected back by bob: frame " + number + ", "
                    + (f.keyframe() ? "key frame" : "delta frame") + ", " + data.length + " bytes, identical");
        }
    }

    private void video() throws Failure, InterruptedException {
        RtcTrackEvent track = await(bobTrack, "bob's ontrack");
        n.print("");
        Codec send = aliceVideo.sender().codec();
        Codec recv = track.receiver().codec();
        Codec back = track.transceiver().sender().codec();
        if (send == null || recv == null || back == null || !"VP8".equalsIgnoreCase(send.name())) {
            throw new Failure("RTP: negotiated codecs: alice sends " + send + ", bob receives " + recv + ", bob sends " + back);
        }
        n.say("RTP", "mid " + aliceVideo.mid() + ": alice " + aliceVideo.currentDirection().name().toLowerCase(Locale.ROOT)
                + ", bob " + track.transceiver().currentDirection().name().toLowerCase(Locale.ROOT) + "; both send "
                + send.name() + ", pt " + send.payloadType() + ", " + send.clockRate() + " Hz clock"
                + (send.rtxPayloadType() != null ? ", retransmissions on rtx pt " + send.rtxPayloadType() : ""));
        n.say("RTP", "alice sends from ssrc " + Long.toUnsignedString(aliceVideo.sender().ssrc()) + ", bob from ssrc "
                + Long.toUnsignedString(track.transceiver().sender().ssrc()));
        n.say("RTP", "alice sends " + options.frames + " synthetic VP8 frames at 30 frames/s (timestamp +"
                + SyntheticVp8.TICKS_PER_FRAME + " each); bob checks each one and sends it back");
        n.say("RTP", "a key frame first (about 3 KB: 3 packets at MTU 1200), then delta frames (300-800 bytes: one packet)");
        long start = System.nanoTime();
        int keyframes = 0;
        int sent = 0;
        for (int i = 0; i < options.frames; i++) {
            long due = start + i * 1_000_000_000L / 30;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            if (System.nanoTime() > deadline) {
                throw new Failure("timeout: alice was still sending video after " + options.timeoutSeconds + " s (frame " + i + ")");
            }
            boolean key = i == 0 || keyframeWanted.getAndSet(false);
            keyframes += key ? 1 : 0;
            aliceVideo.sender().sendFrame(SyntheticVp8.frame(i, key), i * SyntheticVp8.TICKS_PER_FRAME);
            sent++;
        }
        // On a busy machine bob's PLI can arrive after alice's last frame: she still owes him a key frame.
        waitFor(() -> keyframeRequests.get() > 0, () -> "bob's keyframe request at alice (bob has "
                + bobReceived.get() + " frames)");
        if (keyframeWanted.getAndSet(false)) {
            n.say("RTP", "alice: the PLI came after her last frame; she answers it with one more key frame (frame " + sent + ")");
            aliceVideo.sender().sendFrame(SyntheticVp8.frame(sent, true), sent * SyntheticVp8.TICKS_PER_FRAME);
            keyframes++;
            sent++;
        }
        int expected = sent;
        waitFor(() -> bobFrames.size() >= expected, () -> "all " + expected + " frames at bob (he has " + bobFrames.size() + ")");
        waitFor(() -> reflectedFrames.size() >= expected, () -> "all " + expected + " reflected frames at alice (she has "
                + reflectedFrames.size() + ")");
        waitFor(() -> pliKeyframeNumber >= 0, () -> "the key frame answering bob's PLI");
        if (!problems.isEmpty()) {
            throw new Failure("RTP: " + problems.peek());
        }
        n.say("RTP", "bob got " + bobFrames.size() + "/" + sent + " frames (" + bobKeyframes.get() + " key frames, alice sent "
                + keyframes + "), each byte-identical to what alice sent; alice got all " + reflectedFrames.size() + " back, identical");
    }

    // ================================================================== [STATS]

    private void stats() throws Failure, InterruptedException {
        n.print("");
        n.say("STATS", "getStats() on both sides (W3C webrtc-stats names):");
        int messages = TEXTS.size() + 1;
        for (PeerConnection pc : List.of(alice, bob)) {
            String name = pc == alice ? "alice" : "bob";
            RtcStatsReport r = await(pc.getStats(), name + ".getStats()");
            RtcStats pair = r.get(transport(r, name).getString("selectedCandidatePairId"));
            line(name, "candidate-pair", "selected", pair, "packetsSent", "bytesSent", "packetsReceived", "bytesReceived",
                    "currentRoundTripTime");
            require(name, pair, "candidate-pair", "bytesSent", "bytesReceived");
            RtcStats out = first(r, "outbound-rtp", name);
            line(name, "outbound-rtp", kind(out), out, "ssrc", "packetsSent", "bytesSent", "framesEncoded", "framesSent",
                    "keyFramesEncoded", "retransmittedPacketsSent", "nackCount", "pliCount", "firCount");
            require(name, out, "outbound-rtp", "packetsSent");
            RtcStats in = first(r, "inbound-rtp", name);
            line(name, "inbound-rtp", kind(in), in, "ssrc", "packetsReceived", "bytesReceived", "packetsLost", "jitter",
                    "framesReceived", "framesDecoded", "keyFramesDecoded", "framesDropped", "nackCount", "pliCount");
            require(name, in, "inbound-rtp", "packetsReceived");
            if (in.get("framesDecoded") == null && in.get("framesReceived") == null) {
                throw new Failure("stats: " + name + "'s inbound-rtp has neither framesDecoded nor framesReceived");
            }
            RtcStats dc = first(r, "data-channel", name);
            line(name, "data-channel", "\"" + dc.getString("label") + "\"", dc, "state", "messagesSent", "bytesSent",
                    "messagesReceived", "bytesReceived");
            if (dc.getLong("messagesSent") != messages || dc.getLong("messagesReceived") != messages) {
                throw new Failure("stats: " + name + "'s data-channel counts " + dc.getLong("messagesSent") + " sent, "
                        + dc.getLong("messagesReceived") + " received; " + messages + " each way were exchanged");
            }
            RtcStats t = transport(r, name);
            List<String> drops = new ArrayList<>();
            for (var e : t.members().entrySet()) {
                // jrtc's own counters (not W3C): what was dropped and why
                if (e.getKey().startsWith("jrtc") && e.getValue() instanceof Number v && v.longValue() != 0) {
                    drops.add(e.getKey() + " " + v);
                }
            }
            n.say("STATS", String.format("%-6s%-15s%-9s", name, "transport", "") + "dtlsState " + t.getString("dtlsState")
                    + ", iceState " + t.getString("iceState") + "; jrtc's drop counters: "
                    + (drops.isEmpty() ? "all 0" : String.join(", ", drops)));
            Throwable error = pc.firstEngineError();
            if (error != null) {
                throw new Failure(name + ": an engine threw " + error);
            }
        }
    }

    private static String kind(RtcStats s) {
        Object k = s.get("kind");
        return k == null ? "" : k.toString();
    }

    private void line(String name, String type, String what, RtcStats s, String... members) {
        String head = String.format("%-6s%-15s%-9s", name, type, what);
        StringBuilder sb = new StringBuilder(head);
        boolean firstMember = true;
        for (String m : members) {
            Object v = s.get(m);
            if (v == null) {
                continue;
            }
            String item = m + " " + (v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : v);
            if (!firstMember && sb.length() + item.length() > 120) { // a continuation line, aligned
                n.say("STATS", sb.append(',').toString());
                sb = new StringBuilder(" ".repeat(head.length()));
            } else if (!firstMember) {
                sb.append(", ");
            }
            sb.append(item);
            firstMember = false;
        }
        n.say("STATS", sb.toString());
    }

    private static void require(String name, RtcStats s, String type, String... positive) throws Failure {
        for (String m : positive) {
            if (!(s.get(m) instanceof Number v) || v.longValue() <= 0) {
                throw new Failure("stats: " + name + "'s " + type + " " + m + " is " + s.get(m) + ", expected > 0");
            }
        }
    }

    private static RtcStats first(RtcStatsReport r, String type, String name) throws Failure {
        RtcStats s = r.first(type);
        if (s == null) {
            throw new Failure("stats: " + name + "'s getStats() has no " + type + " entry");
        }
        return s;
    }

    private static RtcStats transport(RtcStatsReport r, String name) throws Failure {
        return first(r, "transport", name);
    }

    // ================================================================== closing

    private void close(EventLoops loops) throws Failure, InterruptedException {
        n.print("");
        n.say("PC", "alice.close(): her channels, SCTP (ABORT), DTLS (close_notify), ICE, then her socket");
        alice.close();
        await(aliceClosed, "alice's closed state");
        try {
            // what bob notices of it by himself: the ABORT closes his channel, close_notify his DTLS
            CompletableFuture.allOf(bobChatClosed, bobClosed).get(Math.min(1_000_000_000L,
                    Math.max(0, deadline - System.nanoTime())), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            n.say("PC", "bob has not seen all of it yet (channel closed " + bobChatClosed.isDone() + ", connection "
                    + bob.connectionState().w3cName() + ")");
        }
        n.say("PC", "bob.close()" + (bobClosed.isDone()
                ? ": his connection is already closed (alice's ABORT and close_notify); this releases his socket" : ""));
        bob.close();
        await(bobClosed, "bob's closed state");
        loops.close(); // waits for the event loop threads to finish
        n.say("PC", "alice " + alice.connectionState().w3cName() + " (signaling " + alice.signalingState().w3cName()
                + "), bob " + bob.connectionState().w3cName() + " (signaling " + bob.signalingState().w3cName()
                + "); both sockets and both event loop threads are gone");
        if (alice.connectionState() != PeerConnectionState.CLOSED || bob.connectionState() != PeerConnectionState.CLOSED) {
            throw new Failure("close: alice " + alice.connectionState() + ", bob " + bob.connectionState());
        }
    }

    /** createOffer to both connected, in nanoseconds (after a successful run). */
    long connectNanos() {
        return connectNanos;
    }

    /** createOffer to alice's "chat" onopen, in nanoseconds (after a successful run). */
    long openNanos() {
        return openNanos;
    }

    private void timings() throws Failure, InterruptedException {
        long a = await(aliceConnected, "alice connected");
        long b = await(bobConnected, "bob connected");
        long open = await(chatOpen, "chat open");
        connectNanos = Math.max(a, b) - offerAt;
        openNanos = open - offerAt;
        n.say("TIME", "createOffer -> connected: alice " + ms(a - offerAt) + " ms, bob " + ms(b - offerAt)
                + " ms; -> \"chat\" open at alice " + ms(open - offerAt) + " ms; the whole demo "
                + ms(System.nanoTime() - started) + " ms");
    }

    // ================================================================== helpers

    /** Waits for a step, at most until the demo's deadline. */
    private <T> T await(CompletableFuture<T> f, String what) throws Failure, InterruptedException {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new Failure("timeout after " + options.timeoutSeconds + " s waiting for " + what + " (" + states() + ")");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new Failure(what + ": " + (c.getMessage() != null ? c.getMessage() : c.toString()) + " (" + states() + ")");
        }
    }

    /** Waits for a condition that callbacks make true, at most until the demo's deadline. */
    private void waitFor(BooleanSupplier condition, Supplier<String> what) throws Failure, InterruptedException {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new Failure("timeout after " + options.timeoutSeconds + " s waiting for " + what.get() + " (" + states() + ")");
            }
            Thread.sleep(2);
        }
    }

    private String states() {
        return "alice: " + state(alice) + "; bob: " + state(bob);
    }

    private static String state(PeerConnection pc) {
        return pc == null ? "-" : "signaling " + pc.signalingState().w3cName() + ", ICE " + pc.iceConnectionState().w3cName()
                + ", connection " + pc.connectionState().w3cName();
    }

    /** "127.0.0.1:50712 (host)" from an SDP candidate string. */
    static String endpoint(String sdpCandidate) {
        String[] f = sdpCandidate.split(" ");
        return f.length >= 8 ? f[4] + ":" + f[5] + " (" + f[7] + ")" : sdpCandidate;
    }

    private static String candidate(RtcStats c) {
        return c == null ? "?" : c.getString("address") + ":" + c.get("port") + " (" + c.getString("candidateType") + ")";
    }

    private static String hostPort(java.net.InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static String other(String who) {
        return switch (who) {
            case "alice" -> "bob";
            case "bob" -> "alice";
            case "client" -> "server";
            default -> "client";
        };
    }

    private static String pad(String name) {
        return String.format("%-6s", name + ":");
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
