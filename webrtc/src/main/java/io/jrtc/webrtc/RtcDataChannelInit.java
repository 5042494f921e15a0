package io.jrtc.webrtc;

import io.jrtc.sctp.datachannel.DataChannelOptions;

/**
 * How to create a data channel (W3C {@code RTCDataChannelInit}). At most one of
 * {@code maxRetransmits} and {@code maxPacketLifeTime} (milliseconds) may be set; a {@code negotiated}
 * channel needs its {@code id} and is opened by both sides without DCEP (RFC 8832).
 */
public record RtcDataChannelInit(boolean ordered, Integer maxRetransmits, Integer maxPacketLifeTime, String protocol,
        boolean negotiated, Integer id) {

    public RtcDataChannelInit {
        if (maxRetransmits != null && maxPacketLifeTime != null) {
            throw new IllegalArgumentException("maxRetransmits and maxPacketLifeTime cannot both be set");
        }
        if (maxRetransmits != null && (maxRetransmits < 0 || maxRetransmits > 65535)) {
            throw new IllegalArgumentException("maxRetransmits out of range: " + maxRetransmits);
        }
        if (maxPacketLifeTime != null && (maxPacketLifeTime < 0 || maxPacketLifeTime > 65535)) {
            throw new IllegalArgumentException("maxPacketLifeTime out of range: " + maxPacketLifeTime);
        }
        if (negotiated && (id == null || id < 0 || id > 65534)) {
            throw new IllegalArgumentException("a negotiated channel needs an id in 0..65534");
        }
        if (protocol == null) {
            protocol = "";
        }
        if (protocol.length() > 65535) {
            throw new IllegalArgumentException("protocol longer than 65535");
        }
    }

    /** Reliable and ordered, announced with DCEP. */
    public static RtcDataChannelInit defaults() {
        return new RtcDataChannelInit(true, null, null, "", false, null);
    }

    public RtcDataChannelInit unordered() {
        return new RtcDataChannelInit(false, maxRetransmits, maxPacketLifeTime, protocol, negotiated, id);
    }

    public RtcDataChannelInit withMaxRetransmits(int n) {
        return new RtcDataChannelInit(ordered, n, null, protocol, negotiated, id);
    }

    public RtcDataChannelInit withMaxPacketLifeTime(int ms) {
        return new RtcDataChannelInit(ordered, null, ms, protocol, negotiated, id);
    }

    public RtcDataChannelInit withProtocol(String p) {
        return new RtcDataChannelInit(ordered, maxRetransmits, maxPacketLifeTime, p, negotiated, id);
    }

    /** Negotiated out of band on stream {@code streamId}: both sides create it, no DCEP. */
    public RtcDataChannelInit negotiated(int streamId) {
        return new RtcDataChannelInit(ordered, maxRetransmits, maxPacketLifeTime, protocol, true, streamId);
    }

    /** The SCTP layer's options for this init. */
    public DataChannelOptions toOptions() {
        DataChannelOptions o = DataChannelOptions.RELIABLE;
        if (!ordered) {
            o = o.unordered();
        }
        if (maxRetransmits != null) {
            o = o.withMaxRetransmits(maxRetransmits);
        }
        if (maxPacketLifeTime != null) {
            o = o.withMaxPacketLifeTime(maxPacketLifeTime);
        }
        if (!protocol.isEmpty()) {
            o = o.withProtocol(protocol);
        }
        if (negotiated) {
            o = o.negotiatedWithId(id);
        }
        return o;
    }
}
