package io.jrtc.ice;

import io.jrtc.core.Bytes;
import io.jrtc.core.Datagram;
import io.jrtc.core.QueuedEngine;
import io.jrtc.stun.ChannelData;
import io.jrtc.stun.StunParseException;
import io.jrtc.stun.StunTimers;
import io.jrtc.stun.StunTransactions;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;

/**
 * A sans-IO TURN client over UDP (RFC 8656): one allocation on one server from one local socket.
 *
 * <pre>
 *   allocate() ──Allocate──► 401 (REALM, NONCE) ──Allocate + USERNAME/REALM/NONCE/MESSAGE-INTEGRITY──►
 *   ◄── success: XOR-RELAYED-ADDRESS, XOR-MAPPED-ADDRESS, LIFETIME ──  Event.Allocated
 *   send(peer) ──CreatePermission──► ──ChannelBind──►   then ChannelData (4-byte header) both ways
 *   (before the channel is bound: Send indications out, Data indications in)
 *   Refresh before LIFETIME runs out; permissions every 4 min; channels every 9 min
 *   438 Stale Nonce: take the new NONCE and send the request again
 *   close(): Refresh with LIFETIME 0 (deallocation)
 * </pre>
 *
 * <p>Every datagram it emits goes from {@link #local()} to {@link #server()}; feed it every datagram
 * that arrives on {@link #local()} from {@link #server()}.
 */
public final class TurnClient extends QueuedEngine<Datagram, TurnClient.Event> {
    private static final System.Logger LOG = System.getLogger("jrtc.ice");
    private static final long SECOND = 1_000_000_000L;
    private static final int MAX_AUTH_RETRIES = 3;
    private static final int MAX_QUEUED_PER_PEER = 16;
    private static final int MAX_IN_FLIGHT = 256;
    private static final StunTimers TIMERS = StunTimers.capped(Duration.ofMillis(500), 7, Duration.ofSeconds(4));

    /** What the client reports. */
    public sealed interface Event {
        /** The allocation exists: {@code relayed} is the address peers send to. */
        record Allocated(InetSocketAddress relayed, InetSocketAddress mapped, int lifetimeSeconds) implements Event {
        }

        /** A Refresh succeeded (lifetime 0: the allocation was released). */
        record Refreshed(int lifetimeSeconds) implements Event {
        }

        /**
         * A permission is installed: the relay lets {@code peer}'s datagrams through (for 5 minutes, refreshed
         * every 4).
         *
         * @param peer the peer's IP address
         */
        record PermissionCreated(InetAddress peer) implements Event {
        }

        /**
         * A channel is bound: data to and from {@code peer} goes as ChannelData.
         *
         * @param peer    the peer
         * @param channel the channel number (0x4000..0x4FFF)
         */
        record ChannelBound(InetSocketAddress peer, int channel) implements Event {
        }

        /** Data from a peer, through a Data indication or a ChannelData message. */
        record Data(InetSocketAddress peer, byte[] data) implements Event {
            @Override
            public String toString() {
                return "Data[" + peer + ", " + data.length + " bytes]";
            }
        }

        /**
         * A request failed (an error response, or no answer: error 408).
         *
         * @param reason what failed, and its error code
         */
        record Failed(String reason) implements Event {
        }
    }

    /**
     * The client's counters, a snapshot from {@link TurnClient#stats()}.
     *
     * @param staleNonces         438 Stale Nonce answers (each retried with the new nonce)
     * @param unauthorized        401 Unauthorized answers carrying a realm and nonce (each retried with credentials)
     * @param refreshes           successful Refresh requests
     * @param channelDataSent     ChannelData messages sent
     * @param sendIndicationsSent Send indications sent
     * @param malformed           datagrams from the server that did not parse, ChannelData on unbound channels
     * @param unauthenticated     responses dropped because their MESSAGE-INTEGRITY was missing (success) or wrong
     * @param refused             requests not sent because too many were in flight
     */
    public record Stats(long staleNonces, long unauthorized, long refreshes, long channelDataSent,
                        long sendIndicationsSent, long malformed, long unauthenticated, long refused) {
    }

    /** The live counters behind {@link Stats}. */
    private static final class Counters {
        long staleNonces;
        long unauthorized;
        long refreshes;
        long channelDataSent;
        long sendIndicationsSent;
        long malformed;
        long unauthenticated;
        long refused;

