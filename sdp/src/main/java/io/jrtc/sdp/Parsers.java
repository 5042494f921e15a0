package io.jrtc.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The grammars of the typed attributes. */
final class Parsers {
    private Parsers() {
    }

    /** The typed record for a known attribute, {@code null} for an unknown one. */
    static Attribute parseTyped(String name, String value, int line) throws SdpParseException {
        Direction dir = Direction.fromToken(name);
        if (dir != null) {
            return value == null ? new Attribute.MediaDirection(dir) : null;
        }
        if (Attribute.FLAGS.contains(name)) {
            return value == null ? new Attribute.Flag(name) : null;
        }
        if (value == null) {
            return null;
        }
        switch (name) {
            case "group": {
                List<String> t = Tokens.split(value);
                if (t.isEmpty()) {
                    throw new SdpParseException(line, "group needs a semantics such as BUNDLE");
                }
                return new Attribute.Group(t.get(0), t.subList(1, t.size()));
            }
            case "msid-semantic": {
                List<String> t = Tokens.split(value);
                if (t.isEmpty()) {
                    throw new SdpParseException(line, "msid-semantic needs a semantics such as WMS");
                }
                return new Attribute.MsidSemantic(t.get(0), t.subList(1, t.size()), value.startsWith(" "));
            }
            case "ice-ufrag":
                if (value.isEmpty()) {
                    throw new SdpParseException(line, "empty ice-ufrag");
                }
                return new Attribute.IceUfrag(value);
            case "ice-pwd":
                if (value.isEmpty()) {
                    throw new SdpParseException(line, "empty ice-pwd");
                }
                return new Attribute.IcePwd(value);
            case "ice-options":
                return new Attribute.IceOptions(Tokens.split(value));
            case "fingerprint": {
                List<String> t = Tokens.split(value);
                if (t.size() != 2) {
                    throw new SdpParseException(line, "fingerprint must be '<hash-function> <hex pairs>'");
                }
                if (!Tokens.isHexPairs(t.get(1))) {
                    throw new SdpParseException(line, "fingerprint '" + t.get(1) + "' is not colon-separated hex pairs");
                }
                return new Attribute.Fingerprint(t.get(0), t.get(1));
            }
            case "setup": {
                SetupRole role = SetupRole.fromToken(value.strip());
                if (role == null) {
                    throw new SdpParseException(line, "setup must be active, passive, actpass or holdconn, found '"
                            + value + "'");
                }
                return new Attribute.Setup(role);
            }
            case "mid":
                if (value.isEmpty()) {
                    throw new SdpParseException(line, "empty mid");
                }
                return new Attribute.Mid(value);
            case "extmap":
                return extmap(value, line);
            case "rtcp": {
                List<String> t = Tokens.split(value);
                if (t.size() != 1 && t.size() != 4) {
                    throw new SdpParseException(line, "rtcp must be '<port> [IN IP4 <address>]'");
                }
                int port = Tokens.integer(t.get(0), 0, 65535, line, "rtcp port");
                return t.size() == 1 ? new Attribute.Rtcp(port, null, null, null)
                        : new Attribute.Rtcp(port, t.get(1), t.get(2), t.get(3));
            }
            case "rtcp-xr":
                return new Attribute.RtcpXr(Tokens.split(value));
            case "rtpmap":
                return rtpmap(value, line);
            case "fmtp":
                return fmtp(value, line);
            case "rtcp-fb": {
                List<String> t = Tokens.split(value);
                if (t.size() < 2) {
                    throw new SdpParseException(line, "rtcp-fb must be '<payload type> <type> [<parameter>]'");
                }
                if (!t.get(0).equals("*")) {
                    Tokens.integer(t.get(0), 0, 127, line, "rtcp-fb payload type");
                }
                String param = t.size() > 2 ? String.join(" ", t.subList(2, t.size())) : null;
                return new Attribute.RtcpFb(t.get(0), t.get(1), param);
            }
            case "ssrc": {
                int sp = value.indexOf(' ');
                if (sp <= 0) {
                    throw new SdpParseException(line, "ssrc must be '<ssrc> <attribute>[:<value>]'");
                }
                long ssrc = Tokens.number(value.substring(0, sp), 0, 0xFFFFFFFFL, line, "ssrc");
                String rest = value.substring(sp + 1);
                if (rest.isEmpty()) {
                    throw new SdpParseException(line, "ssrc without an attribute");
                }
                int colon = rest.indexOf(':');
                return colon < 0 ? new Attribute.Ssrc(ssrc, rest, null)
                        : new Attribute.Ssrc(ssrc, rest.substring(0, colon), rest.substring(colon + 1));
            }
            case "ssrc-group": {
                List<String> t = Tokens.split(value);
                if (t.isEmpty()) {
                    throw new SdpParseException(line, "ssrc-group needs a semantics such as FID");
                }
                List<Long> ssrcs = new ArrayList<>();
                for (String s : t.subList(1, t.size())) {
                    ssrcs.add(Tokens.number(s, 0, 0xFFFFFFFFL, line, "ssrc-group ssrc"));
                }
                return new Attribute.SsrcGroup(t.get(0), ssrcs);
            }
            case "msid": {
                List<String> t = Tokens.split(value);
                if (t.isEmpty() || t.size() > 2) {
                    throw new SdpParseException(line, "msid must be '<stream id> [<track id>]'");
                }
                return new Attribute.Msid(t.get(0), t.size() > 1 ? t.get(1) : null);
            }
            case "rid":
                return rid(value, line);
            case "simulcast":
                return simulcast(value, line);
            case "sctp-port":
                return new Attribute.SctpPort(Tokens.integer(value.strip(), 0, 65535, line, "sctp-port"));
            case "max-message-size":
                return new Attribute.MaxMessageSize(Tokens.number(value.strip(), 0, Long.MAX_VALUE / 10, line,
                        "max-message-size"));
            case "sctpmap": {
                List<String> t = Tokens.split(value);
                if (t.size() < 2 || t.size() > 3) {
                    throw new SdpParseException(line, "sctpmap must be '<number> <protocol> [<streams>]'");
                }
                int number = Tokens.integer(t.get(0), 0, 65535, line, "sctpmap number");
                int streams = t.size() > 2 ? Tokens.integer(t.get(2), 1, 65535, line, "sctpmap streams") : 0;
                return new Attribute.Sctpmap(number, t.get(1), streams);
            }
            case "candidate":
                return CandidateAttribute.parseValue(value, line);
            case "identity":
                return new Attribute.Identity(value);
            default:
                return null;
        }
    }

