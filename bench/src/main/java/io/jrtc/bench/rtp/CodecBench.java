package io.jrtc.bench.rtp;

import io.jrtc.bench.Payloads;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.codec.H264Depacketizer;
import io.jrtc.rtp.codec.H264Packetizer;
import io.jrtc.rtp.codec.NalUnits;
import io.jrtc.rtp.codec.Vp8Depacketizer;
import io.jrtc.rtp.codec.Vp8Packetizer;
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
 * Packetize and depacketize throughput for a 50 000-byte frame at 1188-byte payloads (MTU 1200):
 * VP8 (descriptor + equal cuts) and H.264 (SPS/PPS STAP-A + FU-A). Frames per second; multiply by
 * 50 000 for bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBench {
    static final int FRAME = 50_000;
    static final int PAYLOAD = 1188;
    byte[] vp8Frame;
    byte[] h264Frame;
    List<byte[]> vp8Packets;
    List<byte[]> h264Packets;
    final Vp8Packetizer vp8 = new Vp8Packetizer(0);
    final H264Packetizer h264 = new H264Packetizer(1);
    final Vp8Depacketizer vp8d = new Vp8Depacketizer();
    final H264Depacketizer h264d = new H264Depacketizer();

    @Setup
    public void setup() {
        vp8Frame = Payloads.random(2, FRAME);
        vp8Frame[0] = 0x10;
        byte[] idr = Payloads.random(3, FRAME);
        for (int i = 0; i < idr.length; i++) {
            if (idr[i] == 0) {
                idr[i] = 1;
            }
        }
        idr[0] = 0x65;
        h264Frame = NalUnits.join(List.of(new byte[] {0x67, 0x42, (byte) 0xc0, 0x1e, 0x11}, new byte[] {0x68, (byte) 0xce, 0x3c, (byte) 0x80}, idr));
        vp8Packets = vp8.packetize(vp8Frame, PAYLOAD);
        h264Packets = h264.packetize(h264Frame, PAYLOAD);
    }

    @Benchmark
    public List<byte[]> vp8Packetize() {
        return vp8.packetize(vp8Frame, PAYLOAD);
    }

    @Benchmark
    public byte[] vp8Depacketize() throws RtpParseException {
        return vp8d.depacketize(vp8Packets);
    }

    @Benchmark
    public List<byte[]> h264Packetize() {
        return h264.packetize(h264Frame, PAYLOAD);
    }

    @Benchmark
    public byte[] h264Depacketize() throws RtpParseException {
        return h264d.depacketize(h264Packets);
    }
}
