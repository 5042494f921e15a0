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
 * @param maxRemoteCandidates remote candidates beyond this are ignored (hostile peers)
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

    /** A TURN server with long-term credentials (RFC 8656, UDP). */
    public record TurnServer(InetSocketAddress address, String username, String password) {
        public TurnServer {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }
    }

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

    /** Loopback, site-local and global unicast addresses: not the wildcard, not multicast. */
    public static boolean usableUnicast(InetAddress a) {
        return !a.isAnyLocalAddress() && !a.isMulticastAddress();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
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

        public Builder role(IceRole r) {
            this.role = r;
            return this;
        }

        public Builder controlling(boolean c) {
            return role(c ? IceRole.CONTROLLING : IceRole.CONTROLLED);
        }

        public Builder credentials(String ufrag, String password) {
            this.ufrag = ufrag;
            this.password = password;
            return this;
        }

        public Builder localAddress(InetSocketAddress a) {
            localAddresses.add(a);
            return this;
        }

        public Builder localAddresses(List<InetSocketAddress> a) {
            localAddresses.addAll(a);
            return this;
        }

        public Builder addressFilter(Predicate<InetAddress> f) {
            this.addressFilter = f;
            return this;
        }

        /** Keeps only loopback addresses (what tests and examples use). */
        public Builder loopbackOnly() {
            return addressFilter(InetAddress::isLoopbackAddress);
        }

        public Builder stunServer(InetSocketAddress a) {
            stunServers.add(a);
            return this;
        }

        public Builder turnServer(InetSocketAddress a, String username, String password) {
            turnServers.add(new TurnServer(a, username, password));
            return this;
        }

        public Builder ta(Duration d) {
            this.ta = d;
            return this;
        }

        public Builder random(RandomGenerator r) {
            this.random = r;
            return this;
        }

        /** A seeded generator for tests. */
        public Builder seed(long seed) {
            return random(new java.util.SplittableRandom(seed));
        }

        public Builder lite(boolean l) {
            this.lite = l;
            return this;
        }

        public Builder checkRto(Duration d) {
            this.checkRto = d;
            return this;
        }

        public Builder maxCheckTransmissions(int n) {
            this.maxCheckTransmissions = n;
            return this;
        }

        public Builder nominationDelay(Duration d) {
            this.nominationDelay = d;
            return this;
        }

        public Builder consentInterval(Duration d) {
            this.consentInterval = d;
            return this;
        }

        public Builder consentTimeout(Duration d) {
            this.consentTimeout = d;
            return this;
        }

        public Builder disconnectedTimeout(Duration d) {
            this.disconnectedTimeout = d;
            return this;
        }

        public Builder keepaliveInterval(Duration d) {
            this.keepaliveInterval = d;
            return this;
        }

        public Builder mdnsResolver(Function<String, InetAddress> r) {
            this.mdnsResolver = r;
            return this;
        }

        public Builder maxRemoteCandidates(int n) {
            this.maxRemoteCandidates = n;
            return this;
        }

        public Builder maxPairs(int n) {
            this.maxPairs = n;
            return this;
        }

        /** Only relayed candidates take part (W3C {@code iceTransportPolicy: "relay"}). */
        public Builder relayOnly(boolean r) {
            this.relayOnly = r;
            return this;
        }

        /** A name for log lines. */
        public Builder label(String l) {
            this.label = l;
            return this;
        }

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
