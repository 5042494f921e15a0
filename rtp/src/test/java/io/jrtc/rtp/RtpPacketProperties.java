package io.jrtc.rtp;

import io.jrtc.core.Bytes;
import net.jqwik.api.*;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RtpPacketProperties {
    @Provide
    Arbitrary<RtpPacket> packets() {
        Arbitrary<List<ExtensionElement>> elements = Combinators.combine(Arbitraries.integers().between(1, 20),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(20))
                .as((id, d) -> new ExtensionElement(id, Bytes.of(d))).list().ofMaxSize(4);
        Arbitrary<ExtensionBlock> ext = elements.map(ExtensionBlock::of).injectNull(0.3);
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 127),
                Arbitraries.integers().between(0, 65535), Arbitraries.longs().between(0, 0xffffffffL),
                Arbitraries.longs().between(0, 0xffffffffL).list().ofMaxSize(15), ext,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100), Arbitraries.integers().between(0, 20))
                .as((m, pt, seq, ts, csrcs, x, payload, pad) -> new RtpPacket(m, pt, seq, ts, 0xcafebabeL, csrcs, x, Bytes.of(payload), pad));
    }

    @Property(tries = 300)
    void roundTrip(@ForAll("packets") RtpPacket p) throws Exception {
        byte[] b = p.encode();
        assertEquals(p, RtpPacket.parse(b));
        RtpView v = new RtpView().wrap(b, 0, b.length);
        assertEquals(p.sequenceNumber(), v.sequenceNumber());
        assertEquals(p.timestamp(), v.timestamp());
        assertEquals(p.payload().length(), v.payloadLength());
        if (p.extension() != null) {
            for (ExtensionElement e : p.extension().elements()) {
                int at = v.findExtension(e.id());
                assertTrue(at > 0);
            }
        }
    }

    @Property(tries = 500)
    void mutatedOnlyRaiseParseException(@ForAll("packets") RtpPacket p, @ForAll long seed) {
        byte[] b = p.encode();
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < 1 + r.nextInt(4); i++) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        int len = r.nextInt(b.length + 1);
        try {
            RtpPacket q = RtpPacket.parse(b, 0, len);
            if (q.extension() != null) {
                q.extension().elements();
            }
            new ExtensionRegistry().register(1, ExtensionValue.MID).register(2, ExtensionValue.PLAYOUT_DELAY).decode(q.extension());
        } catch (RtpParseException expected) {
            // fine
        }
        try {
            RtpView v = new RtpView().wrap(b, 0, len);
            for (int id = 1; id < 16; id++) {
                v.findExtension(id);
            }
        } catch (RtpParseException expected) {
            // fine
        }
    }

    @Property(tries = 200)
    void randomBytesOnlyRaiseParseException(@ForAll byte[] b) {
        List<Object> sink = new ArrayList<>();
        try {
            sink.add(RtpPacket.parse(b));
        } catch (RtpParseException expected) {
            // fine
        }
    }
}
