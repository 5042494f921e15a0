package io.jrtc.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.rtp.ExtensionRegistry;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.RtpView;
import io.jrtc.rtp.codec.CodecType;
import io.jrtc.rtp.codec.Depacketizer;
import io.jrtc.rtp.media.AnnexBFile;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.media.OggOpusFile;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.rtcp.TransportCcFeedback;
import io.jrtc.rtp.stream.TransportCcGenerator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RTP, RTCP (every packet type, transport-cc and RFC 8888 feedback included), every depacketizer and the
 * media file readers (IVF, Ogg Opus, H.264/H.265 Annex B). Only {@link RtpParseException} may come out of a
 * parser, and whatever a parser accepts must survive its own encoder.
 */
class RtpFuzzTest {
    static {
        Drain.setUp();
    }

    /**
     * (packet type, count/format) of every RTCP packet the module knows, for {@link #rtcp}: SR, RR, SDES, BYE,
     * APP, XR; generic NACK (RFC 4585), transport-cc (draft-holmer), RFC 8888 congestion control feedback;
     * PLI, FIR, REMB (application layer feedback); and an unknown type.
     */
    static final int[][] RTCP_KINDS = {
        {RtcpPacket.SR, 0}, {RtcpPacket.SR, 1}, {RtcpPacket.RR, 0}, {RtcpPacket.RR, 1}, {RtcpPacket.SDES, 1},
        {RtcpPacket.BYE, 1}, {RtcpPacket.APP, 0}, {RtcpPacket.XR, 0}, {RtcpPacket.RTPFB, 1}, {RtcpPacket.RTPFB, 15},
        {RtcpPacket.RTPFB, 11}, {RtcpPacket.PSFB, 1}, {RtcpPacket.PSFB, 4}, {RtcpPacket.PSFB, 15}, {210, 0},
    };

    /** An RTP packet: header, extensions (both profiles, the registry's decoders) and the zero-copy view. */
    @FuzzTest(maxDuration = "60s")
    void rtp(byte[] data) {
        RtpPacket p = null;
        try {
            p = RtpPacket.parse(data, 0, data.length);
            if (p.extension() != null) {
                p.extension().elements();
                ExtensionRegistry.webrtcDefaults().decode(p.extension()); // ids 1-9: every value decoder
            }
        } catch (RtpParseException expected) {
            // only this may come out
        }
        if (p != null) {
            try {
                Same.value("RTP packet", p, RtpPacket.parse(p.encode()));
            } catch (RtpParseException e) {
                throw Same.ownEncodingRejected("RTP packet", e);
            }
        }
        try {
            RtpView v = new RtpView().wrap(data, 0, data.length);
            for (int id = 0; id < 256; id++) {
                v.findExtension(id);
            }
        } catch (RtpParseException expected) {
            // only this may come out
        }
    }

    /**
     * An RTCP compound packet. Input that does not start like RTCP (version 2) is steered: its first byte
     * picks one of {@link #RTCP_KINDS}, and a correct header is put in front of the rest, so that every body
     * parser is reached; real packets (the seeds) go in as they are.
     */
    @FuzzTest(maxDuration = "60s")
    void rtcp(byte[] data) {
        byte[] packet = data.length > 0 && (data[0] & 0xc0) != 0x80 ? steerRtcp(data) : data;
        List<RtcpPacket> parsed;
        try {
            parsed = RtcpPacket.parseCompound(packet, 0, packet.length);
        } catch (RtpParseException expected) {
            return; // only this may come out
        }
        try {
            Same.value("RTCP compound", parsed, RtcpPacket.parseCompound(RtcpPacket.encodeCompound(parsed)));
        } catch (RtpParseException e) {
            throw Same.ownEncodingRejected("RTCP compound", e);
        }
    }

    static byte[] steerRtcp(byte[] data) {
        int[] kind = RTCP_KINDS[(data[0] & 0xff) % RTCP_KINDS.length];
        int body = (data.length - 1 + 3) & ~3;
        if (body / 4 > 0xffff) {
            body = 0xffff * 4;
        }
        byte[] p = new byte[4 + body];
        p[0] = (byte) (0x80 | kind[1]);
        p[1] = (byte) kind[0];
        p[2] = (byte) (body / 4 >>> 8);
        p[3] = (byte) (body / 4);
        System.arraycopy(data, 1, p, 4, Math.min(data.length - 1, body));
        return p;
    }

