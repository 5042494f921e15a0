package io.jrtc.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.RtpParseException;
import io.jrtc.rtp.codec.Codec;
import io.jrtc.rtp.codec.Depacketizer;
import io.jrtc.rtp.media.IvfFile;
import io.jrtc.rtp.media.OggOpusFile;
import io.jrtc.rtp.rtcp.RtcpPacket;

import java.util.ArrayList;
import java.util.List;

/** RTP, RTCP, every depacketizer and the media file readers. */
class RtpFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void rtpAndRtcp(byte[] data) {
        try {
            RtpPacket.parse(data, 0, data.length);
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
        Codec codec = in.pickValue(Codec.values());
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
