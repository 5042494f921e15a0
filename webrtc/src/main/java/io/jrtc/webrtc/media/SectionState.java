package io.jrtc.webrtc.media;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.ExtensionElement;
import io.jrtc.rtp.ExtensionBlock;
import io.jrtc.rtp.RtpPacket;
import io.jrtc.sdp.jsep.Codec;
import io.jrtc.sdp.jsep.MediaKind;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One section as the session uses it: payload type look-ups, the negotiated header extension ids,
 * the codec we send with, and our stream on it.
 */
final class SectionState {
    final MediaSection section;
    final String mid;
    final MediaKind kind;
    /** Payload type to codec, every negotiated non-RTX format (media, RED, FEC). */
    final Map<Integer, Codec> primary = new HashMap<>();
    /** RTX payload type to the payload type it repairs (its apt). */
    final Map<Integer, Integer> rtxToApt = new HashMap<>();
    /** Header extension ids, -1 when not negotiated. */
    final int midId;
    final int transportCcId;
    final int absSendTimeId;
    /** The first negotiated codec jrtc can packetize, or null. */
    final Codec sendCodec;
    private final byte[] midBytes;
    OutboundStream out;

    SectionState(MediaSection s) {
        this.section = s;
        this.mid = s.mid();
        this.kind = s.kind();
        Codec send = null;
        for (Codec c : s.codecs()) {
            primary.putIfAbsent(c.payloadType(), c);
            if (c.rtxPayloadType() != null) {
                rtxToApt.putIfAbsent(c.rtxPayloadType(), c.payloadType());
            }
            if (send == null && PayloadFormats.canPacketize(c, s.kind())) {
                send = c;
            }
        }
        this.sendCodec = send;
        int m = -1;
        int t = -1;
        int a = -1;
        for (io.jrtc.sdp.jsep.HeaderExtension e : s.extensions()) {
            if (e.uri().equals(io.jrtc.sdp.jsep.HeaderExtension.MID) && m < 0) {
                m = e.id();
            } else if (e.uri().equals(io.jrtc.sdp.jsep.HeaderExtension.TRANSPORT_CC) && t < 0) {
                t = e.id();
            } else if (e.uri().equals(io.jrtc.sdp.jsep.HeaderExtension.ABS_SEND_TIME) && a < 0) {
                a = e.id();
            }
        }
        this.midBytes = s.mid().getBytes(StandardCharsets.UTF_8);
        this.midId = midBytes.length >= 1 && midBytes.length <= 255 ? m : -1;
        this.transportCcId = t;
        this.absSendTimeId = a;
    }

    boolean sends() {
        return section.send();
    }

    boolean receives() {
        return section.receive();
    }

    /** Whether the sdes:mid element data at {@code buf[at, at + len)} is this section's mid. */
    boolean isMid(byte[] buf, int at, int len) {
        return java.util.Arrays.equals(buf, at, at + len, midBytes, 0, midBytes.length);
    }

    /** Whether {@code pt} is one of this section's payload types (media or RTX). */
    boolean hasPayloadType(int pt) {
        return primary.containsKey(pt) || rtxToApt.containsKey(pt);
    }

    /**
     * The header extension block we put on every packet we send here: the mid, the transport-wide
     * sequence number when transport-cc is negotiated, abs-send-time when that is (a receiver that
     * estimates for REMB needs it); null for none.
     */
    ExtensionBlock extension(int transportSequence, long now) {
        List<ExtensionElement> elements = new ArrayList<>(3);
        if (midId > 0) {
            elements.add(new ExtensionElement(midId, Bytes.wrap(midBytes)));
        }
        if (transportCcId > 0) {
            elements.add(new ExtensionElement(transportCcId,
                    Bytes.wrap(new byte[] {(byte) (transportSequence >>> 8), (byte) transportSequence})));
        }
        if (absSendTimeId > 0) {
            // 6.18 fixed-point seconds, wrapping every 64 s
            int v = (int) (((Math.floorMod(now, 64_000_000_000L)) << 18) / 1_000_000_000L) & 0xffffff;
            elements.add(new ExtensionElement(absSendTimeId, Bytes.wrap(new byte[] {(byte) (v >>> 16), (byte) (v >>> 8), (byte) v})));
        }
        return elements.isEmpty() ? null : ExtensionBlock.of(elements);
    }

    /** The bytes our header extensions add to a packet (the 4-byte block header included), 0 when none. */
    int extensionLength() {
        ExtensionBlock e = extension(0, 0);
        return e == null ? 0 : 4 + e.data().length();
    }

    /** The largest payload that keeps a packet (and its RTX copy, 2 bytes more) within {@code mtu}. */
    int maxPayload(int mtu, boolean rtx) {
        ExtensionBlock e = extension(0, 0);
        int ext = e == null ? 0 : 4 + e.data().length();
        return mtu - RtpPacket.FIXED_HEADER - ext - (rtx ? 2 : 0);
    }
}
