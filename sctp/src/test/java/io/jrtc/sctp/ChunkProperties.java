package io.jrtc.sctp;

import io.jrtc.core.Bytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every chunk and parameter round-trips; random and mutated bytes only ever raise SctpParseException. */
class ChunkProperties {

    static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xffffffffL);
    }

    static Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xffff);
    }

    static Arbitrary<Bytes> bytes(int max) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(max).map(Bytes::wrap);
    }

    static Arbitrary<Param> params() {
        return Arbitraries.oneOf(List.of(
                bytes(40).map(Param.StateCookie::new),
                bytes(8).map(Param.SupportedExtensions::new),
                Arbitraries.just(new Param.ForwardTsnSupported()),
                u32().map(Param.ZeroChecksumAcceptable::new),
                Combinators.combine(u32(), u32(), u32(), u16().list().ofMaxSize(6)).as(Param.OutgoingSsnReset::new),
                Combinators.combine(u32(), u16().list().ofMaxSize(6)).as(Param.IncomingSsnReset::new),
                u32().map(Param.SsnTsnReset::new),
                Combinators.combine(u32(), u32()).as(Param.ReconfigResponse::of),
                Combinators.combine(u32(), u32(), u32(), u32()).as((a, b, c, d) -> new Param.ReconfigResponse(a, b, true, c, d)),
                Combinators.combine(Arbitraries.of(true, false), u32(), u16()).as(Param.AddStreams::new),
                Combinators.combine(u16().filter(t -> !Param.KNOWN.contains(t)), bytes(20)).as(Param.Unknown::new)));
    }

    static Arbitrary<ErrorCause> causes() {
        return Combinators.combine(u16(), bytes(20)).as(ErrorCause::new);
    }

    static Arbitrary<Boolean> bool() {
        return Arbitraries.of(true, false);
    }

    @Provide
    static Arbitrary<Chunk> chunks() {
        Arbitrary<Chunk> data = Combinators.combine(bool(), bool(), bool(), bool(), u32(), u16(), u16(), u32())
                .as((i, u, b, e, tsn, sid, ssn, ppid) -> new Object[] {i, u, b, e, tsn, sid, ssn, ppid})
                .flatMap(a -> bytes(64).map(p -> (Chunk) new Chunk.Data((Boolean) a[0], (Boolean) a[1], (Boolean) a[2],
                        (Boolean) a[3], (Long) a[4], (Integer) a[5], (Integer) a[6], (Long) a[7], p)));
        Arbitrary<Chunk> idata = Combinators.combine(bool(), bool(), bool(), bool(), u32(), u16(), u32(), u32())
                .as((i, u, b, e, tsn, sid, mid, word) -> new Object[] {i, u, b, e, tsn, sid, mid, word})
                .flatMap(a -> bytes(64).map(p -> {
                    boolean b = (Boolean) a[2];
                    long w = (Long) a[7];
                    return (Chunk) new Chunk.IData((Boolean) a[0], (Boolean) a[1], b, (Boolean) a[3], (Long) a[4],
                            (Integer) a[5], (Long) a[6], b ? w : 0, b ? 0 : w, p);
                }));
        Arbitrary<Chunk> init = Combinators.combine(u32(), u32(), u16(), u16(), u32(), params().list().ofMaxSize(4))
                .as(Chunk.Init::new);
        Arbitrary<Chunk> initAck = Combinators.combine(u32(), u32(), u16(), u16(), u32(), params().list().ofMaxSize(4))
                .as(Chunk.InitAck::new);
        Arbitrary<Chunk> sack = Combinators.combine(u32(), u32(),
                Combinators.combine(u16(), u16()).as(Chunk.GapBlock::new).list().ofMaxSize(8),
                u32().list().ofMaxSize(8)).as(Chunk.Sack::new);
        Arbitrary<Chunk> fwd = Combinators.combine(u32(),
                Combinators.combine(u16(), u16()).as(Chunk.StreamSsn::new).list().ofMaxSize(5)).as(Chunk.ForwardTsn::new);
        Arbitrary<Chunk> ifwd = Combinators.combine(u32(),
                Combinators.combine(u16(), bool(), u32()).as(Chunk.StreamMid::new).list().ofMaxSize(5)).as(Chunk.IForwardTsn::new);
        Arbitrary<Chunk> unknown = Combinators.combine(Arbitraries.integers().between(0, 255).filter(t -> !Chunk.isKnown(t)),
                Arbitraries.integers().between(0, 255), bytes(30)).as(Chunk.Unknown::new);
        return Arbitraries.oneOf(List.of(data, idata, init, initAck, sack, fwd, ifwd, unknown,
                bytes(30).map(Chunk.Heartbeat::new), bytes(30).map(Chunk.HeartbeatAck::new),
                Combinators.combine(bool(), causes().list().ofMaxSize(3)).as(Chunk.Abort::new),
                u32().map(Chunk.Shutdown::new), Arbitraries.just(new Chunk.ShutdownAck()),
                bool().map(Chunk.ShutdownComplete::new), causes().list().ofMaxSize(3).map(Chunk.Error::new),
                bytes(50).map(Chunk.CookieEcho::new), Arbitraries.just(new Chunk.CookieAck()),
                params().list().ofMinSize(1).ofMaxSize(2).map(Chunk.ReConfig::new)));
    }

    @Provide
    static Arbitrary<SctpPacket> packets() {
        return Combinators.combine(u16(), u16(), u32(), chunks().list().ofMinSize(1).ofMaxSize(5)).as(SctpPacket::new);
    }

    @Property(tries = 400)
    void packetsRoundTrip(@ForAll("packets") SctpPacket p) throws Exception {
        byte[] wire = p.encode();
        assertEquals(p.encodedLength(), wire.length);
        assertEquals(p, SctpPacket.parse(wire));
        assertEquals(p, SctpPacket.parse(p.encode(true), true), "zero checksum accepted when announced");
    }

    @Property(tries = 200)
    void zeroChecksumRejectedUnlessAnnounced(@ForAll("packets") SctpPacket p) {
        byte[] wire = p.encode(true);
        if (SctpPacket.crc32c(wire, wire.length) == 0) {
            // one packet in 2^32 has a CRC32c of zero: then the zero field is simply right
            assertDoesNotThrow(() -> SctpPacket.parse(wire));
        } else {
            assertThrows(SctpParseException.class, () -> SctpPacket.parse(wire));
        }
    }

    @Property(tries = 500)
    void randomBytesOnlyRaiseParseException(@ForAll byte[] data, @ForAll boolean fixCrc) {
        if (fixCrc && data.length >= 12) SctpPacket.writeChecksum(data, data.length);
        try {
            SctpPacket.parse(data);
        } catch (SctpParseException expected) {
            // fine
        }
    }

    @Property(tries = 500)
    void mutatedPacketsOnlyRaiseParseException(@ForAll("packets") SctpPacket p,
                                               @ForAll("mutations") List<int[]> mutations, @ForAll boolean truncate) {
        byte[] wire = p.encode();
        for (int[] m : mutations) {
            int i = Math.floorMod(m[0], wire.length);
            wire[i] = (byte) m[1];
        }
        if (truncate) wire = java.util.Arrays.copyOf(wire, Math.max(0, wire.length - 1 - Math.floorMod(mutations.size() * 7, wire.length)));
        if (wire.length >= 12) SctpPacket.writeChecksum(wire, wire.length);
        try {
            SctpPacket.parse(wire);
        } catch (SctpParseException expected) {
            // fine
        }
    }

    @Provide
    static Arbitrary<List<int[]>> mutations() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 255))
                .as((a, b) -> new int[] {a, b}).list().ofMinSize(1).ofMaxSize(4);
    }
}
