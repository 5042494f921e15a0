package io.jrtc.dtls;

import io.jrtc.core.Bytes;

import java.util.ArrayList;
import java.util.List;

/** The DTLS 1.2 handshake messages (bodies, without the 12-byte fragment header), as values. */
public final class Handshake {
    public static final int HELLO_REQUEST = 0;
    public static final int CLIENT_HELLO = 1;
    public static final int SERVER_HELLO = 2;
    public static final int HELLO_VERIFY_REQUEST = 3;
    public static final int CERTIFICATE = 11;
    public static final int SERVER_KEY_EXCHANGE = 12;
    public static final int CERTIFICATE_REQUEST = 13;
    public static final int SERVER_HELLO_DONE = 14;
    public static final int CERTIFICATE_VERIFY = 15;
    public static final int CLIENT_KEY_EXCHANGE = 16;
    public static final int FINISHED = 20;

    private Handshake() {
    }

    public static String name(int type) {
        return switch (type) {
            case HELLO_REQUEST -> "HelloRequest";
            case CLIENT_HELLO -> "ClientHello";
            case SERVER_HELLO -> "ServerHello";
            case HELLO_VERIFY_REQUEST -> "HelloVerifyRequest";
            case CERTIFICATE -> "Certificate";
            case SERVER_KEY_EXCHANGE -> "ServerKeyExchange";
            case CERTIFICATE_REQUEST -> "CertificateRequest";
            case SERVER_HELLO_DONE -> "ServerHelloDone";
            case CERTIFICATE_VERIFY -> "CertificateVerify";
            case CLIENT_KEY_EXCHANGE -> "ClientKeyExchange";
            case FINISHED -> "Finished";
            default -> "handshake(" + type + ")";
        };
    }

    /** A handshake message body. */
    public sealed interface Body permits ClientHello, ServerHello, HelloVerifyRequest, CertificateMessage,
            ServerKeyExchange, CertificateRequest, ServerHelloDone, ClientKeyExchange, CertificateVerify, Finished {
        int msgType();

        byte[] encode();
    }

    private static WireReader reader(byte[] body, int type) {
        return new WireReader(body, name(type));
    }

    /** ClientHello (RFC 6347 §4.2.1: TLS's plus a cookie). */
    public record ClientHello(int version, Bytes random, Bytes sessionId, Bytes cookie, List<Integer> cipherSuites,
                              Bytes compressionMethods, List<Extension> extensions) implements Body {
        /**
         * Checks the components.
         *
         * @param version the version
         * @param random the random
         * @param sessionId the session id
         * @param cookie the cookie
         * @param cipherSuites the cipher suites
         * @param compressionMethods the compression methods
         * @param extensions the extensions
         */
        public ClientHello {
            cipherSuites = List.copyOf(cipherSuites);
            extensions = List.copyOf(extensions);
        }

        @Override
        public int msgType() {
            return CLIENT_HELLO;
        }

        public static ClientHello parse(byte[] body) throws DtlsParseException {
            WireReader r = reader(body, CLIENT_HELLO);
            int version = r.u16("client_version");
            Bytes random = Bytes.wrap(r.bytes(32, "random"));
            Bytes sid = r.vector8("session_id");
            if (sid.length() > 32) throw new DtlsParseException("ClientHello: session_id longer than 32");
            Bytes cookie = r.vector8("cookie");
            int n = r.u16("cipher_suites length");
            if (n % 2 != 0 || n == 0) throw new DtlsParseException("ClientHello: bad cipher_suites length " + n);
            WireReader cs = r.sub(n, "cipher_suites");
            List<Integer> suites = new ArrayList<>(n / 2);
            while (cs.remaining() > 0) suites.add(cs.u16("cipher suite"));
            Bytes comp = r.vector8("compression_methods");
            if (comp.length() == 0) throw new DtlsParseException("ClientHello: no compression methods");
            List<Extension> exts = Extension.parseList(r);
            r.expectEnd();
            return new ClientHello(version, random, sid, cookie, suites, comp, exts);
        }

        @Override
        public byte[] encode() {
            WireWriter w = new WireWriter(256);
            w.u16(version).bytes(random).vector8(sessionId).vector8(cookie);
            w.u16(cipherSuites.size() * 2);
            for (int s : cipherSuites) w.u16(s);
            w.vector8(compressionMethods);
            Extension.writeList(w, extensions);
            return w.toByteArray();
        }

        public ClientHello withCookie(Bytes c) {
            return new ClientHello(version, random, sessionId, c, cipherSuites, compressionMethods, extensions);
        }
    }

