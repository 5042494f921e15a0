package io.jrtc.webrtc.core;

import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.webrtc.RtcConfiguration;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Everything the sans-IO core needs besides time: the user's {@link RtcConfiguration}, the addresses of
 * the sockets it sends from (its host candidates), the randomness (seedable: every simulated run is
 * reproducible from its seed), the certificate, the wall clock as an NTP time at {@code now = 0} (for
 * RTCP sender reports; the core never reads a clock), and where DTLS key log lines go.
 *
 * @param ntpAtZeroNanos nanoseconds since 1900-01-01 (the NTP epoch) at the instant {@code now = 0}
 * @param keyLog         receives NSS key log lines, or null
 */
public record CoreConfig(RtcConfiguration rtc, List<InetSocketAddress> localAddresses, RandomGenerator random,
        SecureRandom secureRandom, DtlsCertificate certificate, long ntpAtZeroNanos, Consumer<String> keyLog) {

    public CoreConfig {
        Objects.requireNonNull(rtc, "rtc");
        localAddresses = List.copyOf(localAddresses);
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(secureRandom, "secureRandom");
        Objects.requireNonNull(certificate, "certificate");
    }
}