    private static Attribute extmap(String value, int line) throws SdpParseException {
        List<String> t = Tokens.split(value);
        if (t.size() < 2) {
            throw new SdpParseException(line, "extmap must be '<id>[/<direction>] <uri> [<attributes>]'");
        }
        String idPart = t.get(0);
        Direction dir = null;
        int slash = idPart.indexOf('/');
        if (slash >= 0) {
            dir = Direction.fromToken(idPart.substring(slash + 1));
            if (dir == null) {
                throw new SdpParseException(line, "extmap direction '" + idPart.substring(slash + 1) + "' is unknown");
            }
            idPart = idPart.substring(0, slash);
        }
        int id = Tokens.integer(idPart, 1, 4095, line, "extmap id");
        String attrs = t.size() > 2 ? String.join(" ", t.subList(2, t.size())) : null;
        return new Attribute.Extmap(id, dir, t.get(1), attrs);
    }

    private static Attribute rtpmap(String value, int line) throws SdpParseException {
        List<String> t = Tokens.split(value);
        if (t.size() != 2) {
            throw new SdpParseException(line, "rtpmap must be '<payload type> <encoding>/<clock rate>[/<channels>]'");
        }
        int pt = Tokens.integer(t.get(0), 0, 127, line, "rtpmap payload type");
        String[] parts = t.get(1).split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
            throw new SdpParseException(line, "rtpmap encoding must be '<name>/<clock rate>[/<channels>]'");
        }
        int rate = Tokens.integer(parts[1], 1, Integer.MAX_VALUE, line, "rtpmap clock rate");
        int channels = parts.length == 3 ? Tokens.integer(parts[2], 1, 255, line, "rtpmap channels") : 0;
        return new Attribute.Rtpmap(pt, parts[0], rate, channels);
    }

    private static Attribute fmtp(String value, int line) throws SdpParseException {
        int sp = value.indexOf(' ');
        String ptText = sp < 0 ? value : value.substring(0, sp);
        int pt = Tokens.integer(ptText, 0, 127, line, "fmtp payload type");
        String params = sp < 0 ? "" : value.substring(sp + 1);
        return new Attribute.Fmtp(pt, parameters(params, line, "fmtp"));
    }

    /** {@code a=b;c;d=e} into an ordered map; keys without '=' map to null. */
    static Map<String, String> parameters(String params, int line, String what) throws SdpParseException {
        Map<String, String> map = new LinkedHashMap<>();
        if (params.isBlank()) {
            return map;
        }
        for (String p : params.split(";", -1)) {
            String s = p.strip();
            if (s.isEmpty()) {
                continue;
            }
            int eq = s.indexOf('=');
            String key = eq < 0 ? s : s.substring(0, eq).strip();
            String v = eq < 0 ? null : s.substring(eq + 1).strip();
            if (key.isEmpty()) {
                throw new SdpParseException(line, what + " parameter without a name");
            }
            if (map.containsKey(key)) {
                throw new SdpParseException(line, what + " parameter '" + key + "' appears twice");
            }
            map.put(key, v);
        }
        return map;
    }

    private static Attribute rid(String value, int line) throws SdpParseException {
        List<String> t = Tokens.split(value);
        if (t.size() < 2 || t.size() > 3) {
            throw new SdpParseException(line, "rid must be '<id> send|recv [<restrictions>]'");
        }
        if (!t.get(1).equals("send") && !t.get(1).equals("recv")) {
            throw new SdpParseException(line, "rid direction must be send or recv, found '" + t.get(1) + "'");
        }
        Map<String, String> params = t.size() > 2 ? parameters(t.get(2), line, "rid") : Map.of();
        return new Attribute.Rid(t.get(0), t.get(1), params);
    }

    private static Attribute simulcast(String value, int line) throws SdpParseException {
        List<String> t = Tokens.split(value);
        List<List<String>> send = new ArrayList<>();
        List<List<String>> recv = new ArrayList<>();
        if (t.isEmpty() || t.size() % 2 != 0 || t.size() > 4) {
            throw new SdpParseException(line, "simulcast must be 'send <streams>' and/or 'recv <streams>'");
        }
        for (int i = 0; i < t.size(); i += 2) {
            List<List<String>> target;
            if (t.get(i).equals("send") && send.isEmpty()) {
                target = send;
            } else if (t.get(i).equals("recv") && recv.isEmpty()) {
                target = recv;
            } else {
                throw new SdpParseException(line, "simulcast direction must be send or recv, once each");
            }
            for (String stream : t.get(i + 1).split(";", -1)) {
                List<String> alts = new ArrayList<>();
                for (String alt : stream.split(",", -1)) {
                    String id = alt.startsWith("~") ? alt.substring(1) : alt;
                    if (id.isEmpty()) {
                        throw new SdpParseException(line, "simulcast has an empty rid");
                    }
                    alts.add(alt);
                }
                target.add(alts);
            }
        }
        return new Attribute.Simulcast(send, recv);
    }
}