        Stats snapshot() {
            return new Stats(staleNonces, unauthorized, refreshes, channelDataSent, sendIndicationsSent, malformed,
                    unauthenticated, refused);
        }
    }

    private enum Kind { ALLOCATE, REFRESH, PERMISSION, CHANNEL_BIND }

    private static final class Tx {
        final Kind kind;
        final InetSocketAddress peer;
        final int channel;
        final int lifetime;
        int authRetries;

        Tx(Kind kind, InetSocketAddress peer, int channel, int lifetime) {
            this.kind = kind;
            this.peer = peer;
            this.channel = channel;
            this.lifetime = lifetime;
        }
    }

    private static final class Permission {
        long expiresAt = Long.MIN_VALUE;
        boolean pending;
        final List<byte[]> queued = new ArrayList<>();
        final List<InetSocketAddress> queuedTo = new ArrayList<>();
    }

    private final InetSocketAddress local;
    private final InetSocketAddress server;
    private final String username;
    private final String password;
    private final RandomGenerator random;
    /** Requests in flight: the {@code stun} module's retransmission engine (RTO 500 ms doubling to 4 s, 7 sends). */
    private final StunTransactions<Tx> transactions = new StunTransactions<>(MAX_IN_FLIGHT);
    private final StunTransactions.Listener<Tx> retransmissions = new StunTransactions.Listener<>() {
        @Override
        public boolean retransmit(long now, StunTransactions.Transaction<Tx> t) {
            transmits.add(new Datagram(local, server, t.wire()));
            return true;
        }

        @Override
        public void timedOut(long now, StunTransactions.Transaction<Tx> t) {
            onError(now, t.context(), timeoutMessage());
        }
    };
    private final Map<InetAddress, Permission> permissions = new HashMap<>();
    private final Map<InetSocketAddress, Integer> channelByPeer = new HashMap<>();
    private final Map<Integer, InetSocketAddress> peerByChannel = new HashMap<>();
    private final Map<InetSocketAddress, Long> channelRefreshAt = new HashMap<>();
    private final Counters stats = new Counters();
    private String realm;
    private String nonce;
    private byte[] key;
    private InetSocketAddress relayed;
    private InetSocketAddress mapped;
    private int lifetime;
    private long refreshAt = NO_TIMEOUT;
    private boolean allocating;
    private boolean closed;
    private boolean failed;
    private boolean autoChannel = true;
    private int nextChannel = 0x4000;
    private long requestedLifetime = 600;

    /**
     * What a TURN client is made of. Required: the local socket and the server (given to
     * {@link TurnClient#builder}), the long-term credentials and the random generator. Defaults:
     * requested lifetime 600 s (RFC 8656 §2.2 default), channels bound automatically.
     */
    public static final class Builder {
        private final InetSocketAddress local;
        private final InetSocketAddress server;
        private String username;
        private String password;
        private RandomGenerator random;
        private long requestedLifetime = 600;
        private boolean autoChannel = true;

        private Builder(InetSocketAddress local, InetSocketAddress server) {
            this.local = Objects.requireNonNull(local, "local");
            this.server = Objects.requireNonNull(server, "server");
        }

        /**
         * The long-term credentials (RFC 8489 §9.2), required.
         *
         * @param username the user name
         * @param password its password
         * @return this builder
         */
        public Builder credentials(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * Where transaction ids come from, required (a {@code SecureRandom} in production, seeded in tests).
         *
         * @param random the generator
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * The lifetime asked for in Allocate and Refresh requests (default 600 s).
         *
         * @param seconds the lifetime
         * @return this builder
         */
        public Builder requestedLifetime(long seconds) {
            this.requestedLifetime = seconds;
            return this;
        }

        /**
         * Whether {@link TurnClient#send} binds a channel to a peer once its permission exists (default true).
         *
         * @param auto bind automatically
         * @return this builder
         */
        public Builder autoChannel(boolean auto) {
            this.autoChannel = auto;
            return this;
        }

        /**
         * @return the client, not started (call {@link TurnClient#allocate})
         * @throws IllegalStateException when the credentials or the random generator are missing
         */
        public TurnClient build() {
            if (username == null || random == null) {
                throw new IllegalStateException("a TurnClient needs credentials(user, password) and random(generator)");
            }
            return new TurnClient(this);
        }
    }