    public record ServerHello(int version, Bytes random, Bytes sessionId, int cipherSuite, int compression,
                              List<Extension> extensions) implements Body {
        /**
         * Checks the components.
         *
         * @param version the version
         * @param random the random
         * @param sessionId the session id
         * @param cipherSuite the cipher suite
         * @param compression the compression
         * @param extensions the extensions
         */
        public ServerHello {
            extensions = List.copyOf(extensions);
        }

        @Override
        public int msgType() {
            return SERVER_HELLO;
        }

        public static ServerHello parse(byte[] body) throws DtlsParseException {
            WireReader r = reader(body, SERVER_HELLO);
            int version = r.u16("server_version");
            Bytes random = Bytes.wrap(r.bytes(32, "random"));
            Bytes sid = r.vector8("session_id");
            int suite = r.u16("cipher_suite");
            int comp = r.u8("compression_method");
            List<Extension> exts = Extension.parseList(r);
            r.expectEnd();
            return new ServerHello(version, random, sid, suite, comp, exts);
        }

        @Override
        public byte[] encode() {
            WireWriter w = new WireWriter(128);
            w.u16(version).bytes(random).vector8(sessionId).u16(cipherSuite).u8(compression);
            Extension.writeList(w, extensions);
            return w.toByteArray();
        }
    }

    public record HelloVerifyRequest(int version, Bytes cookie) implements Body {
        @Override
        public int msgType() {
            return HELLO_VERIFY_REQUEST;
        }

        public static HelloVerifyRequest parse(byte[] body) throws DtlsParseException {
            WireReader r = reader(body, HELLO_VERIFY_REQUEST);
            HelloVerifyRequest h = new HelloVerifyRequest(r.u16("server_version"), r.vector8("cookie"));
            r.expectEnd();
            return h;
        }

        @Override
        public byte[] encode() {
            return new WireWriter(3 + cookie.length()).u16(version).vector8(cookie).toByteArray();
        }
    }

    /** Certificate: a chain of DER certificates, leaf first. */
    public record CertificateMessage(List<Bytes> certificates) implements Body {
        /**
         * Checks the components.
         *
         * @param certificates the certificates
         */
        public CertificateMessage {
            certificates = List.copyOf(certificates);
        }

        @Override
        public int msgType() {
            return CERTIFICATE;
        }

        public static CertificateMessage parse(byte[] body) throws DtlsParseException {
            WireReader r = reader(body, CERTIFICATE);
            WireReader l = r.sub(r.u24("certificate_list length"), "certificate_list");
            List<Bytes> certs = new ArrayList<>();
            while (l.remaining() > 0) certs.add(l.vector24("certificate"));
            r.expectEnd();
            return new CertificateMessage(certs);
        }

        @Override
        public byte[] encode() {
            WireWriter w = new WireWriter(1024);
            int m = w.beginBlock(3);
            for (Bytes c : certificates) w.vector24(c);
            w.endBlock(m);
            return w.toByteArray();
        }
    }

    /** ServerKeyExchange for ECDHE (RFC 8422 §5.4): named curve, public point, signature. */
    public record ServerKeyExchange(int namedGroup, Bytes publicKey, int signatureScheme, Bytes signature) implements Body {
        @Override
        public int msgType() {
            return SERVER_KEY_EXCHANGE;
        }

        /** {@return the ServerECDHParams bytes the signature covers (after client and server randoms)} */
        public byte[] params() {
            return new WireWriter(4 + publicKey.length()).u8(3).u16(namedGroup).vector8(publicKey).toByteArray();
        }

        public static ServerKeyExchange parse(byte[] body) throws DtlsParseException {
            WireReader r = reader(body, SERVER_KEY_EXCHANGE);
            int curveType = r.u8("curve_type");
            if (curveType != 3) throw new DtlsParseException("ServerKeyExchange: curve_type " + curveType + " is not named_curve");
            int group = r.u16("named_curve");
            Bytes pub = r.vector8("public");
            int scheme = r.u16("signature algorithm");
            Bytes sig = r.vector16("signature");
            r.expectEnd();
            return new ServerKeyExchange(group, pub, scheme, sig);
        }

        @Override
        public byte[] encode() {
            WireWriter w = new WireWriter(200);
            w.bytes(params()).u16(signatureScheme).vector16(signature);
            return w.toByteArray();
        }
    }

