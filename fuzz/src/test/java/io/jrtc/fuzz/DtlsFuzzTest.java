package io.jrtc.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.DtlsParseException;
import io.jrtc.dtls.DtlsRecord;
import io.jrtc.dtls.Handshake;
import io.jrtc.dtls.HandshakeFragment;

import io.jrtc.testkit.Seeds;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** DTLS: the record and handshake parsers, and both roles fed hostile datagrams. */
class DtlsFuzzTest {
    static {
        Drain.rethrowEngineErrors();
    }

    /** Every run is reproducible: fixed seeds for the certificate and every endpoint's randomness. */
    static final Instant CERT_TIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.selfSignedEcdsa(Seeds.secureRandom(1), CERT_TIME);

    /** Handshake message types with a body parser, for {@link #handshake}'s direct path. */
    static final int[] HANDSHAKE_TYPES = {Handshake.CLIENT_HELLO, Handshake.SERVER_HELLO, Handshake.HELLO_VERIFY_REQUEST,
        Handshake.CERTIFICATE, Handshake.SERVER_KEY_EXCHANGE, Handshake.CERTIFICATE_REQUEST, Handshake.SERVER_HELLO_DONE,
        Handshake.CLIENT_KEY_EXCHANGE, Handshake.CERTIFICATE_VERIFY, Handshake.FINISHED};

    /** A datagram of DTLS records: what parses must encode back to the same records. */
    @FuzzTest(maxDuration = "60s")
    void records(byte[] data) {
        List<DtlsRecord> records;
        try {
            records = DtlsRecord.parseAll(data);
        } catch (DtlsParseException expected) {
            return; // only this may come out
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DtlsRecord r : records) {
            out.writeBytes(r.encode());
        }
        try {
            Same.value("DTLS records", records, DtlsRecord.parseAll(out.toByteArray()));
        } catch (DtlsParseException e) {
            throw Same.ownEncodingRejected("DTLS records", e);
        }
    }

    /**
     * A handshake record's plaintext: its fragments, and the body of every whole message by type (ClientHello
     * with its extensions, ServerHello, HelloVerifyRequest, Certificate, ServerKeyExchange, CertificateRequest,
     * ServerHelloDone, ClientKeyExchange, CertificateVerify, Finished); each must survive its encoder. Besides,
     * the first byte picks a message type and the rest goes to that body parser directly, so that every parser
     * is reached without the fragment header.
     */
    @FuzzTest(maxDuration = "60s")
    void handshake(byte[] data) {
        try {
            List<HandshakeFragment> fragments = HandshakeFragment.parseAll(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (HandshakeFragment f : fragments) {
                out.writeBytes(f.encode());
                if (f.isWholeMessage()) {
                    body(f.msgType(), f.body().toByteArray());
                }
            }
            Same.value("handshake fragments", fragments, HandshakeFragment.parseAll(out.toByteArray()));
        } catch (DtlsParseException expected) {
            // only this may come out
        }
        if (data.length > 0) {
            body(HANDSHAKE_TYPES[(data[0] & 0xff) % HANDSHAKE_TYPES.length], Arrays.copyOfRange(data, 1, data.length));
        }
    }

    private static void body(int type, byte[] body) {
        Handshake.Body parsed;
        try {
            parsed = Handshake.parse(type, body);
        } catch (DtlsParseException expected) {
            return; // only this may come out
        }
        try {
            Same.value(Handshake.name(type), parsed, Handshake.parse(type, parsed.encode()));
        } catch (DtlsParseException e) {
            throw Same.ownEncodingRejected(Handshake.name(type), e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void endpoint(FuzzedDataProvider in) {
        DtlsConfig config = DtlsConfig.builder().certificate(CERTIFICATE).random(Seeds.secureRandom(2)).build();
        DtlsEndpoint endpoint = in.consumeBoolean() ? DtlsEndpoint.client(config) : DtlsEndpoint.server(config);
        long now = 0;
        endpoint.start(now);
        Drain.engine(endpoint);
        while (in.remainingBytes() > 0) {
            now += in.consumeLong(0, 2_000_000_000L);
            endpoint.handleInput(now, in.consumeBytes(in.consumeInt(0, 1500)));
            if (in.consumeBoolean()) {
                endpoint.handleTimeout(now);
            }
            Drain.engine(endpoint);
        }
    }
}
