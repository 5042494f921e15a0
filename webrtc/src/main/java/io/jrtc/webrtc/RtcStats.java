package io.jrtc.webrtc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a stats report (W3C {@code RTCStats}): its id, its type ({@code "candidate-pair"},
 * {@code "inbound-rtp"}, …, the names of the W3C webrtc-stats document), the time it was taken in
 * milliseconds, and its members by their W3C names ({@code bytesReceived}, {@code packetsLost}, …).
 * Values are {@link Long}, {@link Double}, {@link Boolean} or {@link String}. Immutable.
 */
public record RtcStats(String id, String type, double timestamp, Map<String, Object> members) {

    public RtcStats {
        Objects.requireNonNull(id);
        Objects.requireNonNull(type);
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    /** A member by its W3C name, or {@code null}. */
    public Object get(String name) {
        return members.get(name);
    }

    /** A numeric member as a long (0 when absent). */
    public long getLong(String name) {
        Object v = members.get(name);
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** A numeric member as a double (0 when absent). */
    public double getDouble(String name) {
        Object v = members.get(name);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    /** A string member, or {@code null}. */
    public String getString(String name) {
        Object v = members.get(name);
        return v == null ? null : v.toString();
    }
}
