package io.jrtc.sdp.jsep;

import io.jrtc.sdp.Direction;
import io.jrtc.sdp.SetupRole;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the answerer brings: its session id and version, ICE/DTLS values, the DTLS role it takes
 * when the offer says {@code actpass} ({@link SetupRole#ACTIVE} unless told otherwise, or
 * {@link SetupRole#PASSIVE}), the codecs and header extensions it supports per kind, what it sends on
 * which mid, the direction it wants per mid (default: sendrecv where it sends, else recvonly), and
 * its data channel values ({@code null} rejects data channel sections).
 *
 * @param sessionId      the answer's session id (o= line)
 * @param sessionVersion its session version
 * @param transport      the local ICE credentials and DTLS fingerprints
 * @param setup          the role to answer actpass with (active or passive)
 * @param codecs         the local codecs per media kind, in preference order
 * @param extensions     the local header extensions per media kind
 * @param sendStreams    the streams sent, per mid (sendrecv there, else recvonly)
 * @param directions     directions wanted per mid, overriding the default
 * @param dataChannel    the data channel parameters, or null to reject data channels
 */
public record AnswerOptions(String sessionId, long sessionVersion, TransportParameters transport, SetupRole setup,
        Map<MediaKind, List<Codec>> codecs, Map<MediaKind, List<HeaderExtension>> extensions,
        Map<String, SendStream> sendStreams, Map<String, Direction> directions, DataChannelParameters dataChannel) {

    /**
     * Checks the components and keeps unmodifiable copies of the collections.
     *
     * @param sessionId the answer's session id (o= line)
     * @param sessionVersion its session version
     * @param transport the local ICE credentials and DTLS fingerprints
     * @param setup the role to answer actpass with (active or passive)
     * @param codecs the local codecs per media kind, in preference order
     * @param extensions the local header extensions per media kind
     * @param sendStreams the streams sent, per mid (sendrecv there, else recvonly)
     * @param directions directions wanted per mid, overriding the default
     * @param dataChannel the data channel parameters, or null to reject data channels
     */
    public AnswerOptions {
        Objects.requireNonNull(sessionId);
        Objects.requireNonNull(transport);
        Objects.requireNonNull(setup);
        if (setup != SetupRole.ACTIVE && setup != SetupRole.PASSIVE) {
            throw new IllegalArgumentException("an answer's setup is active or passive");
        }
        codecs = Map.copyOf(codecs);
        extensions = Map.copyOf(extensions);
        sendStreams = Map.copyOf(sendStreams);
        directions = Map.copyOf(directions);
    }

    /**
     * Default codecs and header extensions, answerer active, receive only, data channels accepted.
     *
     * @param sessionId the session id of the o= line
     * @param transport the local ICE credentials and DTLS fingerprints
     * @return the options
     */
    public static AnswerOptions defaults(String sessionId, TransportParameters transport) {
        Map<MediaKind, List<Codec>> c = new EnumMap<>(MediaKind.class);
        c.put(MediaKind.AUDIO, Codec.audioDefaults());
        c.put(MediaKind.VIDEO, Codec.videoDefaults());
        Map<MediaKind, List<HeaderExtension>> e = new EnumMap<>(MediaKind.class);
        e.put(MediaKind.AUDIO, HeaderExtension.audioDefaults());
        e.put(MediaKind.VIDEO, HeaderExtension.videoDefaults());
        return new AnswerOptions(sessionId, 1, transport, SetupRole.ACTIVE, c, e, Map.of(), Map.of(),
                DataChannelParameters.defaults());
    }

    /**
     * These options with another DTLS role to answer {@code actpass} with.
     *
     * @param role active or passive
     * @return a copy
     */
    public AnswerOptions withSetup(SetupRole role) {
        return new AnswerOptions(sessionId, sessionVersion, transport, role, codecs, extensions, sendStreams,
                directions, dataChannel);
    }

    /**
     * These options with another session version.
     *
     * @param version the new session version
     * @return a copy
     */
    public AnswerOptions withSessionVersion(long version) {
        return new AnswerOptions(sessionId, version, transport, setup, codecs, extensions, sendStreams, directions,
                dataChannel);
    }

    /**
     * These options with other local codecs for one kind.
     *
     * @param kind the media kind
     * @param list the codecs, in preference order
     * @return a copy
     */
    public AnswerOptions withCodecs(MediaKind kind, List<Codec> list) {
        Map<MediaKind, List<Codec>> c = new EnumMap<>(MediaKind.class);
        c.putAll(codecs);
        c.put(kind, list);
        return new AnswerOptions(sessionId, sessionVersion, transport, setup, c, extensions, sendStreams, directions,
                dataChannel);
    }

    /**
     * These options with a stream the answerer sends in one section.
     *
     * @param mid the media section's mid
     * @param stream the stream
     * @return a copy
     */
    public AnswerOptions withSend(String mid, SendStream stream) {
        Map<String, SendStream> s = new HashMap<>(sendStreams);
        s.put(mid, stream);
        return new AnswerOptions(sessionId, sessionVersion, transport, setup, codecs, extensions, s, directions,
                dataChannel);
    }

    /**
     * These options with the direction the answerer wants for one section.
     *
     * @param mid the media section's mid
     * @param direction the direction wanted
     * @return a copy
     */
    public AnswerOptions withDirection(String mid, Direction direction) {
        Map<String, Direction> d = new HashMap<>(directions);
        d.put(mid, direction);
        return new AnswerOptions(sessionId, sessionVersion, transport, setup, codecs, extensions, sendStreams, d,
                dataChannel);
    }

    /**
     * These options with other data channel parameters.
     *
     * @param parameters the data channel parameters, or null for none
     * @return a copy
     */
    public AnswerOptions withDataChannel(DataChannelParameters parameters) {
        return new AnswerOptions(sessionId, sessionVersion, transport, setup, codecs, extensions, sendStreams,
                directions, parameters);
    }
}
