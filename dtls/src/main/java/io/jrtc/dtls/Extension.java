package io.jrtc.dtls;

import io.jrtc.core.Bytes;
import io.jrtc.core.SrtpProfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A hello extension: type and opaque data. Unknown types are carried and ignored. Helpers encode and
 * decode the extensions DTLS 1.2 for WebRTC uses.
 *
 * @param type IANA extension type
 * @param data extension_data
 */
public record Extension(int type, Bytes data) {
    /** Extension {@code supported_groups} (10), RFC 8422 §5.1.1. */
    public static final int SUPPORTED_GROUPS = 10;
    /** Extension {@code ec_point_formats} (11), RFC 8422 §5.1.2. */
    public static final int EC_POINT_FORMATS = 11;
    /** Extension {@code signature_algorithms} (13), RFC 5246 §7.4.1.4.1. */
    public static final int SIGNATURE_ALGORITHMS = 13;
    /** Extension {@code use_srtp} (14), RFC 5764 §4.1.1. */
    public static final int USE_SRTP = 14;
    /** Extension {@code extended_master_secret} (23), RFC 7627. */
    public static final int EXTENDED_MASTER_SECRET = 23;
    /** Extension {@code supported_versions} (43), RFC 8446 §4.2.1, ignored. */
    public static final int SUPPORTED_VERSIONS = 43;
    /** Extension {@code key_share} (51), RFC 8446 §4.2.8, ignored. */
    public static final int KEY_SHARE = 51;
    /** Extension {@code renegotiation_info} (0xff01), RFC 5746. */
    public static final int RENEGOTIATION_INFO = 0xff01;

    /**
     * The RFC name of an extension type, for logs.
     *
     * @param type the extension type
     * @return e.g. {@code use_srtp}, or the number
     */
    public static String name(int type) {
        return switch (type) {
            case SUPPORTED_GROUPS -> "supported_groups";
            case EC_POINT_FORMATS -> "ec_point_formats";
            case SIGNATURE_ALGORITHMS -> "signature_algorithms";
            case USE_SRTP -> "use_srtp";
            case EXTENDED_MASTER_SECRET -> "extended_master_secret";
            case SUPPORTED_VERSIONS -> "supported_versions";
            case KEY_SHARE -> "key_share";
            case RENEGOTIATION_INFO -> "renegotiation_info";
            default -> "extension(" + type + ")";
        };
    }

    static List<Extension> parseList(WireReader r) throws DtlsParseException {
        List<Extension> out = new ArrayList<>();
        if (r.remaining() == 0) return out;
        WireReader list = r.sub(r.u16("extensions length"), "extensions");
        while (list.remaining() > 0) {
            int type = list.u16("extension type");
            out.add(new Extension(type, list.vector16(name(type))));
        }
        return out;
    }

    static void writeList(WireWriter w, List<Extension> exts) {
        if (exts.isEmpty()) return;
        int m = w.beginBlock(2);
        for (Extension e : exts) {
            w.u16(e.type).vector16(e.data);
        }
        w.endBlock(m);
    }

    static Extension find(List<Extension> exts, int type) {
        for (Extension e : exts) {
            if (e.type == type) return e;
        }
        return null;
    }

    /** A list of 16-bit values with a 16-bit byte length (supported_groups, signature_algorithms). */
    static Extension u16List(int type, List<Integer> values) {
        WireWriter w = new WireWriter();
        w.u16(values.size() * 2);
        for (int v : values) w.u16(v);
        return new Extension(type, Bytes.wrap(w.toByteArray()));
    }

    static List<Integer> parseU16List(Bytes data, String what) throws DtlsParseException {
        WireReader r = new WireReader(data.toByteArray(), what);
        int n = r.u16("length");
        if (n % 2 != 0) throw new DtlsParseException(what + ": odd length " + n);
        WireReader l = r.sub(n, "list");
        List<Integer> out = new ArrayList<>(n / 2);
        while (l.remaining() > 0) out.add(l.u16("entry"));
        r.expectEnd();
        return out;
    }

    /** use_srtp (RFC 5764 §4.1.1): profiles, then an empty MKI. */
    static Extension useSrtp(List<SrtpProfile> profiles) {
        WireWriter w = new WireWriter();
        w.u16(profiles.size() * 2);
        for (SrtpProfile p : profiles) w.u16(p.dtlsId());
        w.u8(0);
        return new Extension(USE_SRTP, Bytes.wrap(w.toByteArray()));
    }

    static List<Integer> parseUseSrtp(Bytes data) throws DtlsParseException {
        WireReader r = new WireReader(data.toByteArray(), "use_srtp");
        int n = r.u16("profiles length");
        if (n % 2 != 0) throw new DtlsParseException("use_srtp: odd profiles length " + n);
        WireReader l = r.sub(n, "profiles");
        List<Integer> out = new ArrayList<>(n / 2);
        while (l.remaining() > 0) out.add(l.u16("profile"));
        r.vector8("mki");
        r.expectEnd();
        return out;
    }

    static Extension empty(int type) {
        return new Extension(type, Bytes.EMPTY);
    }

    /** {@return renegotiation_info for an initial handshake: an empty renegotiated_connection} */
    static Extension renegotiationInfo() {
        return new Extension(RENEGOTIATION_INFO, Bytes.of((byte) 0));
    }

    /** {@return ec_point_formats with only "uncompressed"} */
    static Extension pointFormats() {
        return new Extension(EC_POINT_FORMATS, Bytes.of((byte) 1, (byte) 0));
    }
}
