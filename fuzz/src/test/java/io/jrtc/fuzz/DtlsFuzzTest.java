package io.jrtc.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.DtlsParseException;
import io.jrtc.dtls.DtlsRecord;

import io.jrtc.testkit.Seeds;

import java.time.Instant;

/** DTLS: the record parser, and both roles fed hostile datagrams. */
class DtlsFuzzTest {
    static {
        Drain.rethrowEngineErrors();
    }

    /** Every run is reproducible: fixed seeds for the certificate and every endpoint's randomness. */
    static final Instant CERT_TIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.selfSignedEcdsa(Seeds.secureRandom(1), CERT_TIME);

    @FuzzTest(maxDuration = "60s")
    void records(byte[] data) {
        try {
            DtlsRecord.parseAll(data);
        } catch (DtlsParseException expected) {
            // only this may come out
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