    /**
     * Starts describing a client.
     *
     * @param local  the local socket it sends from
     * @param server the TURN server
     * @return a builder
     */
    public static Builder builder(InetSocketAddress local, InetSocketAddress server) {
        return new Builder(local, server);
    }

    private TurnClient(Builder b) {
        this.local = b.local;
        this.server = b.server;
        this.username = b.username;
        this.password = b.password;
        this.random = b.random;
        this.requestedLifetime = b.requestedLifetime;
        this.autoChannel = b.autoChannel;
    }

    /** {@return the local socket it sends from} */
    public InetSocketAddress local() {
        return local;
    }

    /** {@return the TURN server} */
    public InetSocketAddress server() {
        return server;
    }

    /** {@return the relayed transport address, or {@code null} before the allocation succeeds} */
    public InetSocketAddress relayedAddress() {
        return relayed;
    }

    /** {@return our address as the server saw it (server-reflexive), or {@code null}} */
    public InetSocketAddress mappedAddress() {
        return mapped;
    }

    /** {@return the allocation's lifetime as the server last granted it, in seconds} */
    public int lifetimeSeconds() {
        return lifetime;
    }

    /** {@return whether an Allocate is in progress} */
    public boolean isAllocating() {
        return allocating;
    }

    /** {@return whether the allocation exists and was not released} */
    public boolean isAllocated() {
        return relayed != null && !closed;
    }

    /** @return the counters, a snapshot */
    public Stats stats() {
        return stats.snapshot();
    }

    /**
     * The channel bound to {@code peer}, or -1.
     *
     * @param peer the peer, as the relay sees it
     * @return the channel bound to {@code peer}, or -1
     */
    public int channelFor(InetSocketAddress peer) {
        return channelByPeer.getOrDefault(peer, -1);
    }

    /**
     * Whether a permission for {@code peer}'s IP is installed.
     *
     * @param peer the peer, as the relay sees it
     * @return whether a permission for {@code peer}'s IP is installed
     */
    public boolean hasPermission(InetAddress peer) {
        Permission p = permissions.get(peer);
        return p != null && !p.pending && p.expiresAt != Long.MIN_VALUE;
    }

    /**
     * Whether {@link #send} binds a channel to a peer automatically once its permission exists (default true).
     *
     * @param auto whether to bind automatically
     */
    public void setAutoChannel(boolean auto) {
        this.autoChannel = auto;
    }

    /**
     * The lifetime asked for in Allocate and Refresh requests (default 600 s).
     *
     * @param seconds the lifetime in seconds
     */
    public void setRequestedLifetime(long seconds) {
        this.requestedLifetime = seconds;
    }

    /**
     * Starts the allocation (RFC 8656 §7.1): the first Allocate goes without credentials.
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     */
    public void allocate(long now) {
        if (allocating || relayed != null || closed) {
            return;
        }
        allocating = true;
        LOG.log(INFO, "[TURN] Allocate -> {0} (no credentials yet: expect 401)", server);
        start(now, new Tx(Kind.ALLOCATE, null, -1, (int) requestedLifetime));
    }

    /**
     * Asks for a permission for {@code peer}'s IP (RFC 8656 §9).
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     * @param peer the peer, as the relay sees it
     */
    public void createPermission(long now, InetAddress peer) {
        Permission p = permissions.computeIfAbsent(peer, k -> new Permission());
        if (p.pending || relayed == null) {
            return;
        }
        p.pending = true;
        LOG.log(INFO, "[TURN] CreatePermission for {0}", peer.getHostAddress());
        start(now, new Tx(Kind.PERMISSION, new InetSocketAddress(peer, 0), -1, 0));
    }

    /**
     * Binds a channel to {@code peer} (RFC 8656 §12); also installs the permission.
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     * @param peer the peer, as the relay sees it
     */
    public void bindChannel(long now, InetSocketAddress peer) {
        if (relayed == null || channelByPeer.containsKey(peer)) {
            return;
        }
        for (StunTransactions.Transaction<Tx> t : transactions.inFlight()) {
            if (t.context().kind == Kind.CHANNEL_BIND && t.context().peer.equals(peer)) {
                return;
            }
        }
        if (nextChannel > 0x4FFF) {
            return;
        }
        int channel = nextChannel++;
        LOG.log(INFO, "[TURN] ChannelBind 0x{0} -> {1}", Integer.toHexString(channel), peer);
        start(now, new Tx(Kind.CHANNEL_BIND, peer, channel, 0));
    }

