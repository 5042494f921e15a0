package io.jrtc.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.DtlsParseException;
import io.jrtc.dtls.DtlsRecord;

import java.security.SecureRandom;

/** DTLS: the record parser, and both roles fed hostile datagrams. */
class DtlsFuzzTest {
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.selfSignedEcdsa(new SecureRandom(), java.time.Instant.parse("2026-01-01T00:00:00Z"));

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
        DtlsConfig config = DtlsConfig.builder().certificate(CERTIFICATE).random(new SecureRandom()).build();
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
