package io.jrtc.dtls;

import io.jrtc.core.Bytes;

import java.util.ArrayList;
import java.util.List;

/** The DTLS 1.2 handshake messages (bodies, without the 12-byte fragment header), as values. */
public final class Handshake {
    /** Handshake type {@code hello_request} (0). */
    public static final int HELLO_REQUEST = 0;
    /** Handshake type {@code client_hello} (1). */
    public static final int CLIENT_HELLO = 1;
    /** Handshake type {@code server_hello} (2). */
    public static final int SERVER_HELLO = 2;
    /** Handshake type {@code hello_verify_request (RFC 6347 §4.2.1)} (3). */
    public static final int HELLO_VERIFY_REQUEST = 3;
    /** Handshake type {@code certificate} (11). */
    public static final int CERTIFICATE = 11;
    /** Handshake type {@code server_key_exchange} (12). */
    public static final int SERVER_KEY_EXCHANGE = 12;
    /** Handshake type {@code certificate_request} (13). */
    public static final int CERTIFICATE_REQUEST = 13;
    /** Handshake type {@code server_hello_done} (14). */
    public static final int SERVER_HELLO_DONE = 14;
    /** Handshake type {@code certificate_verify} (15). */
    public static final int CERTIFICATE_VERIFY = 15;
    /** Handshake type {@code client_key_exchange} (16). */
    public static final int CLIENT_KEY_EXCHANGE = 16;
    /** Handshake type {@code finished} (20). */
    public static final int FINISHED = 20;

    private Handshake() {
    }

    /**
     * The RFC name of a handshake type, for logs.
     *
     * @param type the handshake type
     * @return e.g. {@code ClientHello}, or the number
     */
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
        /** {@return the handshake type of the message} */
        int msgType();

        /** {@return the message body (without the handshake header)} */
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

        /**

         * Parses the body of a {@code ClientHello} message.

         *

         * @param body the message body (after the 12-byte handshake header)

         * @return the message

         * @throws DtlsParseException when a length runs past the body or a field is invalid

         */

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

        /**
         * This ClientHello with a cookie (the second ClientHello of RFC 6347 §4.2.1).
         *
         * @param c the cookie from the HelloVerifyRequest
         * @return the new ClientHello
         */
        public ClientHello withCookie(Bytes c) {
            return new ClientHello(version, random, sessionId, c, cipherSuites, compressionMethods, extensions);
        }
    }

    /**
     * ServerHello (RFC 5246 §7.4.1.3).
     *
     * @param version the negotiated version
     * @param random the 32-byte server random
     * @param sessionId the session id (empty: no resumption)
     * @param cipherSuite the chosen suite
     * @param compression the chosen compression (0)
     * @param extensions the server's extensions
     */
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

        /**

         * Parses the body of a {@code ServerHello} message.

         *

         * @param body the message body (after the 12-byte handshake header)

         * @return the message

         * @throws DtlsParseException when a length runs past the body or a field is invalid

         */

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

    /**
     * HelloVerifyRequest (RFC 6347 §4.2.1).
     *
     * @param version the server version (DTLS 1.0 on the wire, as RFC 6347 recommends)
     * @param cookie the cookie, 0 to 255 bytes
     */
    public record HelloVerifyRequest(int version, Bytes cookie) implements Body {
        @Override
        public int msgType() {
            return HELLO_VERIFY_REQUEST;
        }

        /**

         * Parses the body of a {@code HelloVerifyRequest} message.

         *

         * @param body the message body (after the 12-byte handshake header)

         * @return the message

         * @throws DtlsParseException when a length runs past the body or a field is invalid

         */

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

        /**

         * Parses the body of a {@code CertificateMessage} message.

         *

         * @param body the message body (after the 12-byte handshake header)

         * @return the message

         * @throws DtlsParseException when a length runs past the body or a field is invalid

         */

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

        /**

         * Parses the body of a {@code ServerKeyExchange} message.

         *

         * @param body the message body (after the 12-byte handshake header)

         * @return the message

         * @throws DtlsParseException when a length runs past the body or a field is invalid

         */

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

    /**
     * CertificateRequest (RFC 5246 §7.4.4).
     *
     * @param certificateTypes the accepted certificate types
     * @param signatureSchemes the accepted signature schemes
     * @param authorities the encoded CA names (none)
     */
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

        /**

         * Parses the body of a {@code CertificateRequest} message.

         *

         * @param body the message body (after the 12-byte handshake header)

         * @return the message

         * @throws DtlsParseException when a length runs past the body or a field is invalid

         */

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

    /** ServerHelloDone (RFC 5246 §7.4.5): an empty message. */
    public record ServerHelloDone() implements Body {
        @Override
        public int msgType() {
            return SERVER_HELLO_DONE;
        }

        /**

         * Parses the body of a {@code ServerHelloDone} message.

         *

         * @param body the message body (after the 12-byte handshake header)

         * @return the message

         * @throws DtlsParseException when a length runs past the body or a field is invalid

         */

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

        /**

         * Parses the body of a {@code ClientKeyExchange} message.

         *

         * @param body the message body (after the 12-byte handshake header)

         * @return the message

         * @throws DtlsParseException when a length runs past the body or a field is invalid

         */

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

    /**
     * CertificateVerify (RFC 5246 §7.4.8).
     *
     * @param signatureScheme the scheme used
     * @param signature the signature over the handshake messages so far
     */
    public record CertificateVerify(int signatureScheme, Bytes signature) implements Body {
        @Override
        public int msgType() {
            return CERTIFICATE_VERIFY;
        }

        /**

         * Parses the body of a {@code CertificateVerify} message.

         *

         * @param body the message body (after the 12-byte handshake header)

         * @return the message

         * @throws DtlsParseException when a length runs past the body or a field is invalid

         */

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

    /**
     * Finished (RFC 5246 §7.4.9).
     *
     * @param verifyData the 12 bytes of verify_data
     */
    public record Finished(Bytes verifyData) implements Body {
        @Override
        public int msgType() {
            return FINISHED;
        }

        /**

         * Parses the body of a {@code Finished} message.

         *

         * @param body the message body (after the 12-byte handshake header)

         * @return the message

         * @throws DtlsParseException when a length runs past the body or a field is invalid

         */

        public static Finished parse(byte[] body) throws DtlsParseException {
            if (body.length != 12) throw new DtlsParseException("Finished: verify_data must be 12 bytes, got " + body.length);
            return new Finished(Bytes.of(body));
        }

        @Override
        public byte[] encode() {
            return verifyData.toByteArray();
        }
    }

    /**
     * Parses a body by message type.
     *
     * @param msgType the handshake type
     * @param body the message body
     * @return the message
     * @throws DtlsParseException for an unknown type, or when the body is malformed
     */
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
