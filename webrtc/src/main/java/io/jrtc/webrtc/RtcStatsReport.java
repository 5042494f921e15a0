package io.jrtc.webrtc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a connection's statistics (W3C {@code RTCStatsReport}): entries by id, each with a
 * W3C type and W3C member names, so tools written for browsers' {@code getStats()} read it. Immutable.
 */
public final class RtcStatsReport {
    private final Map<String, RtcStats> entries;

    public RtcStatsReport(List<RtcStats> stats) {
        Map<String, RtcStats> m = new LinkedHashMap<>();
        for (RtcStats s : stats) {
            m.put(s.id(), s);
        }
        this.entries = Collections.unmodifiableMap(m);
    }

    /** Every entry by id, in the order they were collected. */
    public Map<String, RtcStats> all() {
        return entries;
    }

    /** The entry with this id, or {@code null}. */
    public RtcStats get(String id) {
        return entries.get(id);
    }

    /** The entries of one type ({@code "inbound-rtp"}). */
    public List<RtcStats> ofType(String type) {
        List<RtcStats> out = new ArrayList<>();
        for (RtcStats s : entries.values()) {
            if (s.type().equals(type)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The first entry of a type, or {@code null}. */
    public RtcStats first(String type) {
        for (RtcStats s : entries.values()) {
            if (s.type().equals(type)) {
                return s;
            }
        }
        return null;
    }

    /** The report as the JSON object a browser's {@code Object.fromEntries(await pc.getStats())} gives. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (RtcStats s : entries.values()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            json(sb, s.id());
            sb.append(":{\"id\":");
            json(sb, s.id());
            sb.append(",\"type\":");
            json(sb, s.type());
            sb.append(",\"timestamp\":").append(s.timestamp());
            for (Map.Entry<String, Object> e : s.members().entrySet()) {
                sb.append(',');
                json(sb, e.getKey());
                sb.append(':');
                Object v = e.getValue();
                if (v instanceof Number || v instanceof Boolean) {
                    sb.append(v);
                } else {
                    json(sb, String.valueOf(v));
                }
            }
            sb.append('}');
        }
        return sb.append('}').toString();
    }

    private static void json(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return toJson();
    }
}
