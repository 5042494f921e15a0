package io.jrtc.dtls;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Two endpoints wired back to back in memory, pumped on a virtual clock (test helper). */
final class Pair {
    final DtlsEndpoint client;
    final DtlsEndpoint server;
    final List<DtlsEvent> clientEvents = new ArrayList<>();
    final List<DtlsEvent> serverEvents = new ArrayList<>();
    long now = 1_000_000_000L;
    /** The wall-clock time the test certificates are made at (fixed: nothing here depends on it). */
    static final java.time.Instant CERT_TIME = java.time.Instant.parse("2026-01-01T00:00:00Z");

    Pair(DtlsConfig c, DtlsConfig s) {
        client = DtlsEndpoint.client(c);
        server = DtlsEndpoint.server(s);
    }

    static SecureRandom seeded(long seed) {
        return io.jrtc.testkit.Seeds.secureRandom(seed);
    }

    /** Moves every datagram across until both are quiet; returns the number of datagrams moved. */
    int pump() {
        int moved = 0;
        boolean any = true;
        while (any) {
            any = false;
            for (byte[] d; (d = client.pollTransmit()) != null; ) {
                server.handleInput(now, d);
                moved++;
                any = true;
            }
            for (byte[] d; (d = server.pollTransmit()) != null; ) {
                client.handleInput(now, d);
                moved++;
                any = true;
            }
            drain();
        }
        return moved;
    }

    void drain() {
        for (DtlsEvent e; (e = client.pollEvent()) != null; ) clientEvents.add(e);
        for (DtlsEvent e; (e = server.pollEvent()) != null; ) serverEvents.add(e);
    }

    Pair handshake() {
        client.start(now);
        pump();
        return this;
    }

    static <T> List<T> of(List<DtlsEvent> events, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (DtlsEvent e : events) if (type.isInstance(e)) out.add(type.cast(e));
        return out;
    }
}
