package io.jrtc.rtp.codec;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpParseException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CodecTest {
    static byte[] hex(String h) {
        return Bytes.fromHex(h).toByteArray();
    }

    static byte[] filled(int len, int seed) {
        byte[] b = new byte[len];
        new java.util.SplittableRandom(seed).nextBytes(b);
        for (int i = 0; i < len; i++) {
            if (b[i] == 0) {
                b[i] = 1; // no start code emulation or trailing zero in NAL unit payloads
            }
        }
        return b;
    }

    @Test
    void vp8DescriptorPictureIdAndKeyframe() throws Exception {
        Vp8Packetizer p = new Vp8Packetizer(0x7ffe);
        byte[] key = filled(2500, 1);
        key[0] = (byte) 0x10; // P bit 0: keyframe
        List<byte[]> a = p.packetize(key, 1000);
        assertEquals(3, a.size());
        Vp8Depacketizer d = new Vp8Depacketizer();
        assertTrue(d.isFrameStart(a.get(0)) && d.isKeyframe(a.get(0)));
        assertFalse(d.isFrameStart(a.get(1)));
        assertEquals(0x7ffe, Vp8Depacketizer.pictureId(a.get(0)));
        assertArrayEquals(hex("90 80 ff fe"), java.util.Arrays.copyOf(a.get(0), 4));
        byte[] inter = filled(100, 2);
        inter[0] = 0x11;
        List<byte[]> b = p.packetize(inter, 1000);
        assertEquals(0x7fff, Vp8Depacketizer.pictureId(b.get(0)));
        assertFalse(d.isKeyframe(b.get(0)));
        assertEquals(0, Vp8Depacketizer.pictureId(p.packetize(inter, 1000).get(0)), "15-bit picture id wraps");
        assertArrayEquals(key, d.depacketize(a));
        // RFC 7741 descriptor with all optional fields: X, I (7-bit id), L, T/K
        assertEquals(5, Vp8Depacketizer.descriptorLength(hex("90 f0 05 01 02 99")));
        assertEquals(5, Vp8Depacketizer.pictureId(hex("90 f0 05 01 02 99")));
    }

    @Test
    void h264ModesAndParameterSets() throws Exception {
        byte[] sps = hex("67 42 c0 1e da 02 80 bf e5 84 00 00 03 00 04");
        byte[] pps = hex("68 ce 3c 80");
        byte[] idr = filled(3000, 3);
        idr[0] = 0x65;
        idr[1] = (byte) 0x88; // first_mb_in_slice = 0
        byte[] au = NalUnits.join(List.of(sps, pps, idr));
        H264Packetizer mode1 = new H264Packetizer(1);
        List<byte[]> pk = mode1.packetize(au, 1200);
        assertEquals(24, pk.get(0)[0] & 0x1f, "SPS and PPS aggregated in a STAP-A");
        assertEquals(28, pk.get(1)[0] & 0x1f, "IDR cut into FU-A");
        assertEquals(0x80 | 5, pk.get(1)[1] & 0xff, "FU header start bit and type 5");
        assertEquals(0x40 | 5, pk.get(pk.size() - 1)[1] & 0xff, "FU header end bit");
        H264Depacketizer d = new H264Depacketizer();
        assertTrue(d.isFrameStart(pk.get(0)) && d.isKeyframe(pk.get(0)));
        assertArrayEquals(au, d.depacketize(pk));

        // an IDR sent alone gets the last SPS and PPS in front
        List<byte[]> again = mode1.packetize(NalUnits.join(List.of(idr)), 1200);
        assertArrayEquals(au, d.depacketize(again));

        // mode 0: one NAL per packet, never aggregated or fragmented
        H264Packetizer mode0 = new H264Packetizer(0);
        List<byte[]> single = mode0.packetize(au, 4000);
        assertEquals(3, single.size());
        assertArrayEquals(sps, single.get(0));
        assertArrayEquals(au, d.depacketize(single));
        assertThrows(IllegalArgumentException.class, () -> mode0.packetize(au, 1200));

        assertThrows(RtpParseException.class, () -> d.depacketize(List.of(hex("7c 05 11")))); // FU continuation without start
        assertThrows(RtpParseException.class, () -> d.depacketize(List.of(hex("78 00 09 67")))); // STAP-A size past end
        assertThrows(RtpParseException.class, () -> d.depacketize(List.of(hex("79 00")))); // STAP-B unsupported
    }

    @Test
    void h265AggregationAndFragmentation() throws Exception {
        byte[] vps = hex("40 01 0c 01 ff ff");
        byte[] sps = hex("42 01 01 01 60 90");
        byte[] pps = hex("44 01 c1 72 b4 62");
        byte[] idr = filled(2000, 4);
        idr[0] = 0x28; // type 20 IDR_N_LP
        idr[1] = 0x01;
        idr[2] = (byte) 0xaf; // first_slice_segment_in_pic_flag
        byte[] au = NalUnits.join(List.of(vps, sps, pps, idr));
        List<byte[]> pk = new H265Packetizer().packetize(au, 800);
        assertEquals(48, (pk.get(0)[0] >>> 1) & 0x3f, "parameter sets in an AP");
        assertEquals(49, (pk.get(1)[0] >>> 1) & 0x3f, "IDR in FUs");
        assertEquals(0x80 | 20, pk.get(1)[2] & 0xff);
        H265Depacketizer d = new H265Depacketizer();
        assertTrue(d.isKeyframe(pk.get(0)));
        assertFalse(d.isFrameStart(pk.get(2)));
        assertArrayEquals(au, d.depacketize(pk));
        assertTrue(H265Packetizer.isKeyframe(au));
    }

    @Test
    void vp9FlexibleAndNonFlexible() throws Exception {
        byte[] key = filled(1500, 5);
        key[0] = (byte) 0x82; // frame_marker 2, profile 0, show_existing 0, frame_type 0 (key)
        byte[] inter = filled(700, 6);
        inter[0] = (byte) 0x86; // frame_type 1
        assertTrue(Vp9Packetizer.isKeyframe(key));
        assertFalse(Vp9Packetizer.isKeyframe(inter));
        Vp9Depacketizer d = new Vp9Depacketizer();
        for (boolean flexible : new boolean[] {false, true}) {
            Vp9Packetizer p = new Vp9Packetizer(5, flexible);
            List<byte[]> k = p.packetize(key, 600);
            List<byte[]> i = p.packetize(inter, 600);
            assertEquals(flexible ? 0x10 : 0x20, k.get(0)[0] & 0x30, "F or L bit");
            assertTrue(d.isKeyframe(k.get(0)));
            assertEquals(0x02, k.get(0)[0] & 0x02, "scalability structure on the keyframe");
            assertEquals(0x04, k.get(k.size() - 1)[0] & 0x0c, "E only on the last packet");
            assertFalse(d.isKeyframe(i.get(0)));
            assertTrue(d.isFrameStart(i.get(0)));
            assertArrayEquals(key, d.depacketize(k));
            assertArrayEquals(inter, d.depacketize(i));
        }
        // RFC 9628 descriptor with SS carrying resolution (Y) and one picture group entry (G) with one P_DIFF
        byte[] ss = hex("8a 81 02 18 00 a0 00 78 01 04 01 aa");
        assertEquals(11, Vp9Depacketizer.descriptorLength(ss));
        assertThrows(RtpParseException.class, () -> Vp9Depacketizer.descriptorLength(hex("5a 03 03 03 03")));
    }

    @Test
    void vp9KeyframeCarriesResolutionInScalabilityStructure() throws Exception {
        byte[] key = Samples.frames(CodecType.VP9).get(0);
        assertArrayEquals(new int[] {160, 120}, Vp9Packetizer.keyframeSize(key));
        byte[] first = new Vp9Packetizer(0, false).packetize(key, 1200).get(0);
        // I P L F B E V Z = 1 0 1 0 1 x 1 0, picture id (2), layer byte, TL0PICIDX, SS: 0x10, 160, 120
        assertEquals(0x10, first[5] & 0xff);
        assertEquals(160, ((first[6] & 0xff) << 8) | (first[7] & 0xff));
        assertEquals(120, ((first[8] & 0xff) << 8) | (first[9] & 0xff));
        assertEquals(10, Vp9Depacketizer.descriptorLength(first));
    }

    @Test
    void rtcpDemultiplexing() {
        assertTrue(io.jrtc.rtp.RtpPacket.isRtcp(hex("80 c8 00 06"), 0, 4));
        assertFalse(io.jrtc.rtp.RtpPacket.isRtcp(hex("80 60 00 06"), 0, 4));
        assertFalse(io.jrtc.rtp.RtpPacket.isRtcp(hex("80 e0 00 06"), 0, 4), "marker + PT 96 is RTP");
    }

    @Test
    void av1AggregationHeaderAndFragments() throws Exception {
        // TU: temporal delimiter, sequence header (5 bytes), frame OBU of 1000 bytes, all with size fields
        byte[] seqHdr = hex("0a 05 00 00 00 24 c4");
        byte[] frameObu = new byte[3 + 1000];
        frameObu[0] = 0x32; // type 6 (frame), has size
        frameObu[1] = (byte) 0xe8; // leb128 1000 = 0xe8 0x07
        frameObu[2] = 0x07;
        System.arraycopy(filled(1000, 7), 0, frameObu, 3, 1000);
        byte[] tu = concat(hex("12 00"), seqHdr, frameObu);
        List<byte[]> pk = new Av1Packetizer().packetize(tu, 400);
        assertEquals(3, pk.size());
        assertEquals(0x08, pk.get(0)[0] & 0x08, "N on the first packet of a coded video sequence");
        assertEquals(0x40, pk.get(0)[0] & 0xc0, "Y: first packet ends in a fragment");
        assertEquals(0xc0, pk.get(1)[0] & 0xc0, "Z and Y on the middle packet");
        assertEquals(0x80 | 0x10, pk.get(2)[0] & 0xf0, "Z and W=1 on the last packet");
        Av1Depacketizer d = new Av1Depacketizer();
        assertTrue(d.isKeyframe(pk.get(0)));
        assertFalse(d.isFrameStart(pk.get(1)));
        assertArrayEquals(tu, d.depacketize(pk));
        // W=0: every element carries its length
        byte[] w0 = concat(hex("00 02 0a 00"), hex("01 30"));
        assertArrayEquals(concat(hex("12 00"), hex("0a 00"), hex("32 00")), d.depacketize(List.of(w0)));
        assertThrows(RtpParseException.class, () -> d.depacketize(List.of(hex("80 0a 00")))); // Z with nothing pending
        assertThrows(RtpParseException.class, () -> d.depacketize(List.of(hex("00 ff ff ff ff 0f 00"))));
    }

    @Test
    void opusOnePacketPerFrame() throws Exception {
        byte[] f = filled(120, 8);
        assertEquals(List.of(Bytes.wrap(f)), wrap(new OpusPacketizer().packetize(f, 1188)));
        assertThrows(IllegalArgumentException.class, () -> new OpusPacketizer().packetize(filled(2000, 9), 1188));
        assertEquals(960, Opus.samplesPerPacket(hex("fc 00"))); // config 31 (CELT FB 20 ms), code 0
        assertEquals(1920, Opus.samplesPerPacket(hex("79 00"))); // config 15 (hybrid FB 20 ms), code 1: 2 frames
    }

    static List<Bytes> wrap(List<byte[]> in) {
        List<Bytes> out = new ArrayList<>();
        in.forEach(b -> out.add(Bytes.wrap(b)));
        return out;
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
