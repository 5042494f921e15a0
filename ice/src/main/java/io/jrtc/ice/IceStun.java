package io.jrtc.ice;

import io.jrtc.core.Bytes;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The STUN messages the agent and the TURN client need, behind one small facade: build a request,
 * indication or response with the ICE and TURN attributes, protect it with MESSAGE-INTEGRITY and
 * FINGERPRINT; parse one and check both. (The full message model lives in the {@code stun} module;
 * this facade keeps the agent's code independent of its shape.)
 */
final class IceStun {
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int HEADER = 20;

    static final int BINDING = 0x001;
    static final int ALLOCATE = 0x003;
    static final int REFRESH = 0x004;
    static final int SEND = 0x006;
    static final int DATA = 0x007;
    static final int CREATE_PERMISSION = 0x008;
    static final int CHANNEL_BIND = 0x009;

    static final int REQUEST = 0;
    static final int INDICATION = 1;
    static final int SUCCESS = 2;
    static final int ERROR = 3;

    // attribute types (RFC 8489, RFC 8445, RFC 8656, and the Chrome/WebRTC NOMINATION attribute)
    static final int MAPPED_ADDRESS = 0x0001;
    static final int USERNAME = 0x0006;
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int ERROR_CODE = 0x0009;
    static final int CHANNEL_NUMBER = 0x000C;
    static final int LIFETIME = 0x000D;
    static final int XOR_PEER_ADDRESS = 0x0012;
    static final int DATA_ATTR = 0x0013;
    static final int REALM = 0x0014;
    static final int NONCE = 0x0015;
    static final int XOR_RELAYED_ADDRESS = 0x0016;
    static final int REQUESTED_TRANSPORT = 0x0019;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int PRIORITY = 0x0024;
    static final int USE_CANDIDATE = 0x0025;
    static final int FINGERPRINT = 0x8028;
    static final int ICE_CONTROLLED = 0x8029;
    static final int ICE_CONTROLLING = 0x802A;
    static final int NOMINATION = 0xC001;

    private static final int FINGERPRINT_XOR = 0x5354554e;

    private IceStun() {
    }

    /** RFC 7983 demultiplexing plus the STUN header shape: first byte 0..3 and the magic cookie. */
    static boolean looksLikeStun(byte[] d) {
        return d.length >= HEADER && (d[0] & 0xC0) == 0 && readInt(d, 4) == MAGIC_COOKIE && (readShort(d, 2) & 3) == 0;
    }

    /** A TURN ChannelData message (RFC 8656 §12): first byte 64..79 (channel 0x4000..0x4FFF). */
    static boolean looksLikeChannelData(byte[] d) {
        return d.length >= 4 && (d[0] & 0xF0) == 0x40;
    }

    static Bytes newTransactionId(java.util.random.RandomGenerator random) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        return Bytes.wrap(id);
    }

    static int messageType(int method, int cls) {
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2) | ((cls & 1) << 4) | ((cls & 2) << 7);
    }

    /** Builds one STUN message; attributes are written in the order they are added. */
    static final class Builder {
        private final int method;
        private final int cls;
        private final Bytes txid;
        private final ByteArrayOutputStream attrs = new ByteArrayOutputStream(128);

        Builder(int method, int cls, Bytes txid) {
            this.method = method;
            this.cls = cls;
            this.txid = txid;
        }

        Builder attribute(int type, byte[] value) {
            attrs.write(type >>> 8);
            attrs.write(type);
            attrs.write(value.length >>> 8);
            attrs.write(value.length);
            attrs.writeBytes(value);
            for (int i = value.length; (i & 3) != 0; i++) {
                attrs.write(0);
            }
            return this;
        }

        Builder username(String u) {
            return attribute(USERNAME, u.getBytes(StandardCharsets.UTF_8));
        }

        Builder priority(long p) {
            return attribute(PRIORITY, int32((int) p));
        }

        Builder useCandidate() {
            return attribute(USE_CANDIDATE, new byte[0]);
        }

        Builder nomination(int value) {
            return attribute(NOMINATION, int32(value & 0xFFFFFF));
        }

        Builder iceControlling(long tieBreaker) {
            return attribute(ICE_CONTROLLING, int64(tieBreaker));
        }

        Builder iceControlled(long tieBreaker) {
            return attribute(ICE_CONTROLLED, int64(tieBreaker));
        }

        Builder xorAddress(int type, InetSocketAddress a) {
            byte[] ip = a.getAddress().getAddress();
            byte[] v = new byte[4 + ip.length];
            v[1] = (byte) (ip.length == 4 ? 1 : 2);
            int port = a.getPort() ^ (MAGIC_COOKIE >>> 16);
            v[2] = (byte) (port >>> 8);
            v[3] = (byte) port;
            byte[] mask = xorMask(txid);
            for (int i = 0; i < ip.length; i++) {
                v[4 + i] = (byte) (ip[i] ^ mask[i]);
            }
            return attribute(type, v);
        }

        Builder error(int code, String reason) {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] v = new byte[4 + r.length];
            v[2] = (byte) (code / 100);
            v[3] = (byte) (code % 100);
            System.arraycopy(r, 0, v, 4, r.length);
            return attribute(ERROR_CODE, v);
        }

        Builder lifetime(int seconds) {
            return attribute(LIFETIME, int32(seconds));
        }

        Builder requestedTransportUdp() {
            return attribute(REQUESTED_TRANSPORT, new byte[] {17, 0, 0, 0});
        }

        Builder channelNumber(int channel) {
            return attribute(CHANNEL_NUMBER, new byte[] {(byte) (channel >>> 8), (byte) channel, 0, 0});
        }

        Builder realm(String realm) {
            return attribute(REALM, realm.getBytes(StandardCharsets.UTF_8));
        }

        Builder nonce(String nonce) {
            return attribute(NONCE, nonce.getBytes(StandardCharsets.UTF_8));
        }

        Builder data(byte[] data) {
            return attribute(DATA_ATTR, data);
        }

        /** Encodes, adding MESSAGE-INTEGRITY with {@code key} when it is not null, then FINGERPRINT when asked. */
        byte[] encode(byte[] key, boolean fingerprint) {
            byte[] body = attrs.toByteArray();
            int length = body.length + (key != null ? 24 : 0) + (fingerprint ? 8 : 0);
            byte[] out = new byte[HEADER + length];
            int type = messageType(method, cls);
            out[0] = (byte) (type >>> 8);
            out[1] = (byte) type;
            writeInt(out, 4, MAGIC_COOKIE);
            txid.copyTo(out, 8);
            System.arraycopy(body, 0, out, HEADER, body.length);
            int pos = HEADER + body.length;
            if (key != null) {
                writeShort(out, 2, pos - HEADER + 24);
                byte[] mac = hmacSha1(key, out, 0, pos);
                writeShort(out, pos, MESSAGE_INTEGRITY);
                writeShort(out, pos + 2, 20);
                System.arraycopy(mac, 0, out, pos + 4, 20);
                pos += 24;
            }
            if (fingerprint) {
                writeShort(out, 2, pos - HEADER + 8);
                CRC32 crc = new CRC32();
                crc.update(out, 0, pos);
                writeShort(out, pos, FINGERPRINT);
                writeShort(out, pos + 2, 4);
                writeInt(out, pos + 4, (int) crc.getValue() ^ FINGERPRINT_XOR);
                pos += 8;
            }
            writeShort(out, 2, pos - HEADER);
            return out;
        }
    }

    static Builder request(int method, Bytes txid) {
        return new Builder(method, REQUEST, txid);
    }

    static Builder indication(int method, Bytes txid) {
        return new Builder(method, INDICATION, txid);
    }

    static Builder success(int method, Bytes txid) {
        return new Builder(method, SUCCESS, txid);
    }

    static Builder error(int method, Bytes txid, int code, String reason) {
        return new Builder(method, ERROR, txid).error(code, reason);
    }

    /** A parsed message: its header and the attributes ICE and TURN read, plus where integrity sits. */
    static final class Msg {
        final byte[] raw;
        final int method;
        final int cls;
        final Bytes txid;
        String username;
        long priority = -1;
        boolean useCandidate;
        Long controlling;
        Long controlled;
        int nomination = -1;
        InetSocketAddress xorMapped;
        InetSocketAddress xorRelayed;
        InetSocketAddress xorPeer;
        int errorCode;
        String realm;
        String nonce;
        int lifetime = -1;
        int channel = -1;
        byte[] data;
        int integrityOffset = -1;
        int fingerprintOffset = -1;

        Msg(byte[] raw, int method, int cls, Bytes txid) {
            this.raw = raw;
            this.method = method;
            this.cls = cls;
            this.txid = txid;
        }

        boolean hasIntegrity() {
            return integrityOffset >= 0;
        }

        /** Checks MESSAGE-INTEGRITY (RFC 8489 §14.5) with {@code key}; false when absent or wrong. */
        boolean integrityOk(byte[] key) {
            if (integrityOffset < 0 || key == null) {
                return false;
            }
            byte[] copy = Arrays.copyOf(raw, integrityOffset);
            writeShort(copy, 2, integrityOffset - HEADER + 24);
            byte[] mac = hmacSha1(key, copy, 0, integrityOffset);
            return MessageDigest.isEqual(mac, Arrays.copyOfRange(raw, integrityOffset + 4, integrityOffset + 24));
        }

        /** Checks FINGERPRINT when present; true when absent. */
        boolean fingerprintOkOrAbsent() {
            if (fingerprintOffset < 0) {
                return true;
            }
            byte[] copy = Arrays.copyOf(raw, fingerprintOffset);
            writeShort(copy, 2, fingerprintOffset - HEADER + 8);
            CRC32 crc = new CRC32();
            crc.update(copy, 0, fingerprintOffset);
            return readInt(raw, fingerprintOffset + 4) == ((int) crc.getValue() ^ FINGERPRINT_XOR);
        }

        boolean hasFingerprint() {
            return fingerprintOffset >= 0;
        }
    }

    /** Parses a STUN message; throws {@link IceParseException} for anything malformed. */
    static Msg parse(byte[] d) throws IceParseException {
        if (d.length < HEADER) {
            throw new IceParseException("stun: " + d.length + " bytes is shorter than the 20-byte header");
        }
        if ((d[0] & 0xC0) != 0) {
            throw new IceParseException("stun: the first two bits must be zero");
        }
        int length = readShort(d, 2);
        if ((length & 3) != 0 || HEADER + length != d.length) {
            throw new IceParseException("stun: length field " + length + " does not match " + (d.length - HEADER)
                    + " bytes after the header (or is not a multiple of 4)");
        }
        if (readInt(d, 4) != MAGIC_COOKIE) {
            throw new IceParseException("stun: no magic cookie");
        }
        int type = readShort(d, 0);
        int method = (type & 0x000F) | ((type & 0x00E0) >>> 1) | ((type & 0x3E00) >>> 2);
        int cls = ((type >>> 4) & 1) | ((type >>> 7) & 2);
        Msg m = new Msg(d, method, cls, Bytes.of(d, 8, 12));
        int pos = HEADER;
        while (pos < d.length) {
            if (pos + 4 > d.length) {
                throw new IceParseException("stun: truncated attribute header at offset " + pos);
            }
            int at = readShort(d, pos);
            int len = readShort(d, pos + 2);
            int vpos = pos + 4;
            if (vpos + len > d.length) {
                throw new IceParseException("stun: attribute 0x" + Integer.toHexString(at) + " of length " + len
                        + " runs past the end at offset " + pos);
            }
            if (m.fingerprintOffset >= 0) {
                throw new IceParseException("stun: attribute after FINGERPRINT at offset " + pos);
            }
            if (m.integrityOffset >= 0 && at != FINGERPRINT) {
                // RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored
                pos = vpos + ((len + 3) & ~3);
                continue;
            }
            switch (at) {
                case USERNAME -> {
                    if (len > 513) {
                        throw new IceParseException("stun: USERNAME longer than 513 bytes");
                    }
                    m.username = new String(d, vpos, len, StandardCharsets.UTF_8);
                }
                case PRIORITY -> m.priority = readInt(d, vpos, len, "PRIORITY") & 0xFFFF_FFFFL;
                case USE_CANDIDATE -> m.useCandidate = true;
                case NOMINATION -> m.nomination = readInt(d, vpos, len, "NOMINATION") & 0xFFFFFF;
                case ICE_CONTROLLING -> m.controlling = readLong(d, vpos, len, "ICE-CONTROLLING");
                case ICE_CONTROLLED -> m.controlled = readLong(d, vpos, len, "ICE-CONTROLLED");
                case XOR_MAPPED_ADDRESS -> m.xorMapped = xorAddress(d, vpos, len, m.txid, "XOR-MAPPED-ADDRESS");
                case XOR_RELAYED_ADDRESS -> m.xorRelayed = xorAddress(d, vpos, len, m.txid, "XOR-RELAYED-ADDRESS");
                case XOR_PEER_ADDRESS -> m.xorPeer = xorAddress(d, vpos, len, m.txid, "XOR-PEER-ADDRESS");
                case ERROR_CODE -> {
                    if (len < 4) {
                        throw new IceParseException("stun: ERROR-CODE shorter than 4 bytes");
                    }
                    int cl = d[vpos + 2] & 7;
                    int num = d[vpos + 3] & 0xFF;
                    if (cl < 3 || num > 99) {
                        throw new IceParseException("stun: ERROR-CODE class " + cl + " number " + num + " out of range");
                    }
                    m.errorCode = cl * 100 + num;
                }
                case REALM -> m.realm = boundedString(d, vpos, len, "REALM");
                case NONCE -> m.nonce = boundedString(d, vpos, len, "NONCE");
                case LIFETIME -> m.lifetime = readInt(d, vpos, len, "LIFETIME");
                case CHANNEL_NUMBER -> {
                    if (len != 4) {
                        throw new IceParseException("stun: CHANNEL-NUMBER must be 4 bytes, got " + len);
                    }
                    m.channel = readShort(d, vpos);
                }
                case DATA_ATTR -> m.data = Arrays.copyOfRange(d, vpos, vpos + len);
                case MESSAGE_INTEGRITY -> {
                    if (len != 20) {
                        throw new IceParseException("stun: MESSAGE-INTEGRITY must be 20 bytes, got " + len);
                    }
                    m.integrityOffset = pos;
                }
                case FINGERPRINT -> {
                    if (len != 4) {
                        throw new IceParseException("stun: FINGERPRINT must be 4 bytes, got " + len);
                    }
                    m.fingerprintOffset = pos;
                }
                default -> {
                    // unknown or unused attribute: skipped
                }
            }
            pos = vpos + ((len + 3) & ~3);
        }
        if (pos != d.length) {
            throw new IceParseException("stun: attribute padding runs past the end");
        }
        return m;
    }

    private static String boundedString(byte[] d, int pos, int len, String what) throws IceParseException {
        if (len > 763) {
            throw new IceParseException("stun: " + what + " longer than 763 bytes");
        }
        return new String(d, pos, len, StandardCharsets.UTF_8);
    }

    private static int readInt(byte[] d, int pos, int len, String what) throws IceParseException {
        if (len != 4) {
            throw new IceParseException("stun: " + what + " must be 4 bytes, got " + len);
        }
        return readInt(d, pos);
    }

    private static long readLong(byte[] d, int pos, int len, String what) throws IceParseException {
        if (len != 8) {
            throw new IceParseException("stun: " + what + " must be 8 bytes, got " + len);
        }
        return ((long) readInt(d, pos) << 32) | (readInt(d, pos + 4) & 0xFFFF_FFFFL);
    }

    private static InetSocketAddress xorAddress(byte[] d, int pos, int len, Bytes txid, String what) throws IceParseException {
        if (len < 4) {
            throw new IceParseException("stun: " + what + " shorter than 4 bytes");
        }
        int family = d[pos + 1] & 0xFF;
        int ipLength = family == 1 ? 4 : family == 2 ? 16 : -1;
        if (ipLength < 0 || len != 4 + ipLength) {
            throw new IceParseException("stun: " + what + " has family " + family + " and length " + len);
        }
        int port = readShort(d, pos + 2) ^ (MAGIC_COOKIE >>> 16);
        byte[] mask = xorMask(txid);
        byte[] ip = new byte[ipLength];
        for (int i = 0; i < ipLength; i++) {
            ip[i] = (byte) (d[pos + 4 + i] ^ mask[i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IceParseException("stun: " + what + " bad address", e);
        }
    }

    private static byte[] xorMask(Bytes txid) {
        byte[] mask = new byte[16];
        writeInt(mask, 0, MAGIC_COOKIE);
        txid.copyTo(mask, 4);
        return mask;
    }

    /** The long-term credential key (RFC 8489 §9.2.2): MD5(username ":" realm ":" password). */
    static byte[] longTermKey(String username, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5").digest(
                    (username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    /** The short-term credential key (RFC 8489 §9.1.1): the password itself (ICE passwords are ASCII). */
    static byte[] shortTermKey(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] hmacSha1(byte[] key, byte[] data, int offset, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data, offset, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
        }
    }

    static int readShort(byte[] d, int pos) {
        return ((d[pos] & 0xFF) << 8) | (d[pos + 1] & 0xFF);
    }

    static int readInt(byte[] d, int pos) {
        return ((d[pos] & 0xFF) << 24) | ((d[pos + 1] & 0xFF) << 16) | ((d[pos + 2] & 0xFF) << 8) | (d[pos + 3] & 0xFF);
    }

    static void writeShort(byte[] d, int pos, int v) {
        d[pos] = (byte) (v >>> 8);
        d[pos + 1] = (byte) v;
    }

    static void writeInt(byte[] d, int pos, int v) {
        d[pos] = (byte) (v >>> 24);
        d[pos + 1] = (byte) (v >>> 16);
        d[pos + 2] = (byte) (v >>> 8);
        d[pos + 3] = (byte) v;
    }

    private static byte[] int32(int v) {
        byte[] b = new byte[4];
        writeInt(b, 0, v);
        return b;
    }

    private static byte[] int64(long v) {
        byte[] b = new byte[8];
        writeInt(b, 0, (int) (v >>> 32));
        writeInt(b, 4, (int) v);
        return b;
    }
}
