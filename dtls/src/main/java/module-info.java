/** jrtc DTLS 1.2 (RFC 6347) client and server, use_srtp (RFC 5764), the exporter, certificates. */
module io.jrtc.dtls {
    requires transitive io.jrtc.core;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;

    exports io.jrtc.dtls;
}
