package io.jrtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One media section: the {@code m=} line and the {@code i=}, {@code c=}, {@code b=}, {@code k=} and
 * {@code a=} lines after it (RFC 8866 section 5). Lines of an unknown type are kept in
 * {@code otherLines} (without the line ending) and written back after {@code k=}.
 *
 * <pre>
 * m=&lt;media&gt; &lt;port&gt;[/&lt;count&gt;] &lt;proto&gt; &lt;fmt&gt; ...
 * </pre>
 *
 * {@code portCount} is 0 when the line has no {@code /count}.
 *
 * @param media         the media type (audio, video, application, ...)
 * @param port          the port (0 rejects the section)
 * @param portCount     the port count of m=, or null
 * @param protocol      the protocol (UDP/TLS/RTP/SAVPF, UDP/DTLS/SCTP, ...)
 * @param formats       the formats of the m= line, as written
 * @param information   the i= line, or null
 * @param connections   the c= lines
 * @param bandwidths    the b= lines
 * @param encryptionKey the k= line, or null
 * @param attributes    the a= lines, in order
 * @param otherLines    lines of unknown types, kept as written
 */
public record MediaDescription(String media, int port, int portCount, String protocol, List<String> formats,
        String information, List<Connection> connections, List<Bandwidth> bandwidths, String encryptionKey,
        List<Attribute> attributes, List<String> otherLines) {

    /**
     * Checks the components and keeps unmodifiable copies of the collections.
     *
     * @param media the media type (audio, video, application, ...)
     * @param port the port (0 rejects the section)
     * @param portCount the port count of m=, or null
     * @param protocol the protocol (UDP/TLS/RTP/SAVPF, UDP/DTLS/SCTP, ...)
     * @param formats the formats of the m= line, as written
     * @param information the i= line, or null
     * @param connections the c= lines
     * @param bandwidths the b= lines
     * @param encryptionKey the k= line, or null
     * @param attributes the a= lines, in order
     * @param otherLines lines of unknown types, kept as written
     */
    public MediaDescription {
        Objects.requireNonNull(media);
        Objects.requireNonNull(protocol);
        formats = List.copyOf(formats);
        connections = List.copyOf(connections);
        bandwidths = List.copyOf(bandwidths);
        attributes = List.copyOf(attributes);
        otherLines = List.copyOf(otherLines);
    }

    /**
     * A section with an m= line, one c= line and attributes.
     *
     * @param media the media sections
     * @param port the port
     * @param protocol the protocol (17 UDP, 6 TCP)
     * @param formats the formats (payload types) of the m= line
     * @param connection the connection data
     * @param attributes the attributes, in order
     * @return a section with an m= line, one c= line and attributes
     */
    public static MediaDescription of(String media, int port, String protocol, List<String> formats,
            Connection connection, List<Attribute> attributes) {
        return new MediaDescription(media, port, 0, protocol, formats, null,
                connection == null ? List.of() : List.of(connection), List.of(), null, attributes, List.of());
    }

    /** {@return the m= line's value} */
    public String mediaLine() {
        StringBuilder sb = new StringBuilder(media).append(' ').append(port);
        if (portCount > 0) {
            sb.append('/').append(portCount);
        }
        sb.append(' ').append(protocol);
        for (String f : formats) {
            sb.append(' ').append(f);
        }
        return sb.toString();
    }

    /**
     * This section with other attributes.
     *
     * @param newAttributes the attributes, in order
     * @return a copy
     */
    public MediaDescription withAttributes(List<Attribute> newAttributes) {
        return new MediaDescription(media, port, portCount, protocol, formats, information, connections, bandwidths,
                encryptionKey, newAttributes, otherLines);
    }

    /**
     * This section with another port (0 rejects it).
     *
     * @param newPort the port
     * @return a copy
     */
    public MediaDescription withPort(int newPort) {
        return new MediaDescription(media, newPort, portCount, protocol, formats, information, connections,
                bandwidths, encryptionKey, attributes, otherLines);
    }

    /**
     * Every attribute of type {@code type} (Raw ones of that name read through {@link Attribute#typed()}).
     *
     * @param type the attribute record class
     * @param <T> the attribute record type
     * @return every attribute of type {@code type} (Raw ones of that name read through {@link Attribute#typed()})
     */
    public <T extends Attribute> List<T> all(Class<T> type) {
        return Descriptions.all(attributes, type);
    }

    /**
     * The first attribute of type {@code type}, or {@code null}.
     *
     * @param type the attribute record class
     * @param <T> the attribute record type
     * @return the first attribute of type {@code type}, or {@code null}
     */
    public <T extends Attribute> T first(Class<T> type) {
        return Descriptions.first(attributes, type);
    }

    /**
     * Whether the section has an attribute of this name.
     *
     * @param attributeName the attribute name, without {@code a=}
     * @return whether one is present
     */
    public boolean has(String attributeName) {
        for (Attribute a : attributes) {
            if (a.name().equals(attributeName)) {
                return true;
            }
        }
        return false;
    }

    /** {@return the mid, or {@code null}} */
    public String mid() {
        Attribute.Mid m = first(Attribute.Mid.class);
        return m == null ? null : m.mid();
    }

    /** {@return the direction attribute, or {@code null} when the section has none (sendrecv is the default)} */
    public Direction direction() {
        Attribute.MediaDirection d = first(Attribute.MediaDirection.class);
        return d == null ? null : d.direction();
    }

    /** {@return the section's {@code a=candidate} lines, in order} */
    public List<CandidateAttribute> candidates() {
        return all(CandidateAttribute.class);
    }

    /**
     * The rtpmap of payload type {@code pt}, or {@code null}.
     *
     * @param pt the RTP payload type
     * @return the rtpmap of payload type {@code pt}, or {@code null}
     */
    public Attribute.Rtpmap rtpmap(int pt) {
        for (Attribute.Rtpmap r : all(Attribute.Rtpmap.class)) {
            if (r.payloadType() == pt) {
                return r;
            }
        }
        return null;
    }

    /**
     * The fmtp of payload type {@code pt}, or {@code null}.
     *
     * @param pt the RTP payload type
     * @return the fmtp of payload type {@code pt}, or {@code null}
     */
    public Attribute.Fmtp fmtp(int pt) {
        for (Attribute.Fmtp f : all(Attribute.Fmtp.class)) {
            if (f.payloadType() == pt) {
                return f;
            }
        }
        return null;
    }

    /**
     * The rtcp-fb lines that apply to {@code pt} (its own and the {@code *} ones).
     *
     * @param pt the RTP payload type
     * @return the rtcp-fb lines that apply to {@code pt} (its own and the {@code *} ones)
     */
    public List<Attribute.RtcpFb> feedback(int pt) {
        List<Attribute.RtcpFb> out = new ArrayList<>();
        String p = Integer.toString(pt);
        for (Attribute.RtcpFb f : all(Attribute.RtcpFb.class)) {
            if (f.payloadType().equals(p) || f.payloadType().equals("*")) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * {@return a data channel section, in the current ({@code UDP/DTLS/SCTP}) or the legacy ({@code DTLS/SCTP})
     * syntax}
     */
    public boolean isDataChannel() {
        return media.equals("application") && protocol.contains("SCTP");
    }

    /** {@return the legacy data channel syntax: {@code m=application 5000 DTLS/SCTP 5000} with {@code a=sctpmap}} */
    public boolean isLegacyDataChannel() {
        return isDataChannel() && protocol.equals("DTLS/SCTP");
    }

    /**
     * Port 0 without {@code a=bundle-only}: the section is rejected (or stopped).
     *
     * @return whether the port is 0
     */
    public boolean isRejected() {
        return port == 0 && !has("bundle-only");
    }
}