    /**
     * Sends {@code data} to {@code peer} through the relay: as ChannelData when a channel is bound,
     * as a Send indication when a permission exists, else after creating the permission (a few
     * datagrams are queued meanwhile).
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     * @param peer the peer, as the relay sees it
     * @param data the bytes
     */
    public void send(long now, InetSocketAddress peer, byte[] data) {
        if (relayed == null || closed) {
            return;
        }
        Integer channel = channelByPeer.get(peer);
        if (channel != null) {
            byte[] out = new ChannelData(channel, Bytes.wrap(data)).encode(true);
            stats.channelDataSent++;
            transmits.add(new Datagram(local, server, out));
            return;
        }
        Permission p = permissions.get(peer.getAddress());
        if (p != null && !p.pending && p.expiresAt != Long.MIN_VALUE) {
            sendIndication(peer, data);
            if (autoChannel) {
                bindChannel(now, peer);
            }
            return;
        }
        createPermission(now, peer.getAddress());
        p = permissions.get(peer.getAddress());
        if (p != null && p.queued.size() < MAX_QUEUED_PER_PEER) {
            p.queued.add(data);
            p.queuedTo.add(peer);
        }
    }

    private void sendIndication(InetSocketAddress peer, byte[] data) {
        stats.sendIndicationsSent++;
        byte[] out = IceStun.indication(IceStun.SEND, IceStun.newTransactionId(random))
                .xorAddress(IceStun.XOR_PEER_ADDRESS, peer).data(data).encode(null, false);
        transmits.add(new Datagram(local, server, out));
    }

    /**
     * Releases the allocation: a Refresh with LIFETIME 0 (RFC 8656 §7.2).
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     */
    public void close(long now) {
        if (closed) {
            return;
        }
        if (relayed != null) {
            LOG.log(INFO, "[TURN] Refresh LIFETIME=0: releasing {0}", relayed);
            transactions.clear();
            // sent once, not retransmitted: the allocation times out on its own if this is lost
            transmits.add(new Datagram(local, server, request(new Tx(Kind.REFRESH, null, -1, 0)).encode(key, false)));
        }
        closed = true;
        allocating = false;
        transactions.clear();
        refreshAt = NO_TIMEOUT;
    }

    /**
     * A datagram from the server arrived on {@link #local()}.
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     * @param data the bytes
     */
    public void handleInput(long now, byte[] data) {
        if (closed && !IceStun.looksLikeStun(data)) {
            return;
        }
        if (IceStun.looksLikeChannelData(data)) {
            ChannelData cd;
            try {
                cd = ChannelData.parse(data);
            } catch (StunParseException e) {
                stats.malformed++;
                LOG.log(DEBUG, "[TURN] dropped malformed ChannelData from {0}: {1}", server, e.getMessage());
                return;
            }
            InetSocketAddress peer = peerByChannel.get(cd.channel());
            if (peer == null) {
                stats.malformed++;
                LOG.log(DEBUG, "[TURN] dropped ChannelData on unbound channel 0x{0}", Integer.toHexString(cd.channel()));
                return;
            }
            events.add(new Event.Data(peer, cd.data().toByteArray()));
            return;
        }
        IceStun.Msg m;
        try {
            m = IceStun.parse(data);
        } catch (IceParseException e) {
            stats.malformed++;
            LOG.log(DEBUG, "[TURN] dropped a malformed message from {0}: {1}", server, e.getMessage());
            return;
        }
        if (m.cls == IceStun.INDICATION) {
            if (m.method == IceStun.DATA && m.xorPeer != null && m.data != null) {
                events.add(new Event.Data(m.xorPeer, m.data));
            }
            return;
        }
        if (m.cls != IceStun.SUCCESS && m.cls != IceStun.ERROR) {
            return;
        }
        StunTransactions.Transaction<Tx> sent = transactions.match(m.message);
        if (sent == null) {
            return;
        }
        // with credentials, a success response must be signed with them (RFC 8489 §9.2.5: one that is
        // not is discarded as if never received, so the request is retransmitted); an error response may
        // come unsigned (the 401 that brings the realm and nonce cannot be signed) but, if signed, must verify
        if (key != null && (m.cls == IceStun.SUCCESS || m.hasIntegrity()) && !m.integrityOk(key)) {
            stats.unauthenticated++;
            LOG.log(DEBUG, "[TURN] dropped a {0} response from {1}: MESSAGE-INTEGRITY missing or wrong",
                    sent.context().kind, server);
            return;
        }
        transactions.complete(sent);
        Tx tx = sent.context();
        if (m.cls == IceStun.ERROR) {
            onError(now, tx, m);
        } else {
            onSuccess(now, tx, m);
        }
    }

