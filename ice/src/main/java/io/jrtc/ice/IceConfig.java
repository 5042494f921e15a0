package io.jrtc.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Everything an {@link IceAgent} is configured with. Build one with {@link #builder()}; every field
 * has a default except the local addresses.
 *
 * @param role                initial role (an ICE-lite agent is always controlled)
 * @param ufrag               local username fragment (random when not given)
 * @param password            local password (random when not given)
 * @param localAddresses      the local sockets the caller has bound: one host candidate each
 * @param addressFilter       which of them may become host candidates (tests keep to loopback)
 * @param stunServers         servers asked for server-reflexive candidates
 * @param turnServers         servers asked for relayed candidates
 * @param ta                  pacing: one new check every Ta (RFC 8445 §14.2, default 50 ms)
 * @param random              tie-breaker, transaction ids, credentials, consent jitter
 * @param lite                ICE-lite: host candidates only, always controlled, never checks
 * @param checkRto            first retransmission timeout of a check (doubles, capped at 8x)
 * @param maxCheckTransmissions how many times a check is sent before the pair fails (default 16: with
 *                            the RTO doubling from 250 ms to its 2 s cap, a pair fails after ~28 s)
 * @param nominationDelay     controlling: how long to wait for better pairs after the first valid one
 * @param consentInterval     mean interval of consent checks (RFC 7675: 5 s, randomised ±20 %)
 * @param consentTimeout      no consent for this long: consent lost, stop sending (RFC 7675: 30 s)
 * @param disconnectedTimeout no consent for this long: report {@code disconnected}
 * @param keepaliveInterval   send a Binding indication when nothing was sent for this long (RFC 8445 §11)
 * @param mdnsResolver        resolves remote {@code .local} names; returns {@code null} when it cannot
 * @param maxRemoteCandidates remote candidates (signalled and peer-reflexive) kept at most, default 64; more are
 *                            ignored and counted ({@link IceAgent.Stats#remoteCandidatesRefused()}), so a hostile
 *                            peer cannot grow the agent
 * @param maxPairs            checklist size limit (RFC 8445 §6.1.2.5, default 100)
 * @param label               a name for this agent's log lines ({@code [ICE] alice: ...}), or {@code null}
 * @param relayOnly           W3C {@code iceTransportPolicy: "relay"}: only relayed candidates are
 *                            signalled and checked (host sockets still carry the TURN traffic)
 */
public record IceConfig(IceRole role, String ufrag, String password, List<InetSocketAddress> localAddresses,
                        Predicate<InetAddress> addressFilter, List<InetSocketAddress> stunServers,
                        List<TurnServer> turnServers, Duration ta, RandomGenerator random, boolean lite,
                        Duration checkRto, int maxCheckTransmissions, Duration nominationDelay,
                        Duration consentInterval, Duration consentTimeout, Duration disconnectedTimeout,
                        Duration keepaliveInterval, Function<String, InetAddress> mdnsResolver,
                        int maxRemoteCandidates, int maxPairs, boolean relayOnly, String label) {

    /**
     * A TURN server with long-term credentials (RFC 8656, UDP).
     *
     * @param address  the server's address
     * @param username the user name of the long-term credentials
     * @param password their password
     */
    public record TurnServer(InetSocketAddress address, String username, String password) {
        /**
         * Checks the components.
         *
         * @param address the server's address
         * @param username the user name of the long-term credentials
         * @param password their password
         */
        public TurnServer {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }
    }

    /**
     * Checks the components and keeps unmodifiable copies of the collections.
     *
     * @param role initial role (an ICE-lite agent is always controlled)
     * @param ufrag local username fragment (random when not given)
     * @param password local password (random when not given)
     * @param localAddresses the local sockets the caller has bound: one host candidate each
     * @param addressFilter which of them may become host candidates (tests keep to loopback)
     * @param stunServers servers asked for server-reflexive candidates
     * @param turnServers servers asked for relayed candidates
     * @param ta pacing: one new check every Ta (RFC 8445 §14.2, default 50 ms)
     * @param random tie-breaker, transaction ids, credentials, consent jitter
     * @param lite ICE-lite: host candidates only, always controlled, never checks
     * @param checkRto first retransmission timeout of a check (doubles, capped at 8x)
     * @param maxCheckTransmissions how many times a check is sent before the pair fails (default 16: with the RTO
     *         doubling from 250 ms to its 2 s cap, a pair fails after ~28 s)
     * @param nominationDelay controlling: how long to wait for better pairs after the first valid one
     * @param consentInterval mean interval of consent checks (RFC 7675: 5 s, randomised ±20 %)
     * @param consentTimeout no consent for this long: consent lost, stop sending (RFC 7675: 30 s)
     * @param disconnectedTimeout no consent for this long: report {@code disconnected}
     * @param keepaliveInterval send a Binding indication when nothing was sent for this long (RFC 8445 §11)
     * @param mdnsResolver resolves remote {@code .local} names; returns {@code null} when it cannot
     * @param maxRemoteCandidates remote candidates (signalled and peer-reflexive) kept at most, default 64; more are
     *         ignored and counted ({@link IceAgent.Stats#remoteCandidatesRefused()}), so a hostile
     *         peer cannot grow the agent
     * @param maxPairs checklist size limit (RFC 8445 §6.1.2.5, default 100)
     * @param relayOnly W3C {@code iceTransportPolicy: "relay"}: only relayed candidates are signalled and checked
     *         (host sockets still carry the TURN traffic)
     * @param label a name for this agent's log lines ({@code [ICE] alice: ...}), or {@code null}
     */
    public IceConfig {
        Objects.requireNonNull(role, "role");
        localAddresses = List.copyOf(localAddresses);
        stunServers = List.copyOf(stunServers);
        turnServers = List.copyOf(turnServers);
        Objects.requireNonNull(addressFilter, "addressFilter");
        Objects.requireNonNull(random, "random");
        if (ta.isNegative() || ta.isZero()) {
            throw new IllegalArgumentException("Ta must be positive");
        }
    }

    /**
     * Loopback, site-local and global unicast addresses: not the wildcard, not multicast.
     *
     * @param a the address
     * @return whether {@code a} may be a host candidate's address
     */
    public static boolean usableUnicast(InetAddress a) {
        return !a.isAnyLocalAddress() && !a.isMulticastAddress();
    }

    /** {@return a builder with every default (see its methods); only the random generator is required} */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link IceConfig}; every method says its default. Only the random generator is required. */
    public static final class Builder {
        /** A builder with every setting at its default. */
        public Builder() {
        }

        private IceRole role = IceRole.CONTROLLING;
        private String ufrag;
        private String password;
        private final List<InetSocketAddress> localAddresses = new ArrayList<>();
        private Predicate<InetAddress> addressFilter = IceConfig::usableUnicast;
        private final List<InetSocketAddress> stunServers = new ArrayList<>();
        private final List<TurnServer> turnServers = new ArrayList<>();
        private Duration ta = Duration.ofMillis(50);
        private RandomGenerator random;
        private boolean lite;
        private Duration checkRto = Duration.ofMillis(250);
        private int maxCheckTransmissions = 16;
        private Duration nominationDelay = Duration.ofMillis(300);
        private Duration consentInterval = Duration.ofSeconds(5);
        private Duration consentTimeout = Duration.ofSeconds(30);
        private Duration disconnectedTimeout = Duration.ofSeconds(12);
        private Duration keepaliveInterval = Duration.ofSeconds(15);
        private Function<String, InetAddress> mdnsResolver = name -> null;
        private int maxRemoteCandidates = 64;
        private int maxPairs = 100;
        private boolean relayOnly;
        private String label;

        /**
         * The initial role (default controlling; an ICE-lite agent is always controlled).
         *
         * @param r the value
         * @return this builder
         */
        public Builder role(IceRole r) {
            this.role = r;
            return this;
        }

        /**
         * The initial role as a flag (default controlling).
         *
         * @param c true for controlling
         * @return this builder
         */
        public Builder controlling(boolean c) {
            return role(c ? IceRole.CONTROLLING : IceRole.CONTROLLED);
        }

        /**
         * The local credentials (default: random, 8 and 24 ice-chars from the random generator).
         *
         * @param ufrag the username fragment
         * @param password the password
         * @return this builder
         */
        public Builder credentials(String ufrag, String password) {
            this.ufrag = ufrag;
            this.password = password;
            return this;
        }

        /**
         * Adds a local socket's address: one host candidate (default none; at least one is needed to connect).
         *
         * @param a the address
         * @return this builder
         */
        public Builder localAddress(InetSocketAddress a) {
            localAddresses.add(a);
            return this;
        }

        /**
         * Adds local sockets' addresses, one host candidate each.
         *
         * @param a the address
         * @return this builder
         */
        public Builder localAddresses(List<InetSocketAddress> a) {
            localAddresses.addAll(a);
            return this;
        }

        /**
         * Which local addresses may become host candidates (default: every unicast address, {@link
         * IceConfig#usableUnicast}).
         *
         * @param f the filter
         * @return this builder
         */
        public Builder addressFilter(Predicate<InetAddress> f) {
            this.addressFilter = f;
            return this;
        }

        /**
         * Keeps only loopback addresses (what tests and examples use).
         *
         * @return this builder
         */
        public Builder loopbackOnly() {
            return addressFilter(InetAddress::isLoopbackAddress);
        }

        /**
         * Adds a STUN server to ask for server-reflexive candidates (default none).
         *
         * @param a the address
         * @return this builder
         */
        public Builder stunServer(InetSocketAddress a) {
            stunServers.add(a);
            return this;
        }

        /**
         * Adds a TURN server (UDP, long-term credentials) to allocate relayed candidates on (default none).
         *
         * @param a the address
         * @param username the user name
         * @param password the password
         * @return this builder
         */
        public Builder turnServer(InetSocketAddress a, String username, String password) {
            turnServers.add(new TurnServer(a, username, password));
            return this;
        }

        /**
         * Pacing: one new check every Ta (default 50 ms, RFC 8445 §14.2).
         *
         * @param d the duration
         * @return this builder
         */
        public Builder ta(Duration d) {
            this.ta = d;
            return this;
        }

        /**
         * Where the tie-breaker, transaction ids, credentials and consent jitter come from; required (a {@code
         * SecureRandom} in production; no hidden default).
         *
         * @param r the value
         * @return this builder
         */
        public Builder random(RandomGenerator r) {
            this.random = r;
            return this;
        }

        /**
         * A seeded generator for tests.
         *
         * @param seed the seed
         * @return a seeded generator for tests
         */
        public Builder seed(long seed) {
            return random(new java.util.SplittableRandom(seed));
        }

        /**
         * ICE-lite (default false): host candidates only, always controlled, never checks.
         *
         * @param l whether lite
         * @return this builder
         */
        public Builder lite(boolean l) {
            this.lite = l;
            return this;
        }

        /**
         * The first retransmission timeout of a check (default 250 ms; it doubles up to 8 times this).
         *
         * @param d the duration
         * @return this builder
         */
        public Builder checkRto(Duration d) {
            this.checkRto = d;
            return this;
        }

        /**
         * How many times a check is sent before its pair fails (default 16: about 28 s with the default RTO).
         *
         * @param n the number
         * @return this builder
         */
        public Builder maxCheckTransmissions(int n) {
            this.maxCheckTransmissions = n;
            return this;
        }

        /**
         * Controlling: how long to wait for better pairs after the first valid one before nominating (default 300
         * ms).
         *
         * @param d the duration
         * @return this builder
         */
        public Builder nominationDelay(Duration d) {
            this.nominationDelay = d;
            return this;
        }

        /**
         * The mean interval of consent checks (default 5 s, RFC 7675; each randomised ±20 %).
         *
         * @param d the duration
         * @return this builder
         */
        public Builder consentInterval(Duration d) {
            this.consentInterval = d;
            return this;
        }

        /**
         * How long without consent before it is lost and sending stops (default 30 s, RFC 7675).
         *
         * @param d the duration
         * @return this builder
         */
        public Builder consentTimeout(Duration d) {
            this.consentTimeout = d;
            return this;
        }

        /**
         * How long without consent before the state is {@code disconnected} (default 12 s).
         *
         * @param d the duration
         * @return this builder
         */
        public Builder disconnectedTimeout(Duration d) {
            this.disconnectedTimeout = d;
            return this;
        }

        /**
         * Send a Binding indication after this long without sending on the selected pair (default 15 s, RFC 8445
         * §11).
         *
         * @param d the duration
         * @return this builder
         */
        public Builder keepaliveInterval(Duration d) {
            this.keepaliveInterval = d;
            return this;
        }

        /**
         * Resolves remote {@code .local} names (default: resolves nothing, so mDNS candidates are ignored and
         * counted).
         *
         * @param r the value
         * @return this builder
         */
        public Builder mdnsResolver(Function<String, InetAddress> r) {
            this.mdnsResolver = r;
            return this;
        }

        /**
         * The most remote candidates kept, signalled and peer-reflexive together (default 64); more are ignored and
         * counted in {@link IceAgent.Stats#remoteCandidatesRefused()}.
         *
         * @param n the number
         * @return this builder
         */
        public Builder maxRemoteCandidates(int n) {
            this.maxRemoteCandidates = n;
            return this;
        }

        /**
         * The checklist's size limit per generation (default 100, RFC 8445 §6.1.2.5); a pair past it replaces a
         * lower-priority one or is not formed.
         *
         * @param n the number
         * @return this builder
         */
        public Builder maxPairs(int n) {
            this.maxPairs = n;
            return this;
        }

        /**
         * Only relayed candidates take part (W3C {@code iceTransportPolicy: "relay"}).
         *
         * @param r the value
         * @return this builder
         */
        public Builder relayOnly(boolean r) {
            this.relayOnly = r;
            return this;
        }

        /**
         * A name for log lines.
         *
         * @param l whether lite
         * @return a name for log lines
         */
        public Builder label(String l) {
            this.label = l;
            return this;
        }

        /**
         * The configuration.
         *
         * @return the configuration
         * @throws IllegalStateException when no random generator was given
         */
        public IceConfig build() {
            if (random == null) {
                // no hidden default: every run is reproducible from what the caller passed in
                throw new IllegalStateException("IceConfig needs a random generator: random(SecureRandom) in production, seed(n) in tests");
            }
            return new IceConfig(lite ? IceRole.CONTROLLED : role, ufrag, password, localAddresses, addressFilter,
                    stunServers, turnServers, ta, random, lite, checkRto, maxCheckTransmissions, nominationDelay,
                    consentInterval, consentTimeout, disconnectedTimeout, keepaliveInterval, mdnsResolver,
                    maxRemoteCandidates, maxPairs, relayOnly, label);
        }
    }
}
