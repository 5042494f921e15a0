package io.jrtc.dtls;

import io.jrtc.core.Bytes;
import io.jrtc.core.SrtpProfile;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class DtlsCodecProperties {

    @Property(tries = 300)
    void recordRoundTrip(@ForAll @IntRange(min = 0, max = 255) int type, @ForAll @IntRange(min = 0xFE00, max = 0xFEFF) int version,
                         @ForAll @IntRange(min = 0, max = 0xffff) int epoch, @ForAll @LongRange(min = 0, max = (1L << 48) - 1) long seq,
                         @ForAll @Size(max = 2000) byte[] fragment) throws Exception {
        DtlsRecord r = new DtlsRecord(type, version, epoch, seq, Bytes.of(fragment));
        assertEquals(List.of(r), DtlsRecord.parseAll(r.encode()));
        assertEquals(r.encodedLength(), r.encode().length);
    }

    @Property(tries = 300)
    void fragmentRoundTrip(@ForAll @IntRange(min = 0, max = 255) int type, @ForAll @IntRange(min = 0, max = 0xffff) int seq,
                           @ForAll @Size(max = 1500) byte[] body, @ForAll @IntRange(min = 0, max = 100) int offset, @ForAll @IntRange(min = 0, max = 100) int extra)
            throws Exception {
        HandshakeFragment f = new HandshakeFragment(type, offset + body.length + extra, seq, offset, Bytes.of(body));
        assertEquals(List.of(f), HandshakeFragment.parseAll(f.encode()));
    }

    @Property(tries = 200)
    void clientHelloRoundTrip(@ForAll @Size(value = 32) byte[] random, @ForAll @Size(max = 32) byte[] sid, @ForAll @Size(max = 255) byte[] cookie,
                              @ForAll @Size(min = 1, max = 50) List<@IntRange(min = 0, max = 0xffff) Integer> suites,
                              @ForAll @Size(max = 5) List<@Size(max = 300) byte[]> extData) throws Exception {
        List<Extension> exts = new ArrayList<>();
        for (int i = 0; i < extData.size(); i++) exts.add(new Extension(1000 + i, Bytes.of(extData.get(i))));
        Handshake.ClientHello ch = new Handshake.ClientHello(0xFEFD, Bytes.of(random), Bytes.of(sid), Bytes.of(cookie), suites,
                Bytes.of((byte) 0), exts);
        assertEquals(ch, Handshake.ClientHello.parse(ch.encode()));
    }

    @Property(tries = 1000)
    void randomBytesOnlyRaiseParseExceptions(@ForAll @Size(max = 600) byte[] data, @ForAll @IntRange(min = 0, max = 25) int type) {
        assertOnlyParseException(() -> DtlsRecord.parseAll(data));
        assertOnlyParseException(() -> HandshakeFragment.parseAll(data));
        assertOnlyParseException(() -> Handshake.parse(type, data));
    }

    @Property(tries = 500)
    void mutatedMessagesOnlyRaiseParseExceptions(@ForAll long seed) {
        Random rnd = new Random(seed);
        List<Handshake.Body> samples = List.of(
                new Handshake.ClientHello(0xFEFD, Bytes.wrap(new byte[32]), Bytes.EMPTY, Bytes.wrap(new byte[20]), List.of(0xC02B, 0xC02F),
                        Bytes.of((byte) 0), List.of(Extension.useSrtp(List.of(SrtpProfile.values())), Extension.renegotiationInfo())),
                new Handshake.ServerHello(0xFEFD, Bytes.wrap(new byte[32]), Bytes.EMPTY, 0xC02B, 0, List.of(Extension.pointFormats())),
                new Handshake.HelloVerifyRequest(0xFEFF, Bytes.wrap(new byte[20])),
                new Handshake.CertificateMessage(List.of(Bytes.wrap(new byte[300]), Bytes.wrap(new byte[10]))),
                new Handshake.ServerKeyExchange(29, Bytes.wrap(new byte[32]), 0x0403, Bytes.wrap(new byte[72])),
                new Handshake.CertificateRequest(Bytes.of((byte) 64), List.of(0x0403, 0x0804), Bytes.EMPTY),
                new Handshake.ClientKeyExchange(Bytes.wrap(new byte[65])),
                new Handshake.CertificateVerify(0x0403, Bytes.wrap(new byte[70])),
                new Handshake.Finished(Bytes.wrap(new byte[12])));
        Handshake.Body b = samples.get(rnd.nextInt(samples.size()));
        byte[] m = Mutations.mutate(b.encode(), rnd);
        assertOnlyParseException(() -> Handshake.parse(b.msgType(), m));
        assertOnlyParseException(() -> Extension.parseUseSrtp(Bytes.wrap(m)));
        assertOnlyParseException(() -> Extension.parseU16List(Bytes.wrap(m), "list"));
    }

    interface Parse {
        void run() throws Exception;
    }

    static void assertOnlyParseException(Parse p) {
        try {
            p.run();
        } catch (DtlsParseException expected) {
            assertNotNull(expected.getMessage());
        } catch (Exception e) {
            fail("unexpected " + e);
        }
    }
}
