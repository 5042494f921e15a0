package io.jrtc.bench.dtls;

import io.jrtc.dtls.CipherSuite;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.DtlsEvent;
import io.jrtc.dtls.DtlsParseException;
import io.jrtc.dtls.DtlsRecord;
import io.jrtc.dtls.RecordProtection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * DTLS 1.2: a full handshake in memory (client and server endpoints, ECDSA P-256 certificates, X25519,
 * AES-128-GCM, mutual authentication, extended master secret, use_srtp), and AES-GCM record
 * protection of 1200-byte plaintexts.
 */
@State(Scope.Thread)
public class DtlsBenchmark {
    private DtlsConfig clientConfig;
    private DtlsConfig serverConfig;
    private RecordProtection sealer;
    private RecordProtection opener;
    private RecordProtection chachaSealer;
    private byte[] plaintext;
    private byte[] sealed;
    private byte[] sealedFragment;
    private long seq;
    private DtlsEndpoint a;
    private DtlsEndpoint b;

    @Setup
    public void setup() {
        SecureRandom r = new SecureRandom();
        DtlsCertificate cc = DtlsCertificate.selfSignedEcdsa(r, java.time.Instant.now());
        DtlsCertificate sc = DtlsCertificate.selfSignedEcdsa(r, java.time.Instant.now());
        clientConfig = DtlsConfig.builder().certificate(cc).random(r).expectedPeerFingerprint(sc.fingerprint()).build();
        serverConfig = DtlsConfig.builder().certificate(sc).random(r).expectedPeerFingerprint(cc.fingerprint()).build();
        byte[] key = new byte[16];
        byte[] iv = new byte[4];
        r.nextBytes(key);
        r.nextBytes(iv);
        sealer = new RecordProtection(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, key, iv);
        opener = new RecordProtection(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, key, iv);
        byte[] ckey = new byte[32];
        r.nextBytes(ckey);
        chachaSealer = new RecordProtection(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, ckey, new byte[12]);
        plaintext = new byte[1200];
        r.nextBytes(plaintext);
        sealed = sealer.seal(23, DtlsRecord.DTLS_1_2, 1, 7, plaintext, 0, plaintext.length);
        sealedFragment = java.util.Arrays.copyOfRange(sealed, DtlsRecord.HEADER_LENGTH, sealed.length);
        a = handshake();
    }

    private DtlsEndpoint handshake() {
        DtlsEndpoint client = DtlsEndpoint.client(clientConfig);
        DtlsEndpoint server = DtlsEndpoint.server(serverConfig);
        long now = 0;
        client.start(now);
        boolean moved = true;
        while (moved) {
            moved = false;
            for (byte[] d; (d = client.pollTransmit()) != null; moved = true) server.handleInput(now, d);
            for (byte[] d; (d = server.pollTransmit()) != null; moved = true) client.handleInput(now, d);
        }
        if (!client.isEstablished() || !server.isEstablished()) throw new IllegalStateException("handshake failed");
        b = server;
        return client;
    }

    /** One complete handshake, both roles, in memory (two ECDSA signatures, two verifications, two X25519). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public DtlsEndpoint fullHandshake() {
        return handshake();
    }

    /** AES-128-GCM protection of a 1200-byte plaintext into a record. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] protectAesGcm1200() {
        return sealer.seal(23, DtlsRecord.DTLS_1_2, 1, seq++ & DtlsRecord.MAX_SEQUENCE, plaintext, 0, plaintext.length);
    }

    /** AES-128-GCM authentication and decryption of a 1200-byte record. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] unprotectAesGcm1200() throws DtlsParseException {
        return opener.open(23, DtlsRecord.DTLS_1_2, 1, 7, sealedFragment, 0, sealedFragment.length);
    }

    /** ChaCha20-Poly1305 protection of a 1200-byte plaintext, for comparison. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] protectChaCha1200() {
        return chachaSealer.seal(23, DtlsRecord.DTLS_1_2, 1, seq++ & DtlsRecord.MAX_SEQUENCE, plaintext, 0, plaintext.length);
    }

    /** Endpoint to endpoint: send 1200 bytes, pack the datagram, receive, replay-check, decrypt, emit the event. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public DtlsEvent endpointSendReceive1200() {
        a.send(plaintext);
        b.handleInput(0, a.pollTransmit());
        return b.pollEvent();
    }
}
