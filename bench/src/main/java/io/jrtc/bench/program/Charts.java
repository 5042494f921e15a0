package io.jrtc.bench.program;

import io.jrtc.bench.program.Args.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code chart}: SVG charts from the result file {@code bench/run-matrix.sh} writes, one
 * {@code RESULT case=NAME mode=MODE key=value…} line per run:
 * <ul>
 *   <li>{@code throughput.svg}: Mbit/s of every dc-throughput case, and for the browser runs Chromium ↔
 *       jrtc beside Chromium ↔ Chromium;</li>
 *   <li>{@code connect.svg}: the distribution of connection setup times (from {@code samples_ms});</li>
 *   <li>{@code heap.svg}: server heap per connection against the number of connections (scale runs);</li>
 *   <li>{@code tables.md}: a markdown table per mode, a row per case.</li>
 * </ul>
 */
final class Charts {
    static final String USAGE = "chart --in RESULTS.txt --out DIR";
    private static final String FONT = "font-family=\"sans-serif\" font-size=\"12\"";

    private Charts() {
    }

    static int run(String[] args) throws Exception {
        Args a = new Args(args, Set.of("--in", "--out"), Set.of());
        if (!a.has("--in") || !a.has("--out")) {
            throw new UsageException("--in and --out are required");
        }
        List<Map<String, String>> rows = read(Path.of(a.string("--in", null)));
        Path out = Path.of(a.string("--out", null));
        Files.createDirectories(out);
        write(out.resolve("throughput.svg"), throughput(rows));
        write(out.resolve("connect.svg"), connect(rows));
        write(out.resolve("heap.svg"), heap(rows));
        write(out.resolve("tables.md"), tables(rows));
        System.out.println("charts: " + out.resolve("throughput.svg") + ", " + out.resolve("connect.svg") + ", " + out.resolve("heap.svg")
                + "; tables: " + out.resolve("tables.md"));
        System.out.println("charts=3 tables=1 rows=" + rows.size());
        return 0;
    }

