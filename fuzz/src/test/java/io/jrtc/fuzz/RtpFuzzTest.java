package io.jrtc.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.rtp.ExtensionRegistry;
import io.jrtc.rtp.ExtensionValue;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpView;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.codec.CodecType;
import io.jrtc.rtp.codec.Depacketizer;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.media.OggOpusFile;
import io.jrtc.rtp.rtcp.RtcpPacket;
import io.jrtc.rtp.rtcp.TransportCcFeedback;
import io.jrtc.rtp.stream.TransportCcGenerator;

import java.util.ArrayList;
import java.util.List;

/** RTP, RTCP, every depacketizer and the media file readers. */
class RtpFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void rtpAndRtcp(byte[] data) {
        try {
            RtpPacket p = RtpPacket.parse(data, 0, data.length);
            if (p.extension() != null) {
                p.extension().elements();
                new ExtensionRegistry().register(1, ExtensionValue.MID).register(2, ExtensionValue.TRANSPORT_CC)
                        .register(3, ExtensionValue.PLAYOUT_DELAY).decode(p.extension());
            }
        } catch (RtpParseException expected) {
            // only this may come out
        }
        try {
            RtpView v = new RtpView().wrap(data, 0, data.length);
            for (int id = 0; id < 256; id++) {
                v.findExtension(id);
            }
        } catch (RtpParseException expected) {
            // only this may come out
        }
        try {
            RtcpPacket.parseCompound(data, 0, data.length);
        } catch (RtpParseException expected) {
            // only this may come out
        }
    }

    @FuzzTest(maxDuration = "60s")
    void depacketizers(FuzzedDataProvider in) {
        CodecType codec = in.pickValue(CodecType.values());
        Depacketizer d = codec.depacketizer();
        List<byte[]> payloads = new ArrayList<>();
        int n = in.consumeInt(1, 8);
        for (int i = 0; i < n; i++) {
            payloads.add(in.consumeBytes(in.consumeInt(0, 1300)));
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

    @FuzzTest(maxDuration = "60s")
    void mediaFiles(byte[] data) {
        try {
            IvfFile.parse(data);
        } catch (RtpParseException expected) {
            // only this may come out
        }
        try {
            OggOpusFile.parse(data);
        } catch (RtpParseException expected) {
            // only this may come out
        }
    }
}
