package io.jrtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A whole session description (RFC 8866): the session-level lines and the media sections.
 *
 * <pre>
 * v=0                                   version, always 0
 * o=- 7119202483788645750 2 IN IP4 127.0.0.1   origin
 * s=-                                   session name
 * i= u= e= p= c= b=                     optional
 * t=0 0 (r=)                            timing, at least one
 * z= k=                                 optional
 * a=...                                 session attributes
 * m=... (i= c= b= k= a=...)             media sections
 * </pre>
 *
 * {@link #parse(String)} accepts CRLF or LF, trailing white space and blank lines, takes the lines of a
 * section in any order, keeps lines of unknown types and unknown attributes unchanged; {@link #write()}
 * writes CRLF lines in the order of RFC 8866.
 *
 * @param version       the v= value (0)
 * @param origin        the o= line
 * @param sessionName   the s= value
 * @param information   the i= line, or null
 * @param uri           the u= line, or null
 * @param emails        the e= lines
 * @param phones        the p= lines
 * @param connection    the session-level c= line, or null
 * @param bandwidths    the session-level b= lines
 * @param timings       the t= lines with their r= lines
 * @param timeZones     the z= line, or null
 * @param encryptionKey the k= line, or null
 * @param attributes    the session-level a= lines, in order
 * @param media         the media sections, in order
 * @param otherLines    lines of unknown types, kept as written
 */
public record SessionDescription(int version, Origin origin, String sessionName, String information, String uri,
        List<String> emails, List<String> phones, Connection connection, List<Bandwidth> bandwidths,
        List<Timing> timings, String timeZones, String encryptionKey, List<Attribute> attributes,
        List<MediaDescription> media, List<String> otherLines) {

    private static final System.Logger LOG = System.getLogger("jrtc.sdp");

    /** Descriptions longer than this are refused before any work (a browser offer is a few KiB). */
    public static final int MAX_LENGTH = 1 << 20;

    /**
     * Checks the components and keeps unmodifiable copies of the collections.
     *
     * @param version the v= value (0)
     * @param origin the o= line
     * @param sessionName the s= value
     * @param information the i= line, or null
     * @param uri the u= line, or null
     * @param emails the e= lines
     * @param phones the p= lines
     * @param connection the session-level c= line, or null
     * @param bandwidths the session-level b= lines
     * @param timings the t= lines with their r= lines
     * @param timeZones the z= line, or null
     * @param encryptionKey the k= line, or null
     * @param attributes the session-level a= lines, in order
     * @param media the media sections, in order
     * @param otherLines lines of unknown types, kept as written
     */
    public SessionDescription {
        Objects.requireNonNull(origin);
        Objects.requireNonNull(sessionName);
        emails = List.copyOf(emails);
        phones = List.copyOf(phones);
        bandwidths = List.copyOf(bandwidths);
        timings = List.copyOf(timings);
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
        otherLines = List.copyOf(otherLines);
    }

    /**
     * The usual WebRTC shape: v=0, o=, s=-, t=0 0, session attributes and media sections.
     *
     * @param origin the origin
     * @param attributes the attributes, in order
     * @param media the media sections
     * @return the usual WebRTC shape: v=0, o=, s=-, t=0 0, session attributes and media sections
     */
    public static SessionDescription of(Origin origin, List<Attribute> attributes, List<MediaDescription> media) {
        return new SessionDescription(0, origin, "-", null, null, List.of(), List.of(), null, List.of(),
                List.of(Timing.unbounded()), null, null, attributes, media, List.of());
    }

    /**
     * This description with other media sections.
     *
     * @param newMedia the media sections, in order
     * @return a copy
     */
    public SessionDescription withMedia(List<MediaDescription> newMedia) {
        return new SessionDescription(version, origin, sessionName, information, uri, emails, phones, connection,
                bandwidths, timings, timeZones, encryptionKey, attributes, newMedia, otherLines);
    }

    /**
     * This description with other session-level attributes.
     *
     * @param newAttributes the attributes, in order
     * @return a copy
     */
    public SessionDescription withAttributes(List<Attribute> newAttributes) {
        return new SessionDescription(version, origin, sessionName, information, uri, emails, phones, connection,
                bandwidths, timings, timeZones, encryptionKey, newAttributes, media, otherLines);
    }

    /**
     * This description with another origin line.
     *
     * @param newOrigin the origin
     * @return a copy
     */
    public SessionDescription withOrigin(Origin newOrigin) {
        return new SessionDescription(version, newOrigin, sessionName, information, uri, emails, phones, connection,
                bandwidths, timings, timeZones, encryptionKey, attributes, media, otherLines);
    }

    /**
     * Every session-level attribute of type {@code type}.
     *
     * @param type the attribute record class
     * @param <T> the attribute record type
     * @return every session-level attribute of type {@code type}
     */
    public <T extends Attribute> List<T> all(Class<T> type) {
        return Descriptions.all(attributes, type);
    }

    /**
     * The first session-level attribute of type {@code type}, or {@code null}.
     *
     * @param type the attribute record class
     * @param <T> the attribute record type
     * @return the first session-level attribute of type {@code type}, or {@code null}
     */
    public <T extends Attribute> T first(Class<T> type) {
        return Descriptions.first(attributes, type);
    }

    /** {@return the BUNDLE group's mids, or an empty list} */
    public List<String> bundleMids() {
        for (Attribute.Group g : all(Attribute.Group.class)) {
            if (g.semantics().equals("BUNDLE")) {
                return g.mids();
            }
        }
        return List.of();
    }

    /**
     * The media section with mid {@code mid}, or {@code null}.
     *
     * @param mid the media section's mid
     * @return the media section with mid {@code mid}, or {@code null}
     */
    public MediaDescription section(String mid) {
        for (MediaDescription m : media) {
            if (mid.equals(m.mid())) {
                return m;
            }
        }
        return null;
    }

    /**
     * An attribute looked up in a media section first, then at session level (ICE and DTLS may be at either).
     *
     * @param m a media section of this description
     * @param type the attribute record class
     * @param <T> the attribute record type
     * @return an attribute looked up in a media section first, then at session level (ICE and DTLS may be at
     *         either)
     */
    public <T extends Attribute> T effective(MediaDescription m, Class<T> type) {
        T t = m.first(type);
        return t != null ? t : first(type);
    }

    // ------------------------------------------------------------------ parse

    /**
     * Parses a description; errors say {@code line N: <what is wrong>}.
     *
     * @param text the text
     * @return the description
     * @throws SdpParseException saying what is wrong, with its line number
     */
    public static SessionDescription parse(String text) throws SdpParseException {
        if (text == null) {
            throw new SdpParseException("no description");
        }
        if (text.length() > MAX_LENGTH) {
            throw new SdpParseException("description of " + text.length() + " characters exceeds " + MAX_LENGTH);
        }
        Builder s = new Builder();
        MediaBuilder m = null;
        List<MediaDescription> media = new ArrayList<>();
        int lineNo = 0;
        int lastLine = 1;
        int pos = 0;
        boolean sawVersion = false;
        int n = text.length();
        while (pos <= n) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? n : nl;
            int stop = end;
            while (stop > pos && isTrailing(text.charAt(stop - 1))) {
                stop--;
            }
            String line = text.substring(pos, stop);
            pos = end + 1;
            lineNo++;
            if (line.isEmpty()) {
                if (nl < 0) {
                    break;
                }
                continue;
            }
            lastLine = lineNo;
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpParseException(lineNo, "expected '<type>=<value>', found '" + shorten(line) + "'");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (!sawVersion) {
                if (type != 'v') {
                    throw new SdpParseException(lineNo, "a description starts with v=0, found '" + shorten(line) + "'");
                }
                if (!value.equals("0")) {
                    throw new SdpParseException(lineNo, "unsupported version v=" + shorten(value) + " (only v=0)");
                }
                sawVersion = true;
                continue;
            }
            if (type == 'm') {
                if (m != null) {
                    media.add(m.build());
                }
                m = MediaBuilder.parse(value, lineNo);
                continue;
            }
            if (m == null) {
                s.line(type, value, lineNo, line);
            } else {
                m.line(type, value, lineNo, line);
            }
            if (nl < 0) {
                break;
            }
        }
        if (!sawVersion) {
            throw new SdpParseException(1, "empty description: expected v=0");
        }
        if (m != null) {
            media.add(m.build());
        }
        SessionDescription d = s.build(media, lastLine);
        LOG.log(System.Logger.Level.DEBUG, "[SDP] parsed {0} lines: {1} media sections", lineNo, media.size());
        return d;
    }

    private static boolean isTrailing(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** Lines that may appear once: throws "second ..." when {@code current} is already set. */
    private static void once(Object current, int line, String what) throws SdpParseException {
        if (current != null) {
            throw new SdpParseException(line, "second " + what);
        }
    }

    private static Connection connection(String value, int line) throws SdpParseException {
        List<String> t = Tokens.split(value);
        if (t.size() != 3) {
            throw new SdpParseException(line, "c= must be '<nettype> <addrtype> <address>'");
        }
        return new Connection(t.get(0), t.get(1), t.get(2));
    }

    private static Bandwidth bandwidth(String value, int line) throws SdpParseException {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new SdpParseException(line, "b= must be '<bwtype>:<bandwidth>'");
        }
        return new Bandwidth(value.substring(0, colon),
                Tokens.number(value.substring(colon + 1).strip(), 0, Long.MAX_VALUE / 10, line, "bandwidth"));
    }

    private static Attribute attribute(String value, int line) throws SdpParseException {
        int colon = value.indexOf(':');
        return colon < 0 ? Attribute.parse(value, null, line)
                : Attribute.parse(value.substring(0, colon), value.substring(colon + 1), line);
    }

    private static final class Builder {
        Origin origin;
        String sessionName;
        String information;
        String uri;
        final List<String> emails = new ArrayList<>();
        final List<String> phones = new ArrayList<>();
        Connection connection;
        final List<Bandwidth> bandwidths = new ArrayList<>();
        final List<Timing> timings = new ArrayList<>();
        List<String> repeats;
        long start;
        long stop;
        String zones;
        String key;
        final List<Attribute> attributes = new ArrayList<>();
        final List<String> other = new ArrayList<>();

        void line(char type, String value, int line, String raw) throws SdpParseException {
            switch (type) {
                case 'o': {
                    once(origin, line, "o= line");
                    List<String> t = Tokens.split(value);
                    if (t.size() != 6) {
                        throw new SdpParseException(line, "o= must be '<username> <sess-id> <sess-version> <nettype> "
                                + "<addrtype> <address>', found " + t.size() + " fields");
                    }
                    if (!Tokens.isDigits(t.get(1), 40)) {
                        throw new SdpParseException(line, "o= session id is not a number: '" + shorten(t.get(1)) + "'");
                    }
                    long version = Tokens.number(t.get(2), 0, Long.MAX_VALUE, line, "o= session version");
                    origin = new Origin(t.get(0), t.get(1), version, t.get(3), t.get(4), t.get(5));
                    break;
                }
                case 's':
                    once(sessionName, line, "s= line");
                    sessionName = value;
                    break;
                case 'i':
                    once(information, line, "session-level i= line");
                    information = value;
                    break;
                case 'u':
                    once(uri, line, "u= line");
                    uri = value;
                    break;
                case 'e':
                    emails.add(value);
                    break;
                case 'p':
                    phones.add(value);
                    break;
                case 'c':
                    once(connection, line, "session-level c= line");
                    connection = connection(value, line);
                    break;
                case 'b':
                    bandwidths.add(bandwidth(value, line));
                    break;
                case 't': {
                    flushTiming();
                    List<String> t = Tokens.split(value);
                    if (t.size() != 2) {
                        throw new SdpParseException(line, "t= must be '<start> <stop>'");
                    }
                    start = Tokens.number(t.get(0), 0, Long.MAX_VALUE, line, "t= start");
                    stop = Tokens.number(t.get(1), 0, Long.MAX_VALUE, line, "t= stop");
                    repeats = new ArrayList<>();
                    break;
                }
                case 'r':
                    if (repeats == null) {
                        throw new SdpParseException(line, "r= without a t= line before it");
                    }
                    repeats.add(value);
                    break;
                case 'z':
                    once(zones, line, "z= line");
                    zones = value;
                    break;
                case 'k':
                    once(key, line, "session-level k= line");
                    key = value;
                    break;
                case 'a':
                    attributes.add(attribute(value, line));
                    break;
                case 'v':
                    throw new SdpParseException(line, "second v= line");
                default:
                    other.add(raw);
                    break;
            }
        }

        void flushTiming() {
            if (repeats != null) {
                timings.add(new Timing(start, stop, repeats));
                repeats = null;
            }
        }

        SessionDescription build(List<MediaDescription> media, int lines) throws SdpParseException {
            flushTiming();
            if (origin == null) {
                throw new SdpParseException(lines, "missing o= line");
            }
            if (sessionName == null) {
                throw new SdpParseException(lines, "missing s= line");
            }
            return new SessionDescription(0, origin, sessionName, information, uri, emails, phones, connection,
                    bandwidths, timings, zones, key, attributes, media, other);
        }
    }

    private static final class MediaBuilder {
        String media;
        int port;
        int portCount;
        String protocol;
        List<String> formats;
        String information;
        final List<Connection> connections = new ArrayList<>();
        final List<Bandwidth> bandwidths = new ArrayList<>();
        String key;
        final List<Attribute> attributes = new ArrayList<>();
        final List<String> other = new ArrayList<>();

        static MediaBuilder parse(String value, int line) throws SdpParseException {
            List<String> t = Tokens.split(value);
            if (t.size() < 3) {
                throw new SdpParseException(line, "m= must be '<media> <port>[/<count>] <proto> <fmt> ...'");
            }
            MediaBuilder b = new MediaBuilder();
            b.media = t.get(0);
            String port = t.get(1);
            int slash = port.indexOf('/');
            if (slash >= 0) {
                b.portCount = Tokens.integer(port.substring(slash + 1), 1, 65535, line, "m= port count");
                port = port.substring(0, slash);
            }
            b.port = Tokens.integer(port, 0, 65535, line, "m= port");
            b.protocol = t.get(2);
            b.formats = t.subList(3, t.size());
            return b;
        }

        void line(char type, String value, int line, String raw) throws SdpParseException {
            switch (type) {
                case 'i':
                    once(information, line, "i= line in a media section");
                    information = value;
                    break;
                case 'c':
                    connections.add(connection(value, line));
                    break;
                case 'b':
                    bandwidths.add(bandwidth(value, line));
                    break;
                case 'k':
                    once(key, line, "k= line in a media section");
                    key = value;
                    break;
                case 'a':
                    attributes.add(attribute(value, line));
                    break;
                case 'v':
                case 'o':
                case 's':
                case 'u':
                case 'e':
                case 'p':
                case 't':
                case 'r':
                case 'z':
                    throw new SdpParseException(line, type + "= is not allowed in a media section");
                default:
                    other.add(raw);
                    break;
            }
        }

        MediaDescription build() {
            return new MediaDescription(media, port, portCount, protocol, formats, information, connections,
                    bandwidths, key, attributes, other);
        }
    }

    // ------------------------------------------------------------------ write

    /** {@return the description as text, CRLF line endings, in RFC 8866 order} */
    public String write() {
        StringBuilder sb = new StringBuilder(4096);
        line(sb, 'v', Integer.toString(version));
        line(sb, 'o', origin.value());
        line(sb, 's', sessionName);
        if (information != null) {
            line(sb, 'i', information);
        }
        if (uri != null) {
            line(sb, 'u', uri);
        }
        for (String e : emails) {
            line(sb, 'e', e);
        }
        for (String p : phones) {
            line(sb, 'p', p);
        }
        if (connection != null) {
            line(sb, 'c', connection.value());
        }
        for (Bandwidth b : bandwidths) {
            line(sb, 'b', b.text());
        }
        for (Timing t : timings) {
            line(sb, 't', t.start() + " " + t.stop());
            for (String r : t.repeats()) {
                line(sb, 'r', r);
            }
        }
        if (timeZones != null) {
            line(sb, 'z', timeZones);
        }
        if (encryptionKey != null) {
            line(sb, 'k', encryptionKey);
        }
        for (String o : otherLines) {
            sb.append(o).append("\r\n");
        }
        for (Attribute a : attributes) {
            line(sb, 'a', a.text());
        }
        for (MediaDescription m : media) {
            writeMedia(sb, m);
        }
        return sb.toString();
    }

    private static void writeMedia(StringBuilder sb, MediaDescription m) {
        line(sb, 'm', m.mediaLine());
        if (m.information() != null) {
            line(sb, 'i', m.information());
        }
        for (Connection c : m.connections()) {
            line(sb, 'c', c.value());
        }
        for (Bandwidth b : m.bandwidths()) {
            line(sb, 'b', b.text());
        }
        if (m.encryptionKey() != null) {
            line(sb, 'k', m.encryptionKey());
        }
        for (String o : m.otherLines()) {
            sb.append(o).append("\r\n");
        }
        for (Attribute a : m.attributes()) {
            line(sb, 'a', a.text());
        }
    }

    private static void line(StringBuilder sb, char type, String value) {
        sb.append(type).append('=').append(value).append("\r\n");
    }

    @Override
    public String toString() {
        return write();
    }
}
