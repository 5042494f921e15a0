package io.jrtc.dtls;

import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.Vector;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Bouncy Castle's own DTLS 1.2 (bctls) as an interop peer, over in-memory queues (test only). */
@SuppressWarnings({"rawtypes", "unchecked"})
final class BcPeer {

    /** A DatagramTransport over two queues. */
    static final class QueueTransport implements DatagramTransport {
        final BlockingQueue<byte[]> in = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> out = new LinkedBlockingQueue<>();
        final int mtu;

        QueueTransport(int mtu) {
            this.mtu = mtu;
        }

        @Override
        public int getReceiveLimit() {
            return 65535;
        }

        @Override
        public int getSendLimit() {
            return mtu;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            try {
                byte[] d = in.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (d == null) return -1;
                int n = Math.min(len, d.length);
                System.arraycopy(d, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            byte[] d = new byte[len];
            System.arraycopy(buf, off, d, 0, len);
            out.add(d);
        }

        @Override
        public void close() {
        }
    }

    /** What the BC side saw. */
    static final class Result {
        volatile byte[] exported;
        volatile byte[] peerCertDer;
        volatile int selectedSuite;
        volatile int srtpProfile = -1;
        volatile byte[] received;
        volatile Throwable error;
    }

    static JcaTlsCrypto crypto() {
        return new JcaTlsCryptoProvider().setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).create(new SecureRandom());
    }

    static Certificate bcCert(JcaTlsCrypto crypto, DtlsCertificate c) throws Exception {
        TlsCertificate[] certs = new TlsCertificate[c.chain().size()];
        for (int i = 0; i < certs.length; i++) certs[i] = crypto.createCertificate(c.chain().get(i).getEncoded());
        return new Certificate(certs);
    }

    static SignatureAndHashAlgorithm sigAlg(DtlsCertificate c, boolean pss) {
        if ("EC".equals(c.keyAlgorithm())) return SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
        return pss ? SignatureAndHashAlgorithm.rsa_pss_rsae_sha256 : SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa);
    }

    /** What both sides note when their handshake completes: the exported SRTP keying material and the suite. */
    static void recordHandshake(TlsContext context, Result r, int exportLength) throws IOException {
        r.exported = context.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, exportLength);
        r.selectedSuite = context.getSecurityParameters().getCipherSuite();
    }

    /** The signer for our certificate's key, as BC wants it for CertificateVerify / ServerKeyExchange. */
    static TlsCredentialedSigner signer(TlsContext context, JcaTlsCrypto crypto, DtlsCertificate cert, boolean pss) throws IOException {
        try {
            return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, cert.privateKey(),
                    bcCert(crypto, cert), sigAlg(cert, pss));
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** Receives one application record from jrtc and answers "bc:" + what it got. */
    static void echo(DTLSTransport t, Result r) throws IOException {
        byte[] buf = new byte[2048];
        int n = t.receive(buf, 0, buf.length, 10_000);
        if (n < 0) throw new IOException("no application data from jrtc");
        byte[] got = java.util.Arrays.copyOf(buf, n);
        r.received = got;
        byte[] reply = ("bc:" + new String(got, java.nio.charset.StandardCharsets.UTF_8)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        t.send(reply, 0, reply.length);
    }

    /** Runs a BC DTLS client on a new thread. */
    static Thread client(QueueTransport transport, DtlsCertificate cert, int[] suites, int[] srtp, boolean pss, Result r, int exportLength) {
        JcaTlsCrypto crypto = crypto();
        DefaultTlsClient client = new DefaultTlsClient(crypto) {
            @Override
            public void notifyHandshakeComplete() throws IOException {
                super.notifyHandshakeComplete();
                recordHandshake(context, r, exportLength);
            }

            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.DTLSv12.only();
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return suites;
            }

            @Override
            public Hashtable getClientExtensions() throws IOException {
                Hashtable ext = org.bouncycastle.tls.TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
                if (srtp.length > 0) TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(srtp, TlsUtils.EMPTY_BYTES));
                return ext;
            }

            @Override
            public void processServerExtensions(Hashtable serverExtensions) throws IOException {
                super.processServerExtensions(serverExtensions);
                UseSRTPData d = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
                if (d != null) r.srtpProfile = d.getProtectionProfiles()[0];
            }

            @Override
            public TlsAuthentication getAuthentication() {
                TlsContext ctx = context;
                return new TlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate sc) throws IOException {
                        r.peerCertDer = sc.getCertificate().getCertificateAt(0).getEncoded();
                    }

                    @Override
                    public TlsCredentials getClientCredentials(CertificateRequest cr) throws IOException {
                        return signer(ctx, crypto, cert, pss);
                    }
                };
            }
        };
        Thread t = new Thread(() -> {
            try {
                DTLSTransport dtls = new DTLSClientProtocol().connect(client, transport);
                echo(dtls, r);
                dtls.close();
            } catch (Throwable e) {
                r.error = e;
            }
        }, "bc-dtls-client");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Runs a BC DTLS server on a new thread. */
    static Thread server(QueueTransport transport, DtlsCertificate cert, int[] suites, int[] srtp, boolean pss, boolean verifyRequests,
                         Result r, int exportLength) {
        JcaTlsCrypto crypto = crypto();
        final int[][] chosen = {null};
        DefaultTlsServer server = new DefaultTlsServer(crypto) {
            @Override
            public void notifyHandshakeComplete() throws IOException {
                super.notifyHandshakeComplete();
                recordHandshake(context, r, exportLength);
            }

            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.DTLSv12.only();
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return suites;
            }

            @Override
            public void processClientExtensions(Hashtable clientExtensions) throws IOException {
                super.processClientExtensions(clientExtensions);
                UseSRTPData d = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
                if (d != null) {
                    for (int mine : srtp) {
                        for (int theirs : d.getProtectionProfiles()) {
                            if (mine == theirs && chosen[0] == null) chosen[0] = new int[] {mine};
                        }
                    }
                }
            }

            @Override
            public Hashtable getServerExtensions() throws IOException {
                Hashtable ext = org.bouncycastle.tls.TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
                if (chosen[0] != null) {
                    TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(chosen[0], TlsUtils.EMPTY_BYTES));
                    r.srtpProfile = chosen[0][0];
                }
                return ext;
            }

            @Override
            public CertificateRequest getCertificateRequest() {
                Vector algs = new Vector();
                algs.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                algs.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
                algs.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
                return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign}, algs, null);
            }

            @Override
            public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
                r.peerCertDer = clientCertificate.getCertificateAt(0).getEncoded();
            }

            private TlsCredentialedSigner signer() throws IOException {
                return BcPeer.signer(context, crypto, cert, pss);
            }

            @Override
            protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
                return "EC".equals(cert.keyAlgorithm()) ? signer() : null;
            }

            @Override
            protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
                return "RSA".equals(cert.keyAlgorithm()) ? signer() : null;
            }
        };
        Thread t = new Thread(() -> {
            try {
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                protocol.setVerifyRequests(verifyRequests);
                DTLSTransport dtls = protocol.accept(server, transport);
                echo(dtls, r);
                dtls.close();
            } catch (Throwable e) {
                r.error = e;
            }
        }, "bc-dtls-server");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
