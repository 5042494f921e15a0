package io.jrtc.sdp.jsep;

import io.jrtc.sdp.Direction;

import java.util.List;
import java.util.Objects;

/**
 * An RTP transceiver as JSEP sees it (RFC 8829 section 3.4.1): one m= section. {@code mid} is
 * {@code null} until the first offer that includes it assigns one; {@code send} is {@code null}
 * when nothing is attached to send; a {@code stopped} transceiver's section is offered with port 0.
 *
 * @param mid        the mid, or null before one is assigned
 * @param kind       audio or video
 * @param direction  the direction wanted
 * @param codecs     the codecs offered, in preference order
 * @param extensions the header extensions offered
 * @param send       the stream sent, or null
 * @param stopped    whether stopped (its section gets port 0)
 */
public record Transceiver(String mid, MediaKind kind, Direction direction, List<Codec> codecs,
        List<HeaderExtension> extensions, SendStream send, boolean stopped) {

    /**
     * Checks the components and keeps unmodifiable copies of the collections.
     *
     * @param mid the mid, or null before one is assigned
     * @param kind audio or video
     * @param direction the direction wanted
     * @param codecs the codecs offered, in preference order
     * @param extensions the header extensions offered
     * @param send the stream sent, or null
     * @param stopped whether stopped (its section gets port 0)
     */
    public Transceiver {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(direction);
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
    }

    /**
     * A new transceiver with the default codecs and header extensions of its kind.
     *
     * @param kind the media kind
     * @param direction the direction
     * @param send what the section sends
     * @return a new transceiver with the default codecs and header extensions of its kind
     */
    public static Transceiver of(MediaKind kind, Direction direction, SendStream send) {
        return new Transceiver(null, kind, direction,
                kind == MediaKind.AUDIO ? Codec.audioDefaults() : Codec.videoDefaults(),
                kind == MediaKind.AUDIO ? HeaderExtension.audioDefaults() : HeaderExtension.videoDefaults(), send,
                false);
    }

    /**
     * This transceiver with another mid.
     *
     * @param newMid the mid
     * @return a copy
     */
    public Transceiver withMid(String newMid) {
        return new Transceiver(newMid, kind, direction, codecs, extensions, send, stopped);
    }

    /**
     * This transceiver with another direction.
     *
     * @param d the direction
     * @return a copy
     */
    public Transceiver withDirection(Direction d) {
        return new Transceiver(mid, kind, d, codecs, extensions, send, stopped);
    }

    /** {@return the same transceiver, stopped: its next offer rejects its section} */
    public Transceiver stop() {
        return new Transceiver(mid, kind, Direction.INACTIVE, codecs, extensions, send, true);
    }
}
