package io.jrtc.sdp.jsep;

import io.jrtc.sdp.Direction;

import java.util.List;
import java.util.Objects;

/**
 * An RTP transceiver as JSEP sees it (RFC 8829 section 3.4.1): one m= section. {@code mid} is
 * {@code null} until the first offer that includes it assigns one; {@code send} is {@code null}
 * when nothing is attached to send; a {@code stopped} transceiver's section is offered with port 0.
 */
public record Transceiver(String mid, MediaKind kind, Direction direction, List<Codec> codecs,
        List<HeaderExtension> extensions, SendStream send, boolean stopped) {

    public Transceiver {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(direction);
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
    }

    /** A new transceiver with the default codecs and header extensions of its kind. */
    public static Transceiver of(MediaKind kind, Direction direction, SendStream send) {
        return new Transceiver(null, kind, direction,
                kind == MediaKind.AUDIO ? Codec.audioDefaults() : Codec.videoDefaults(),
                kind == MediaKind.AUDIO ? HeaderExtension.audioDefaults() : HeaderExtension.videoDefaults(), send,
                false);
    }

    public Transceiver withMid(String newMid) {
        return new Transceiver(newMid, kind, direction, codecs, extensions, send, stopped);
    }

    public Transceiver withDirection(Direction d) {
        return new Transceiver(mid, kind, d, codecs, extensions, send, stopped);
    }

    /** The same transceiver, stopped: its next offer rejects its section. */
    public Transceiver stop() {
        return new Transceiver(mid, kind, Direction.INACTIVE, codecs, extensions, send, true);
    }
}