    static List<Map<String, String>> read(Path in) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(in, StandardCharsets.UTF_8)) {
            if (!line.startsWith("RESULT ")) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (String kv : line.substring(7).trim().split("\\s+")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    row.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static void write(Path p, String svg) throws IOException {
        Files.writeString(p, svg, StandardCharsets.UTF_8);
    }

    /** One bar per series value; a group per label. */
    static String bars(String title, String unit, List<String> labels, List<String> series, List<double[]> values) {
        int rowH = 18 * Math.max(1, series.size()) + 10;
        int left = 230;
        int width = 760;
        int plot = width - left - 90;
        int height = 50 + labels.size() * rowH + 30;
        double max = 1e-9;
        for (double[] v : values) {
            for (double d : v) {
                if (!Double.isNaN(d)) {
                    max = Math.max(max, d);
                }
            }
        }
        String[] colours = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"};
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n", width, height, width,
                height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" %s font-size=\"15\">%s</text>%n", FONT, esc(title)));
        for (int k = 0; k < series.size(); k++) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"32\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"41\" %s>%s</text>%n",
                    left + k * 190, colours[k % colours.length], left + 14 + k * 190, FONT, esc(series.get(k))));
        }
        for (int i = 0; i < labels.size(); i++) {
            int y0 = 50 + i * rowH;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" %s text-anchor=\"end\">%s</text>%n", left - 8, y0 + rowH / 2 + 4, FONT,
                    esc(labels.get(i))));
            double[] v = values.get(i);
            for (int k = 0; k < v.length; k++) {
                if (Double.isNaN(v[k])) {
                    continue;
                }
                int w = (int) Math.round(plot * v[k] / max);
                int y = y0 + 4 + k * 18;
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"14\" fill=\"%s\"/>%n", left, y, Math.max(1, w),
                        colours[k % colours.length]));
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" %s>%s %s</text>%n", left + w + 4, y + 11, FONT, fmt(v[k]), esc(unit)));
            }
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String throughput(List<Map<String, String>> rows) {
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (Map<String, String> r : rows) {
            if ("dc-throughput".equals(r.get("mode")) && r.containsKey("mbps")) {
                labels.add(r.getOrDefault("case", "?"));
                values.add(new double[] {num(r.get("mbps")), Double.NaN});
            } else if ("browser".equals(r.get("mode"))) {
                for (String d : new String[] {"oneway", "echo"}) {
                    if (r.containsKey(d + "_jrtc_mbps")) {
                        labels.add(r.getOrDefault("case", "browser") + " " + d);
                        values.add(new double[] {num(r.get(d + "_jrtc_mbps")), num(r.get(d + "_chromium_mbps"))});
                    }
                }
            }
        }
        return bars("Data-channel throughput (Mbit/s, higher is better)", "Mbit/s", labels,
                List.of("jrtc (Java<->Java, or Chromium<->jrtc)", "Chromium<->Chromium, same run"), values);
    }

    private static String connect(List<Map<String, String>> rows) {
        List<Double> samples = new ArrayList<>();
        for (Map<String, String> r : rows) {
            if ("connect".equals(r.get("mode")) && r.containsKey("samples_ms")) {
                for (String v : r.get("samples_ms").split(",")) {
                    samples.add(num(v));
                }
            }
        }
        samples.sort(null);
        int buckets = 20;
        double max = samples.isEmpty() ? 1 : samples.get(samples.size() - 1);
        double width = Math.max(0.5, Math.ceil(max / buckets * 2) / 2);
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (int b = 0; b < buckets && b * width <= max; b++) {
            double lo = b * width;
            double hi = lo + width;
            long n = samples.stream().filter(v -> v >= lo && v < hi).count();
            labels.add(String.format(Locale.ROOT, "%.1f-%.1f ms", lo, hi));
            values.add(new double[] {n});
        }
        return bars("Connection setup, createOffer to first echo (" + samples.size() + " connections)", "connections", labels,
                List.of("connections"), values);
    }

    private static String heap(List<Map<String, String>> rows) {
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (Map<String, String> r : rows) {
            if ("scale".equals(r.get("mode")) && r.containsKey("heap_per_pc_kib")) {
                labels.add(r.getOrDefault("pcs", "?") + " PCs");
                values.add(new double[] {num(r.get("heap_per_pc_kib"))});
            }
        }
        return bars("Server heap per connection, one channel open (KiB, lower is better)", "KiB", labels, List.of("heap per PC"), values);
    }

    /** One markdown table per mode: a row per case, a column per key its last lines printed. */
    static String tables(List<Map<String, String>> rows) {
        Map<String, List<Map<String, String>>> byMode = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            byMode.computeIfAbsent(r.getOrDefault("mode", "?"), k -> new ArrayList<>()).add(r);
        }
        StringBuilder md = new StringBuilder();
        for (Map.Entry<String, List<Map<String, String>>> e : byMode.entrySet()) {
            List<String> keys = new ArrayList<>();
            for (Map<String, String> r : e.getValue()) {
                for (String k : r.keySet()) {
                    if (!k.equals("case") && !k.equals("mode") && !k.equals("samples_ms") && !keys.contains(k)) {
                        keys.add(k);
                    }
                }
            }
            md.append("### ").append(e.getKey()).append("\n\n| case |");
            keys.forEach(k -> md.append(' ').append(k).append(" |"));
            md.append("\n|---|");
            keys.forEach(k -> md.append("---:|"));
            md.append('\n');
            for (Map<String, String> r : e.getValue()) {
                md.append("| ").append(r.getOrDefault("case", "?")).append(" |");
                keys.forEach(k -> md.append(' ').append(r.getOrDefault(k, "")).append(" |"));
                md.append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static double num(String s) {
        try {
            return s == null ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
