package io.jrtc.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.sctp.SctpAssociation;
import io.jrtc.sctp.SctpConfig;
import io.jrtc.sctp.SctpPacket;
import io.jrtc.sctp.SctpParseException;

import java.util.SplittableRandom;

/** SCTP: the packet parser (CRC off, to reach the chunks) and an association fed hostile packets. */
class SctpFuzzTest {
    static {
        Drain.rethrowEngineErrors();
    }

    @FuzzTest(maxDuration = "60s")
    void packet(byte[] data) {
        try {
            SctpPacket.parse(data, true);
        } catch (SctpParseException expected) {
            // only this may come out
        }
    }

    @FuzzTest(maxDuration = "60s")
    void association(FuzzedDataProvider in) {
        SctpAssociation a = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(1)).withZeroChecksum(true));
        long now = 0;
        if (in.consumeBoolean()) {
            a.connect(now);
        }
        while (in.remainingBytes() > 0) {
            now += in.consumeLong(0, 5_000_000_000L);
            a.handleInput(now, in.consumeBytes(in.consumeInt(0, 1500)));
            if (in.consumeBoolean()) {
                a.handleTimeout(now);
            }
            Drain.engine(a);
        }
    }
}
