package io.jrtc.rtp;

import io.jrtc.core.Bytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Every typed header extension value survives encode, an RTP packet, parse and decode. */
class ExtensionValueProperties {
    @Provide
    Arbitrary<ExtensionValue> values() {
        Arbitrary<String> ids = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(16);
        return Arbitraries.oneOf(
                ids.map(ExtensionValue.Mid::new),
                ids.map(ExtensionValue.RtpStreamId::new),
                ids.map(ExtensionValue.RepairedRtpStreamId::new),
                Arbitraries.integers().between(0, 0xffffff).map(ExtensionValue.AbsSendTime::new),
                Arbitraries.integers().between(0, 0xffff).map(ExtensionValue.TransportSequence::new),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 127)).as(ExtensionValue.AudioLevel::new),
                Arbitraries.integers().between(-(1 << 23), (1 << 23) - 1).map(ExtensionValue.TransmissionOffset::new),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(0, 90, 180, 270))
                        .as(ExtensionValue.VideoOrientation::new),
                Combinators.combine(Arbitraries.integers().between(0, 4095), Arbitraries.integers().between(0, 4095))
                        .as(ExtensionValue.PlayoutDelay::new));
    }

    @Property(tries = 300)
    void typedValuesRoundTrip(@ForAll("values") ExtensionValue a, @ForAll("values") ExtensionValue b) throws Exception {
        ExtensionRegistry reg = ExtensionRegistry.webrtcDefaults();
        List<ExtensionValue> in = a.uri().equals(b.uri()) ? List.of(a) : List.of(a, b);
        RtpPacket p = RtpPacket.of(false, 96, 1, 2, 3, Bytes.EMPTY).withExtension(reg.encode(in));
        RtpPacket back = RtpPacket.parse(p.encode());
        assertEquals(in, reg.decode(back.extension()));
        assertEquals(a, reg.find(back.extension(), a.uri()).orElseThrow());
    }

    @Property(tries = 300)
    void anyBytesUnderAKnownUriOnlyRaiseParseException(@ForAll byte[] data, @ForAll("values") ExtensionValue kind) {
        try {
            ExtensionValue.decode(kind.uri(), Bytes.of(data));
        } catch (RtpParseException expected) {
            // fine
        }
    }
}
