package io.jrtc.bench.rtp;

import io.jrtc.bench.Payloads;
import io.jrtc.core.Bytes;
import io.jrtc.rtp.ExtensionElement;
import io.jrtc.rtp.ExtensionBlock;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpView;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What an SFU does per forwarded packet: read the header (and the transport-cc extension), rewrite
 * sequence number, timestamp, SSRC and payload type in place. Compared with a full parse into the
 * {@link RtpPacket} value. A 1200-byte packet with a one-byte extension block.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RtpHeaderBench {
    byte[] packet;
    final RtpView view = new RtpView();
    int seq;

    @Setup
    public void setup() {
        ExtensionBlock ext = ExtensionBlock.of(List.of(new ExtensionElement(3, Bytes.fromHex("1234")),
                new ExtensionElement(4, Bytes.wrap("0".getBytes()))));
        packet = RtpPacket.of(true, 96, 1000, 90000, 0x11223344L, Bytes.wrap(Payloads.random(1, 1200 - 24)))
                .withExtension(ext).encode();
    }

    @Benchmark
    public long viewRewriteInPlace() throws RtpParseException {
        RtpView v = view.wrap(packet, 0, packet.length);
        int at = v.findExtension(3);
        v.setSequenceNumber(v.sequenceNumber() + 1);
        v.setTimestamp(v.timestamp() + 3000);
        v.setSsrc(0x55667788L);
        v.setPayloadType(100);
        return at + v.payloadLength();
    }

    @Benchmark
    public RtpPacket parseValue() throws RtpParseException {
        return RtpPacket.parse(packet);
    }

    @Benchmark
    public byte[] parseRewriteEncodeValue() throws RtpParseException {
        RtpPacket p = RtpPacket.parse(packet);
        return p.withHeader(100, (p.sequenceNumber() + 1) & 0xffff, (p.timestamp() + 3000) & 0xffffffffL, 0x55667788L).encode();
    }
}