    private void onError(long now, Tx tx, IceStun.Msg m) {
        boolean retry = false;
        if (m.errorCode == 401 && m.realm != null && m.nonce != null && tx.authRetries < MAX_AUTH_RETRIES) {
            stats.unauthorized++;
            boolean had = key != null;
            realm = m.realm;
            nonce = m.nonce;
            key = IceStun.longTermKey(username, realm, password);
            LOG.log(INFO, "[TURN] 401 Unauthorized: realm \"{0}\", nonce received; {1} with credentials",
                    realm, had ? "again" : "retrying");
            retry = true;
        } else if (m.errorCode == 438 && m.nonce != null && tx.authRetries < MAX_AUTH_RETRIES) {
            stats.staleNonces++;
            nonce = m.nonce;
            if (m.realm != null) {
                realm = m.realm;
                key = IceStun.longTermKey(username, realm, password);
            }
            LOG.log(INFO, "[TURN] 438 Stale Nonce: retrying {0} with the new nonce", tx.kind);
            retry = true;
        }
        if (retry) {
            Tx again = new Tx(tx.kind, tx.peer, tx.channel, tx.lifetime);
            again.authRetries = tx.authRetries + 1;
            start(now, again);
            return;
        }
        String reason = tx.kind + " failed: error " + m.errorCode;
        LOG.log(INFO, "[TURN] {0}", reason);
        switch (tx.kind) {
            case ALLOCATE -> {
                allocating = false;
                failed = true;
                events.add(new Event.Failed(reason));
            }
            case PERMISSION -> {
                Permission p = permissions.remove(tx.peer.getAddress());
                if (p != null) {
                    p.queued.clear();
                }
                events.add(new Event.Failed(reason));
            }
            case CHANNEL_BIND, REFRESH -> events.add(new Event.Failed(reason));
        }
    }

    private void onSuccess(long now, Tx tx, IceStun.Msg m) {
        switch (tx.kind) {
            case ALLOCATE -> {
                allocating = false;
                if (m.xorRelayed == null) {
                    failed = true;
                    events.add(new Event.Failed("Allocate success without XOR-RELAYED-ADDRESS"));
                    return;
                }
                relayed = m.xorRelayed;
                mapped = m.xorMapped;
                lifetime = m.lifetime > 0 ? m.lifetime : (int) requestedLifetime;
                scheduleRefresh(now);
                LOG.log(INFO, "[TURN] allocated: relayed {0}, mapped {1}, lifetime {2} s", relayed, mapped, lifetime);
                events.add(new Event.Allocated(relayed, mapped, lifetime));
            }
            case REFRESH -> {
                stats.refreshes++;
                lifetime = m.lifetime >= 0 ? m.lifetime : tx.lifetime;
                scheduleRefresh(now);
                LOG.log(INFO, "[TURN] refreshed: lifetime {0} s", lifetime);
                events.add(new Event.Refreshed(lifetime));
            }
            case PERMISSION -> {
                Permission p = permissions.computeIfAbsent(tx.peer.getAddress(), k -> new Permission());
                p.pending = false;
                p.expiresAt = now + 240 * SECOND;
                LOG.log(INFO, "[TURN] permission installed for {0}", tx.peer.getAddress().getHostAddress());
                events.add(new Event.PermissionCreated(tx.peer.getAddress()));
                List<byte[]> q = new ArrayList<>(p.queued);
                List<InetSocketAddress> to = new ArrayList<>(p.queuedTo);
                p.queued.clear();
                p.queuedTo.clear();
                for (int i = 0; i < q.size(); i++) {
                    send(now, to.get(i), q.get(i));
                }
            }
            case CHANNEL_BIND -> {
                channelByPeer.put(tx.peer, tx.channel);
                peerByChannel.put(tx.channel, tx.peer);
                channelRefreshAt.put(tx.peer, now + 540 * SECOND);
                Permission p = permissions.computeIfAbsent(tx.peer.getAddress(), k -> new Permission());
                p.pending = false;
                p.expiresAt = now + 240 * SECOND;
                LOG.log(INFO, "[TURN] channel 0x{0} bound to {1}: ChannelData from now on",
                        Integer.toHexString(tx.channel), tx.peer);
                events.add(new Event.ChannelBound(tx.peer, tx.channel));
            }
        }
    }