    /**
     * Each codec's depacketizer over the RTP payloads of one frame: byte 0 the codec (u8 % 6: Opus, VP8, VP9,
     * AV1, H.264, H.265), then payloads as length (u16), bytes, up to eight.
     */
    @FuzzTest(maxDuration = "60s")
    void depacketizers(byte[] input) {
        Input in = new Input(input);
        CodecType codec = CodecType.values()[in.u8() % CodecType.values().length];
        Depacketizer d = codec.depacketizer();
        List<byte[]> payloads = new ArrayList<>();
        while (payloads.isEmpty() || (in.remaining() > 0 && payloads.size() < 8)) {
            payloads.add(in.bytes(in.u16()));
        }
        try {
            d.isFrameStart(payloads.get(0));
            d.isKeyframe(payloads.get(0));
            byte[] frame = d.depacketize(payloads);
            codec.isKeyframe(frame);
        } catch (RtpParseException expected) {
            // only this may come out
        }
    }

    /**
     * The transport-cc feedback generator fed any sequence of (time step, sequence number) arrivals:
     * it never throws, every feedback packet fits the size limit and parses back.
     */
    @FuzzTest(maxDuration = "60s")
    void transportCcGenerator(FuzzedDataProvider in) {
        int maxBytes = in.consumeInt(64, 1500);
        TransportCcGenerator g = new TransportCcGenerator(new TransportCcGenerator.Config(1,
                in.consumeLong(1, 1_000_000_000L), maxBytes, in.consumeLong(0, 2_000_000_000L)));
        long now = in.consumeLong(-1L << 50, 1L << 50);
        while (in.remainingBytes() > 0) {
            now += in.consumeLong(0, 20_000_000_000L);
            if (in.consumeBoolean()) {
                g.handleInput(now, in.consumeInt(), in.consumeInt(0, 0xffff));
            } else if (in.consumeBoolean()) {
                g.handleTimeout(now);
            } else {
                g.flush();
            }
            for (TransportCcFeedback f; (f = g.pollTransmit()) != null; ) {
                byte[] wire = f.encode();
                if (wire.length > maxBytes) {
                    throw new IllegalStateException("feedback of " + wire.length + " bytes > " + maxBytes);
                }
                try {
                    if (!RtcpPacket.parseCompound(wire).get(0).equals(f)) {
                        throw new IllegalStateException("feedback does not parse back equal");
                    }
                } catch (RtpParseException e) {
                    throw new IllegalStateException("own feedback does not parse", e);
                }
            }
        }
    }

    /** An IVF file (VP8, VP9, AV1 frames): what parses must survive {@link IvfFile#encode()}. */
    @FuzzTest(maxDuration = "60s")
    void ivf(byte[] data) {
        IvfFile f;
        try {
            f = IvfFile.parse(data);
        } catch (RtpParseException expected) {
            return; // only this may come out
        }
        try {
            Same.value("IVF file", f, IvfFile.parse(f.encode()));
        } catch (RtpParseException e) {
            throw Same.ownEncodingRejected("IVF file", e);
        }
    }

    /** An Ogg Opus file (pages, CRC, OpusHead, OpusTags, packets across pages). */
    @FuzzTest(maxDuration = "60s")
    void ogg(byte[] data) {
        OggOpusFile f;
        try {
            f = OggOpusFile.parse(data);
        } catch (RtpParseException expected) {
            return; // only this may come out
        }
        byte[] again;
        try {
            again = f.encode();
        } catch (RtpParseException tooLarge) {
            return; // encode refuses what it cannot write (a packet over Ogg's size limits): not a parser bug
        }
        try {
            Same.value("Ogg Opus file", f, OggOpusFile.parse(again));
        } catch (RtpParseException e) {
            throw Same.ownEncodingRejected("Ogg Opus file", e);
        }
    }

    /**
     * An H.264 or H.265 Annex B stream (the first byte's low bit picks which) cut into access units; this
     * reader declares no exception, so any exception is a finding. Every access unit comes out with start
     * codes, and cutting their concatenation again gives the same units.
     */
    @FuzzTest(maxDuration = "60s")
    void annexB(byte[] data) {
        if (data.length == 0) {
            return;
        }
        boolean h265 = (data[0] & 1) == 1;
        List<byte[]> units = AnnexBFile.accessUnits(Arrays.copyOfRange(data, 1, data.length), h265);
        List<byte[]> again = AnnexBFile.accessUnits(AnnexBFile.write(units), h265);
        if (units.size() != again.size()) {
            throw new IllegalStateException(units.size() + " access units, " + again.size() + " after writing them out");
        }
        for (int i = 0; i < units.size(); i++) {
            if (!Arrays.equals(units.get(i), again.get(i))) {
                throw new IllegalStateException("access unit " + i + " changes when written out and read again");
            }
        }
    }
}
