package io.jrtc.stun;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * How STUN lays out its fields (RFC 8489 §5, §14): big-endian integers, the padding of attribute values
 * to 4 bytes, UTF-8 text and the (XOR-)address encoding. Package-private helpers of the parser and
 * encoders.
 */
final class StunEncoding {
    static final int MAGIC_COOKIE = 0x2112A442;

    private StunEncoding() {
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static int i32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    static long u32(byte[] b, int off) {
        return i32(b, off) & 0xFFFFFFFFL;
    }

    static long i64(byte[] b, int off) {
        return ((long) i32(b, off) << 32) | (i32(b, off + 4) & 0xFFFFFFFFL);
    }

    static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void putI32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void putI64(byte[] b, int off, long v) {
        putI32(b, off, (int) (v >>> 32));
        putI32(b, off + 4, (int) v);
    }

    /** {@code n} rounded up to a multiple of 4. */
    static int pad4(int n) {
        return (n + 3) & ~3;
    }

    // ---- UTF-8 without an intermediate byte[]: the same bytes String.getBytes(UTF_8) gives ----

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++; // an unpaired surrogate is written as '?', as String.getBytes does
            } else {
                n += 3;
            }
        }
        return n;
    }

    static int writeUtf8(String s, byte[] dst, int off) {
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                dst[off++] = (byte) c;
            } else if (c < 0x800) {
                dst[off++] = (byte) (0xC0 | (c >>> 6));
                dst[off++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                dst[off++] = (byte) (0xF0 | (cp >>> 18));
                dst[off++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
                dst[off++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
                dst[off++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                dst[off++] = (byte) '?';
            } else {
                dst[off++] = (byte) (0xE0 | (c >>> 12));
                dst[off++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
                dst[off++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return off;
    }

    static String utf8(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    // ---- addresses ----

    static InetSocketAddress checkAddress(InetSocketAddress a, String what) {
        if (a == null) {
            throw new NullPointerException(what + ": address");
        }
        if (a.isUnresolved()) {
            throw new IllegalArgumentException(what + ": address must be resolved (an IP), got " + a);
        }
        return a;
    }

    static int addressLength(InetSocketAddress a) {
        return a.getAddress() instanceof Inet4Address ? 8 : 20;
    }

    /**
     * Writes the 8- or 20-byte address value; when {@code xor}, the port is XORed with the top half of
     * the magic cookie and the address with the 16 bytes at {@code header[headerOff..]} (cookie and
     * transaction id).
     */
    static void writeAddress(InetSocketAddress a, boolean xor, byte[] dst, int off, byte[] header, int headerOff) {
        byte[] ip = a.getAddress().getAddress();
        dst[off] = 0;
        dst[off + 1] = (byte) (ip.length == 4 ? 1 : 2);
        int port = a.getPort();
        if (xor) {
            port ^= MAGIC_COOKIE >>> 16;
        }
        putU16(dst, off + 2, port);
        for (int i = 0; i < ip.length; i++) {
            dst[off + 4 + i] = xor ? (byte) (ip[i] ^ header[headerOff + i]) : ip[i];
        }
    }

    static InetSocketAddress readAddress(byte[] b, int off, int len, boolean xor, byte[] header, int headerOff,
                                         String name) throws StunParseException {
        if (len < 4) {
            throw new StunParseException(name + " value is " + len + " bytes, too short for family and port");
        }
        int family = u8(b, off + 1);
        int port = u16(b, off + 2);
        if (xor) {
            port ^= MAGIC_COOKIE >>> 16;
        }
        int ipLength;
        if (family == 1) {
            ipLength = 4;
        } else if (family == 2) {
            ipLength = 16;
        } else {
            throw new StunParseException(name + " has unknown address family 0x" + Integer.toHexString(family)
                    + " (1 is IPv4, 2 is IPv6)");
        }
        if (len != 4 + ipLength) {
            throw new StunParseException(name + " value is " + len + " bytes; an " + (family == 1 ? "IPv4" : "IPv6")
                    + " address needs " + (4 + ipLength));
        }
        byte[] ip = new byte[ipLength];
        for (int i = 0; i < ipLength; i++) {
            ip[i] = xor ? (byte) (b[off + 4 + i] ^ header[headerOff + i]) : b[off + 4 + i];
        }
        try {
            InetAddress address = ipLength == 4 ? InetAddress.getByAddress(ip) : Inet6Address.getByAddress(null, ip, -1);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            throw new StunParseException(name + ": bad address bytes", e); // not reachable with 4/16 bytes
        }
    }
}