    private void scheduleRefresh(long now) {
        if (lifetime <= 0) {
            refreshAt = NO_TIMEOUT;
            return;
        }
        long lead = lifetime > 120 ? 60 : lifetime / 2;
        refreshAt = now + (lifetime - lead) * SECOND;
    }

    /**
     * Refreshes the allocation now (normally the timer does it a minute before expiry).
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     */
    public void refresh(long now) {
        if (relayed == null || closed) {
            return;
        }
        LOG.log(INFO, "[TURN] Refresh (LIFETIME {0})", requestedLifetime);
        refreshAt = NO_TIMEOUT;
        start(now, new Tx(Kind.REFRESH, null, -1, (int) requestedLifetime));
    }

    @Override
    public void handleTimeout(long now) {
        if (closed) {
            return;
        }
        transactions.handleTimeout(now, retransmissions);
        if (refreshAt <= now) {
            refresh(now);
        }
        for (Map.Entry<InetAddress, Permission> e : permissions.entrySet()) {
            Permission p = e.getValue();
            if (!p.pending && p.expiresAt != Long.MIN_VALUE && p.expiresAt <= now) {
                p.expiresAt = Long.MIN_VALUE;
                createPermission(now, e.getKey());
            }
        }
        for (Map.Entry<InetSocketAddress, Long> e : new ArrayList<>(channelRefreshAt.entrySet())) {
            if (e.getValue() <= now) {
                channelRefreshAt.put(e.getKey(), NO_TIMEOUT);
                Tx tx = new Tx(Kind.CHANNEL_BIND, e.getKey(), channelByPeer.get(e.getKey()), 0);
                start(now, tx);
            }
        }
    }

    private static IceStun.Msg timeoutMessage() {
        IceStun.Msg m = new IceStun.Msg(null, 0, IceStun.ERROR, Bytes.EMPTY);
        m.errorCode = 408;
        return m;
    }

    @Override
    public long pollTimeout() {
        if (closed) {
            return NO_TIMEOUT;
        }
        long t = Math.min(refreshAt, transactions.pollTimeout());
        for (Permission p : permissions.values()) {
            if (!p.pending && p.expiresAt != Long.MIN_VALUE) {
                t = Math.min(t, p.expiresAt);
            }
        }
        for (long at : channelRefreshAt.values()) {
            t = Math.min(t, at);
        }
        return t;
    }

    /** {@return whether the allocation failed (an error or a timeout; reported as {@link Event.Failed})} */
    public boolean hasFailed() {
        return failed;
    }

    private void start(long now, Tx tx) {
        IceStun.Builder request = request(tx);
        StunTransactions.Transaction<Tx> t = transactions.start(now, request.message(), request.encode(key, false), TIMERS, tx);
        if (t == null) {
            stats.refused++;
            LOG.log(DEBUG, "[TURN] {0} request not sent: {1} requests in flight already", tx.kind, MAX_IN_FLIGHT);
            return;
        }
        LOG.log(DEBUG, "[TURN] {0} request {1} -> {2}", tx.kind, t.id(), server);
        transmits.add(new Datagram(local, server, t.wire()));
    }

    /** The request for {@code tx} under a new transaction id, with the long-term credentials once known. */
    private IceStun.Builder request(Tx tx) {
        Bytes id = IceStun.newTransactionId(random);
        IceStun.Builder b = switch (tx.kind) {
            case ALLOCATE -> IceStun.request(IceStun.ALLOCATE, id).requestedTransportUdp().lifetime(tx.lifetime);
            case REFRESH -> IceStun.request(IceStun.REFRESH, id).lifetime(tx.lifetime);
            case PERMISSION -> IceStun.request(IceStun.CREATE_PERMISSION, id).xorAddress(IceStun.XOR_PEER_ADDRESS, tx.peer);
            case CHANNEL_BIND -> IceStun.request(IceStun.CHANNEL_BIND, id).channelNumber(tx.channel)
                    .xorAddress(IceStun.XOR_PEER_ADDRESS, tx.peer);
        };
        if (key != null) {
            b.username(username).realm(realm).nonce(nonce);
        }
        return b;
    }
}
