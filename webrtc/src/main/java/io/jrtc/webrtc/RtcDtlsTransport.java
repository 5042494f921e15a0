package io.jrtc.webrtc;

import io.jrtc.webrtc.core.PeerConnectionCore;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A read-only view of the connection's DTLS transport (W3C {@code RTCDtlsTransport}): its state and
 * the certificate chain the peer presented (checked against its {@code a=fingerprint}).
 */
public final class RtcDtlsTransport {
    private final PeerConnection pc;

    RtcDtlsTransport(PeerConnection pc) {
        this.pc = pc;
    }

    public PeerConnectionCore.DtlsState state() {
        return pc.query(now -> pc.core().dtlsState());
    }

    public List<X509Certificate> remoteCertificates() {
        return pc.query(now -> pc.core().remoteCertificates());
    }

    public RtcIceTransport iceTransport() {
        return pc.iceTransport();
    }
}
