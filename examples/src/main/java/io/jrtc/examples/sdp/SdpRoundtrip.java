package io.jrtc.examples.sdp;

import io.jrtc.examples.Example;
import io.jrtc.sdp.Attribute;
import io.jrtc.sdp.MediaDescription;
import io.jrtc.sdp.SdpParseException;
import io.jrtc.sdp.SessionDescription;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code sdp-roundtrip FILE [--json]}: parses a session description and prints it written back (CRLF,
 * RFC 8866 order), or with {@code --json} the typed model as JSON. Invalid input prints
 * {@code line N: <what is wrong>} on stderr and exits with 1.
 *
 * <p>Try it on a browser offer: {@code sdp-roundtrip sdp/src/test/resources/io/jrtc/sdp/vectors/chromium156_offer_av_dc.sdp}.
 */
public final class SdpRoundtrip implements Example {

    @Override
    public String name() {
        return "sdp-roundtrip";
    }

    @Override
    public String usage() {
        return "FILE [--json]";
    }

    @Override
    public String description() {
        return "parse an SDP file and print it written back (or its typed model as JSON)";
    }

    @Override
    public int run(String[] args) throws IOException {
        return run(args, System.out, System.err);
    }

    /** The example's logic, with its output streams passed in (the test captures them). */
    public int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--json"))) {
            err.println("usage: sdp-roundtrip " + usage());
            return 2;
        }
        String text;
        try {
            text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("cannot read " + args[0] + ": " + e);
            return 2;
        }
        boolean json = args.length == 2;

        // [SDP] step 1: parse. Every error names its line.
        SessionDescription d;
        try {
            d = SessionDescription.parse(text);
        } catch (SdpParseException e) {
            err.println(e.getMessage());
            return 1;
        }
        err.println("[SDP] parsed " + args[0] + ": " + d.media().size() + " media sections, BUNDLE "
                + d.bundleMids());
        for (MediaDescription m : d.media()) {
            long raw = m.attributes().stream().filter(a -> a instanceof Attribute.Raw).count();
            err.println("[SDP]   m=" + m.media() + " mid=" + m.mid() + " port=" + m.port() + " "
                    + m.attributes().size() + " attributes (" + raw + " kept raw), " + m.candidates().size()
                    + " candidates");
        }

        // [SDP] step 2: write back, or dump the typed model.
        if (json) {
            StringBuilder sb = new StringBuilder();
            writeJson(sb, d, 0);
            out.println(sb);
        } else {
            out.print(d.write());
        }
        out.flush();
        return 0;
    }

    // ------------------------------------------------------------------ a tiny JSON writer

    /** Writes records (component by component), lists, maps, enums, strings, numbers, booleans and null. */
    static void writeJson(StringBuilder sb, Object v, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String) {
            string(sb, (String) v);
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Enum) {
            string(sb, ((Enum<?>) v).name().toLowerCase(java.util.Locale.ROOT));
        } else if (v instanceof List) {
            List<?> l = (List<?>) v;
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                newline(sb, depth + 1);
                writeJson(sb, l.get(i), depth + 1);
            }
            newline(sb, depth);
            sb.append(']');
        } else if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ", ");
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                writeJson(sb, e.getValue(), depth + 1);
            }
            sb.append('}');
        } else if (v.getClass().isRecord()) {
            sb.append('{');
            boolean first = true;
            if (v instanceof Attribute) {
                sb.append("\"@type\": ");
                string(sb, v.getClass().getSimpleName());
                first = false;
            }
            for (RecordComponent c : v.getClass().getRecordComponents()) {
                Object value;
                try {
                    value = c.getAccessor().invoke(v);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException(e);
                }
                sb.append(first ? "" : ", ");
                first = false;
                string(sb, c.getName());
                sb.append(": ");
                writeJson(sb, value, depth + 1);
            }
            sb.append('}');
        } else {
            string(sb, v.toString());
        }
    }

    private static void newline(StringBuilder sb, int depth) {
        sb.append('\n');
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
