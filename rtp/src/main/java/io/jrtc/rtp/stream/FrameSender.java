package io.jrtc.rtp.stream;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.rtp.codec.Packetizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns frames into RTP packets for one stream: runs the codec's packetizer, numbers the packets,
 * stamps the frame's RTP timestamp and sets the marker bit on each frame's last packet.
 */
public final class FrameSender {
    private final Packetizer packetizer;
    private final int payloadType;
    private final long ssrc;
    private final int maxPayload;
    private int sequence;

    /**
     * @param mtu the largest RTP packet (header included) to produce
     *
     * @param packetizer the codec's packetizer
     * @param payloadType the RTP payload type
     * @param ssrc the stream's SSRC
     * @param initialSequence the first sequence number
     */
    public FrameSender(Packetizer packetizer, int payloadType, long ssrc, int initialSequence, int mtu) {
        this.packetizer = packetizer;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.sequence = initialSequence & 0xffff;
        this.maxPayload = mtu - RtpPacket.FIXED_HEADER;
    }

    /**
     * Packetizes one frame into consecutive RTP packets, the marker on the last.
     *
     * @param frame the encoded frame
     * @param rtpTimestamp its RTP timestamp
     * @return the packets
     */
    public List<RtpPacket> send(byte[] frame, long rtpTimestamp) {
        List<byte[]> payloads = packetizer.packetize(frame, maxPayload);
        List<RtpPacket> out = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            out.add(RtpPacket.of(i == payloads.size() - 1, payloadType, sequence, rtpTimestamp & 0xffffffffL, ssrc,
                    Bytes.wrap(payloads.get(i))));
            sequence = (sequence + 1) & 0xffff;
        }
        return out;
    }
}
