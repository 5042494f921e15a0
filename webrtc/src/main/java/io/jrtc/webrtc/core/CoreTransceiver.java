package io.jrtc.webrtc.core;

import io.jrtc.sdp.Direction;
import io.jrtc.sdp.jsep.MediaKind;

import java.util.List;

/**
 * One RTP transceiver (one m= section of the BUNDLE group) as the core sees it: its mid once
 * negotiation assigns one, the direction the application wants and the one last negotiated, the SSRCs
 * we send with, and what the remote said about its stream (msid). Confined to the core's thread.
 */
public final class CoreTransceiver {
    final MediaKind kind;
    String mid;
    Direction direction;
    Direction currentDirection;
    final long ssrc;
    final long rtxSsrc;
    final String streamId;
    final String trackId;
    boolean stopped;
    boolean trackReported;
    List<String> remoteStreamIds = List.of();
    String remoteTrackId;
    io.jrtc.sdp.jsep.Codec sendCodec;
    io.jrtc.sdp.jsep.Codec receiveCodec;
    /** The facade's object for this transceiver. */
    public Object attachment;

    CoreTransceiver(MediaKind kind, Direction direction, long ssrc, long rtxSsrc, String streamId, String trackId) {
        this.kind = kind;
        this.direction = direction;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.streamId = streamId;
        this.trackId = trackId;
    }

    public MediaKind kind() {
        return kind;
    }

    /** The mid, or null before an offer or answer assigned it. */
    public String mid() {
        return mid;
    }

    public Direction direction() {
        return direction;
    }

    /** The direction last negotiated, or null before. */
    public Direction currentDirection() {
        return currentDirection;
    }

    public long ssrc() {
        return ssrc;
    }

    public long rtxSsrc() {
        return rtxSsrc;
    }

    public String streamId() {
        return streamId;
    }

    public String trackId() {
        return trackId;
    }

    public boolean stopped() {
        return stopped;
    }

    public List<String> remoteStreamIds() {
        return remoteStreamIds;
    }

    public String remoteTrackId() {
        return remoteTrackId;
    }

    /** The codec we send with (the first negotiated), or null. */
    public io.jrtc.sdp.jsep.Codec sendCodec() {
        return sendCodec;
    }

    public io.jrtc.sdp.jsep.Codec receiveCodec() {
        return receiveCodec;
    }

    @Override
    public String toString() {
        return kind.token() + " transceiver mid=" + mid + " " + direction.token();
    }
}
