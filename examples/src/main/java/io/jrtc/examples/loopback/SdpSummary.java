package io.jrtc.examples.loopback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a learner should see of an offer or an answer: its m-sections (mid, direction, codecs, RTCP
 * feedback, SSRCs; the data channel's SCTP port and message size), the ICE credentials, the DTLS
 * fingerprint and setup role, and the candidates it already carries. Read straight from the SDP
 * lines, the way a person reads them.
 */
final class SdpSummary {
    /** One m= section. */
    static final class Section {
        String media;
        String proto;
        String mid;
        String direction;
        final Map<String, String> rtpmap = new LinkedHashMap<>(); // pt -> "VP8/90000"
        final Map<String, String> rtxOf = new LinkedHashMap<>();  // rtx pt -> primary pt
        final List<String> feedback = new ArrayList<>();          // of the first codec
        final List<String> ssrcs = new ArrayList<>();
        String sctpPort;
        String maxMessageSize;
    }

    final int bytes;
    String bundle;
    String ufrag;
    String pwd;
    String iceOptions;
    String fingerprint;
    String setup;
    final List<Section> sections = new ArrayList<>();
    final List<String> candidates = new ArrayList<>();

    private SdpSummary(String sdp) {
        this.bytes = sdp.length();
        Section s = null;
        String firstPt = null;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                s = new Section();
                String[] f = line.substring(2).split(" ");
                s.media = f[0];
                s.proto = f.length > 2 ? f[2] : "";
                firstPt = f.length > 3 ? f[3] : null;
                sections.add(s);
                continue;
            }
            if (!line.startsWith("a=")) {
                continue;
            }
            String a = line.substring(2);
            int colon = a.indexOf(':');
            String name = colon < 0 ? a : a.substring(0, colon);
            String value = colon < 0 ? "" : a.substring(colon + 1);
            switch (name) {
                case "group" -> bundle = value;
                case "ice-ufrag" -> ufrag = first(ufrag, value);
                case "ice-pwd" -> pwd = first(pwd, value);
                case "ice-options" -> iceOptions = first(iceOptions, value);
                case "fingerprint" -> fingerprint = first(fingerprint, value);
                case "setup" -> setup = first(setup, value);
                case "candidate" -> {
                    if (!candidates.contains(value)) {
                        candidates.add(value);
                    }
                }
                default -> {
                    if (s == null) {
                        continue;
                    }
                    switch (name) {
                        case "mid" -> s.mid = value;
                        case "sendrecv", "sendonly", "recvonly", "inactive" -> s.direction = name;
                        case "rtpmap" -> {
                            String[] f = value.split(" ", 2);
                            s.rtpmap.put(f[0], f.length > 1 ? f[1] : "?");
                        }
                        case "fmtp" -> {
                            String[] f = value.split(" ", 2);
                            if (f.length > 1 && f[1].startsWith("apt=")) {
                                s.rtxOf.put(f[0], f[1].substring(4));
                            }
                        }
                        case "rtcp-fb" -> {
                            String[] f = value.split(" ", 2);
                            if (f[0].equals(firstPt) && f.length > 1) {
                                s.feedback.add(f[1]);
                            }
                        }
                        case "ssrc" -> {
                            String ssrc = value.split(" ", 2)[0];
                            if (!s.ssrcs.contains(ssrc)) {
                                s.ssrcs.add(ssrc);
                            }
                        }
                        case "sctp-port" -> s.sctpPort = value;
                        case "max-message-size" -> s.maxMessageSize = value;
                        default -> {
                        }
                    }
                }
            }
        }
    }

    private static String first(String old, String value) {
        return old != null ? old : value;
    }

    static SdpSummary of(String sdp) {
        return new SdpSummary(sdp);
    }

    /** The section of a kind ("video", "application"), or null. */
    Section section(String media) {
        for (Section s : sections) {
            if (s.media.equals(media)) {
                return s;
            }
        }
        return null;
    }

    /** The summary, one string per line. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(bytes + " bytes, " + sections.size() + " m-sections" + (bundle != null && bundle.startsWith("BUNDLE")
                ? " on one transport (a=group:" + bundle + ")" : ""));
        for (Section s : sections) {
            if (s.proto.contains("SCTP")) {
                out.add("m=" + s.media + " mid " + s.mid + ": " + s.proto + " webrtc-datachannel, a=sctp-port:" + s.sctpPort
                        + ", a=max-message-size:" + s.maxMessageSize);
                continue;
            }
            List<String> codecs = new ArrayList<>();
            for (Map.Entry<String, String> e : s.rtpmap.entrySet()) {
                if (s.rtxOf.containsKey(e.getKey())) {
                    continue;
                }
                String rtx = null;
                for (Map.Entry<String, String> r : s.rtxOf.entrySet()) {
                    if (r.getValue().equals(e.getKey())) {
                        rtx = r.getKey();
                    }
                }
                codecs.add(e.getValue() + " (pt " + e.getKey() + (rtx != null ? ", rtx " + rtx : "") + ")");
            }
            out.add("m=" + s.media + " mid " + s.mid + " " + s.direction + ": " + String.join(", ", codecs));
            String ssrcs = s.ssrcs.isEmpty() ? "none" : s.ssrcs.get(0) + (s.ssrcs.size() > 1
                    ? " + rtx " + String.join(", ", s.ssrcs.subList(1, s.ssrcs.size())) : "");
            out.add("  rtcp-fb " + String.join(", ", s.feedback) + "; a=ssrc " + ssrcs);
        }
        out.add("a=ice-ufrag:" + ufrag + "  a=ice-pwd:(" + (pwd == null ? 0 : pwd.length()) + " chars)"
                + (iceOptions != null ? "  a=ice-options:" + iceOptions : ""));
        out.add("a=fingerprint:" + shortFingerprint(fingerprint) + "  a=setup:" + setup);
        if (candidates.isEmpty()) {
            out.add("a=candidate: none yet (trickle ICE: they follow one by one)");
        } else {
            for (String c : candidates) {
                out.add("a=candidate:" + c);
            }
        }
        return out;
    }

    /** "sha-256 1A:74:CE:68:...:7E:0C" from "sha-256 1A:74:...". */
    static String shortFingerprint(String fp) {
        if (fp == null) {
            return "none";
        }
        String[] f = fp.split(" ", 2);
        if (f.length < 2) {
            return fp;
        }
        String[] b = f[1].split(":");
        if (b.length <= 8) {
            return fp;
        }
        return f[0] + " " + String.join(":", List.of(b).subList(0, 4)) + ":...:" + b[b.length - 2] + ":" + b[b.length - 1]
                + " (" + b.length + " bytes)";
    }
}
