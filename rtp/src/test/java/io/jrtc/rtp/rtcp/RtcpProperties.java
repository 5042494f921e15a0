package io.jrtc.rtp.rtcp;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Round trips of every RTCP packet type, and mutated datagrams raising only RtpParseException. */
class RtcpProperties {
    static long u32(SplittableRandom r) {
        return r.nextLong(1L << 32);
    }

    static Bytes bytes(SplittableRandom r, int max, int multiple) {
        byte[] b = new byte[r.nextInt(max / multiple + 1) * multiple];
        r.nextBytes(b);
        return Bytes.wrap(b);
    }

    static ReportBlock block(SplittableRandom r) {
        return new ReportBlock(u32(r), r.nextInt(256), r.nextInt(-(1 << 23), 1 << 23), u32(r), u32(r), u32(r), u32(r));
    }

    static List<ReportBlock> blocks(SplittableRandom r) {
        List<ReportBlock> out = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            out.add(block(r));
        }
        return out;
    }

    /** A random packet of type {@code kind} (0..12 covers every record). */
    static RtcpPacket packet(SplittableRandom r, int kind) {
        switch (kind) {
            case 0:
                return new SenderReport(u32(r), r.nextLong(), u32(r), u32(r), u32(r), blocks(r), bytes(r, 8, 4));
            case 1:
                return new ReceiverReport(u32(r), blocks(r), bytes(r, 8, 4));
            case 2: {
                List<SourceDescription.Chunk> chunks = new ArrayList<>();
                for (int c = r.nextInt(3); c > 0; c--) {
                    List<SourceDescription.Item> items = new ArrayList<>();
                    for (int i = r.nextInt(3); i > 0; i--) {
                        items.add(new SourceDescription.Item(1 + r.nextInt(8), bytes(r, 20, 1)));
                    }
                    chunks.add(new SourceDescription.Chunk(u32(r), items));
                }
                return new SourceDescription(chunks);
            }
            case 3: {
                List<Long> ssrcs = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    ssrcs.add(u32(r));
                }
                return new Goodbye(ssrcs, bytes(r, 30, 1));
            }
            case 4:
                return new AppPacket(r.nextInt(32), u32(r), Bytes.wrap("abcd".getBytes()), bytes(r, 16, 4));
            case 5: {
                List<ExtendedReport.Block> bl = new ArrayList<>();
                bl.add(new ExtendedReport.ReceiverReferenceTime(r.nextLong()));
                bl.add(new ExtendedReport.Dlrr(List.of(new ExtendedReport.DlrrItem(u32(r), u32(r), u32(r)))));
                bl.add(new ExtendedReport.UnknownBlock(7, r.nextInt(256), bytes(r, 12, 4)));
                return new ExtendedReport(u32(r), bl.subList(0, r.nextInt(4)));
            }
            case 6: {
                List<Integer> lost = new ArrayList<>();
                for (int i = r.nextInt(1, 30); i > 0; i--) {
                    lost.add(r.nextInt(65536));
                }
                return GenericNack.of(u32(r), u32(r), lost);
            }
            case 7:
                return new PictureLossIndication(u32(r), u32(r));
            case 8:
                return new FullIntraRequest(u32(r), 0, List.of(new FullIntraRequest.Entry(u32(r), r.nextInt(256))));
            case 9:
                return new Remb(u32(r), 0, r.nextLong(1L << 40), List.of(u32(r)));
            case 10: {
                List<TransportCcFeedback.PacketResult> res = new ArrayList<>();
                int n = r.nextInt(1, 60);
                boolean bursty = r.nextBoolean();
                for (int i = 0; i < n; i++) {
                    boolean got = bursty ? (i / 20) % 2 == 0 : r.nextInt(4) != 0;
                    int d = r.nextInt(10) == 0 ? r.nextInt(-500, 5000) : r.nextInt(256);
                    res.add(new TransportCcFeedback.PacketResult(i, got, got ? d : 0));
                }
                int base = r.nextInt(65536);
                List<TransportCcFeedback.PacketResult> fixed = new ArrayList<>();
                for (TransportCcFeedback.PacketResult x : res) {
                    fixed.add(new TransportCcFeedback.PacketResult((base + x.sequence()) & 0xffff, x.received(), x.deltaTicks()));
                }
                TransportCcFeedback f = TransportCcFeedback.build(u32(r), u32(r), base, r.nextInt(-(1 << 23), 1 << 23), r.nextInt(256), fixed);
                assertEquals(fixed, f.packetResults());
                return f;
            }
            case 11: {
                List<CongestionControlFeedback.Metric> m = new ArrayList<>();
                for (int i = r.nextInt(9); i > 0; i--) {
                    m.add(new CongestionControlFeedback.Metric(r.nextBoolean(), r.nextInt(4), r.nextInt(0x2000)));
                }
                return new CongestionControlFeedback(u32(r), List.of(new CongestionControlFeedback.StreamReport(u32(r), r.nextInt(65536), m)), u32(r));
            }
            default:
                return new UnknownRtcp(210 + r.nextInt(5), r.nextInt(32), bytes(r, 16, 4));
        }
    }

    static List<RtcpPacket> compound(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<RtcpPacket> out = new ArrayList<>();
        for (int i = r.nextInt(1, 5); i > 0; i--) {
            out.add(packet(r, r.nextInt(13)));
        }
        return out;
    }

    @Property(tries = 400)
    void everyTypeRoundTrips(@ForAll long seed) throws Exception {
        List<RtcpPacket> p = compound(seed);
        byte[] wire = RtcpPacket.encodeCompound(p);
        assertEquals(p, RtcpPacket.parseCompound(wire));
    }

    @Property(tries = 13)
    void eachKindAlone(@ForAll long seed) throws Exception {
        for (int kind = 0; kind < 13; kind++) {
            RtcpPacket p = packet(new SplittableRandom(seed), kind);
            assertEquals(List.of(p), RtcpPacket.parseCompound(p.encode()), "kind " + kind);
        }
    }

    @Property(tries = 1000)
    void mutatedOnlyRaiseParseException(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] wire = RtcpPacket.encodeCompound(compound(seed));
        for (int i = r.nextInt(1, 5); i > 0; i--) {
            wire[r.nextInt(wire.length)] = (byte) r.nextInt(256);
        }
        int len = r.nextInt(4) == 0 ? r.nextInt(wire.length + 1) : wire.length;
        try {
            for (RtcpPacket p : RtcpPacket.parseCompound(wire, 0, len)) {
                p.encode();
                if (p instanceof TransportCcFeedback) {
                    ((TransportCcFeedback) p).packetResults();
                }
            }
        } catch (RtpParseException expected) {
            // fine
        }
    }
}