    public record CertificateRequest(Bytes certificateTypes, List<Integer> signatureSchemes, Bytes authorities) implements Body {
        /**
         * Checks the components.
         *
         * @param certificateTypes the certificate types
         * @param signatureSchemes the signature schemes
         * @param authorities the authorities
         */
        public CertificateRequest {
            signatureSchemes = List.copyOf(signatureSchemes);
        }

        @Override
        public int msgType() {
            return CERTIFICATE_REQUEST;
        }

        public static CertificateRequest parse(byte[] body) throws DtlsParseException {
            WireReader r = reader(body, CERTIFICATE_REQUEST);
            Bytes types = r.vector8("certificate_types");
            int n = r.u16("supported_signature_algorithms length");
            if (n % 2 != 0) throw new DtlsParseException("CertificateRequest: odd signature algorithms length");
            WireReader l = r.sub(n, "supported_signature_algorithms");
            List<Integer> schemes = new ArrayList<>();
            while (l.remaining() > 0) schemes.add(l.u16("scheme"));
            Bytes cas = r.vector16("certificate_authorities");
            r.expectEnd();
            return new CertificateRequest(types, schemes, cas);
        }

        @Override
        public byte[] encode() {
            WireWriter w = new WireWriter(64);
            w.vector8(certificateTypes).u16(signatureSchemes.size() * 2);
            for (int s : signatureSchemes) w.u16(s);
            w.vector16(authorities);
            return w.toByteArray();
        }
    }

    public record ServerHelloDone() implements Body {
        @Override
        public int msgType() {
            return SERVER_HELLO_DONE;
        }

        public static ServerHelloDone parse(byte[] body) throws DtlsParseException {
            if (body.length != 0) throw new DtlsParseException("ServerHelloDone: body must be empty, has " + body.length);
            return new ServerHelloDone();
        }

        @Override
        public byte[] encode() {
            return new byte[0];
        }
    }

    /** ClientKeyExchange for ECDHE: the client's public point. */
    public record ClientKeyExchange(Bytes publicKey) implements Body {
        @Override
        public int msgType() {
            return CLIENT_KEY_EXCHANGE;
        }

        public static ClientKeyExchange parse(byte[] body) throws DtlsParseException {
            WireReader r = reader(body, CLIENT_KEY_EXCHANGE);
            ClientKeyExchange c = new ClientKeyExchange(r.vector8("public"));
            r.expectEnd();
            return c;
        }

        @Override
        public byte[] encode() {
            return new WireWriter(1 + publicKey.length()).vector8(publicKey).toByteArray();
        }
    }

    public record CertificateVerify(int signatureScheme, Bytes signature) implements Body {
        @Override
        public int msgType() {
            return CERTIFICATE_VERIFY;
        }

        public static CertificateVerify parse(byte[] body) throws DtlsParseException {
            WireReader r = reader(body, CERTIFICATE_VERIFY);
            CertificateVerify c = new CertificateVerify(r.u16("signature algorithm"), r.vector16("signature"));
            r.expectEnd();
            return c;
        }

        @Override
        public byte[] encode() {
            return new WireWriter(4 + signature.length()).u16(signatureScheme).vector16(signature).toByteArray();
        }
    }

    public record Finished(Bytes verifyData) implements Body {
        @Override
        public int msgType() {
            return FINISHED;
        }

        public static Finished parse(byte[] body) throws DtlsParseException {
            if (body.length != 12) throw new DtlsParseException("Finished: verify_data must be 12 bytes, got " + body.length);
            return new Finished(Bytes.of(body));
        }

        @Override
        public byte[] encode() {
            return verifyData.toByteArray();
        }
    }

    /** Parses a body by message type. */
    public static Body parse(int msgType, byte[] body) throws DtlsParseException {
        return switch (msgType) {
            case CLIENT_HELLO -> ClientHello.parse(body);
            case SERVER_HELLO -> ServerHello.parse(body);
            case HELLO_VERIFY_REQUEST -> HelloVerifyRequest.parse(body);
            case CERTIFICATE -> CertificateMessage.parse(body);
            case SERVER_KEY_EXCHANGE -> ServerKeyExchange.parse(body);
            case CERTIFICATE_REQUEST -> CertificateRequest.parse(body);
            case SERVER_HELLO_DONE -> ServerHelloDone.parse(body);
            case CLIENT_KEY_EXCHANGE -> ClientKeyExchange.parse(body);
            case CERTIFICATE_VERIFY -> CertificateVerify.parse(body);
            case FINISHED -> Finished.parse(body);
            default -> throw new DtlsParseException("handshake: unknown msg_type " + msgType);
        };
    }
}
