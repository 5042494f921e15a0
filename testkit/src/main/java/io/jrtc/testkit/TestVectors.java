package io.jrtc.testkit;

import io.jrtc.core.Hex;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test vectors kept as text in test resources.
 *
 * <p>A {@code .hex} resource is hex digits with any white space, colons and {@code #} comments.
 * A named-vector resource has entries {@code name = hex…}, continued on following lines until the
 * next {@code name =}; lines starting with {@code #} are comments (name the RFC section there).
 */
public final class TestVectors {
    private TestVectors() {
    }

    /** The text of a resource next to {@code anchor} (or absolute with a leading slash). */
    public static String text(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource + " next to " + anchor.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw bytes of a resource. */
    public static byte[] bytes(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource + " next to " + anchor.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A resource of hex digits, decoded. */
    public static byte[] hex(Class<?> anchor, String resource) {
        return Hex.decode(text(anchor, resource));
    }

    /** A resource of named hex vectors, decoded, in file order. */
    public static Map<String, byte[]> named(Class<?> anchor, String resource) {
        Map<String, StringBuilder> raw = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : text(anchor, resource).split("\r?\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq > 0 && t.substring(0, eq).strip().matches("[A-Za-z0-9_.\\-]+")) {
                current = new StringBuilder(t.substring(eq + 1));
                raw.put(t.substring(0, eq).strip(), current);
            } else if (current != null) {
                current.append(' ').append(t);
            } else {
                throw new IllegalArgumentException(resource + ": hex before the first 'name =' line: " + t);
            }
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, Hex.decode(v)));
        return out;
    }
}
