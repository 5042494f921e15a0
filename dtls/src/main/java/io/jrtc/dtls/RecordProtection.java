package io.jrtc.dtls;

import io.jrtc.core.crypto.AesGcm;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD protection of records in one direction of one epoch.
 *
 * <pre>
 * AES-GCM (RFC 5288):  nonce = salt(4, key block) || explicit(8, sent in the record)
 *                       fragment = explicit nonce(8) || ciphertext || tag(16)
 * ChaCha20 (RFC 7905): nonce = iv(12, key block) XOR (0^32 || epoch(16) || seq(48))
 *                       fragment = ciphertext || tag(16)
 * additional data     = epoch(2) || seq(6) || type(1) || version(2) || plaintext length(2)
 * </pre>
 *
 * jrtc uses epoch||seq as the explicit GCM nonce: unique per key by construction.
 *
 * <p>AES-GCM records go through core's allocation-free {@link AesGcm} when the JVM lets it use the
 * JDK's GHASH ({@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED}): no GCM engine is
 * built per record and it is faster; otherwise, and for ChaCha20-Poly1305, through the JDK's cipher,
 * re-initialised per record.
 */
public final class RecordProtection {
    /** The AEAD tag length of every supported suite. */
    public static final int TAG_LENGTH = 16;

    private final CipherSuite suite;
    private final SecretKeySpec key;
    private final byte[] iv;
    private final Cipher cipher;
    /** jrtc's own AES-GCM, or null to use {@link #cipher}. */
    private final AesGcm own;
    private final byte[] aad = new byte[13];
    private final byte[] nonce = new byte[12];
    private final byte[] lastNonce = new byte[12];

    /**
     * One direction's record protection for an epoch (jrtc's AES-GCM when the JDK's GHASH is reachable).
     *
     * @param suite the negotiated suite
     * @param key the write key from the key block
     * @param fixedIv the write IV from the key block (4 bytes for GCM, 12 for ChaCha20)
     */
    public RecordProtection(CipherSuite suite, byte[] key, byte[] fixedIv) {
        this(suite, key, fixedIv, !suite.chacha20() && AesGcm.jdkGhashAvailable());
    }

    /** @param ownGcm AES-GCM through core's {@link AesGcm} (JDK GHASH) rather than the JDK's cipher */
    RecordProtection(CipherSuite suite, byte[] key, byte[] fixedIv, boolean ownGcm) {
        if (key.length != suite.keyLength() || fixedIv.length != suite.fixedIvLength()) {
            throw new IllegalArgumentException("key/iv length does not fit " + suite);
        }
        this.suite = suite;
        this.key = new SecretKeySpec(key, suite.chacha20() ? "ChaCha20" : "AES");
        this.iv = fixedIv.clone();
        if (ownGcm && suite.chacha20()) {
            throw new IllegalArgumentException("jrtc's own AEAD is AES-GCM only");
        }
        this.own = ownGcm ? new AesGcm(key, AesGcm.Hash.JDK) : null;
        try {
            this.cipher = ownGcm ? null : Cipher.getInstance(suite.chacha20() ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA lacks the record cipher for " + suite, e);
        }
    }

    /** {@return the suite} */
    public CipherSuite suite() {
        return suite;
    }

    /** {@return bytes added to a plaintext: explicit nonce + tag} */
    public int overhead() {
        return suite.explicitNonceLength() + TAG_LENGTH;
    }

    private void nonce(int epoch, long seq) {
        long es = ((long) epoch << 48) | seq;
        if (suite.chacha20()) {
            System.arraycopy(iv, 0, nonce, 0, 12);
            for (int i = 0; i < 8; i++) nonce[4 + i] ^= (byte) (es >>> (56 - 8 * i));
        } else {
            System.arraycopy(iv, 0, nonce, 0, 4);
            for (int i = 0; i < 8; i++) nonce[4 + i] = (byte) (es >>> (56 - 8 * i));
        }
    }

    private void aad(int type, int version, int epoch, long seq, int plainLength) {
        aad[0] = (byte) (epoch >>> 8);
        aad[1] = (byte) epoch;
        for (int i = 0; i < 6; i++) aad[2 + i] = (byte) (seq >>> (40 - 8 * i));
        aad[8] = (byte) type;
        aad[9] = (byte) (version >>> 8);
        aad[10] = (byte) version;
        aad[11] = (byte) (plainLength >>> 8);
        aad[12] = (byte) plainLength;
    }

    private void init(int mode) throws GeneralSecurityException {
        if (suite.chacha20()) {
            if (Arrays.equals(nonce, lastNonce)) {
                // the JDK refuses to re-initialise ChaCha20 with the key and nonce it has: step aside once
                lastNonce[11] ^= 1;
                cipher.init(mode, key, new IvParameterSpec(lastNonce));
            }
            System.arraycopy(nonce, 0, lastNonce, 0, 12);
            cipher.init(mode, key, new IvParameterSpec(nonce));
        } else {
            cipher.init(mode, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        }
    }

    /**
     * Protects a plaintext and returns the whole record (header included).
     *
     * @param type the record content type
     * @param version the record version
     * @param epoch the epoch
     * @param seq the record sequence number
     * @param plain the plaintext buffer
     * @param off where the plaintext starts
     * @param len its length
     * @return the whole record: header, explicit nonce, ciphertext and tag
     */
    public byte[] seal(int type, int version, int epoch, long seq, byte[] plain, int off, int len) {
        int explicit = suite.explicitNonceLength();
        int fragLen = explicit + len + TAG_LENGTH;
        byte[] out = new byte[DtlsRecord.HEADER_LENGTH + fragLen];
        out[0] = (byte) type;
        out[1] = (byte) (version >>> 8);
        out[2] = (byte) version;
        out[3] = (byte) (epoch >>> 8);
        out[4] = (byte) epoch;
        for (int i = 0; i < 6; i++) out[5 + i] = (byte) (seq >>> (40 - 8 * i));
        out[11] = (byte) (fragLen >>> 8);
        out[12] = (byte) fragLen;
        nonce(epoch, seq);
        System.arraycopy(nonce, 4, out, DtlsRecord.HEADER_LENGTH, explicit);
        aad(type, version, epoch, seq, len);
        if (own != null) {
            own.seal(nonce, aad, 0, aad.length, null, 0, 0, plain, off, len, out, DtlsRecord.HEADER_LENGTH + explicit);
            return out;
        }
        try {
            init(Cipher.ENCRYPT_MODE);
            cipher.updateAAD(aad);
            cipher.doFinal(plain, off, len, out, DtlsRecord.HEADER_LENGTH + explicit);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("record encryption failed", e);
        }
        return out;
    }

    /**
     * Checks and decrypts a protected fragment.
     *
     * @throws DtlsParseException when it is too short or fails authentication
     *
     * @param type the record content type
     * @param version the record version
     * @param epoch the epoch
     * @param seq the record sequence number
     * @param frag the buffer holding the protected fragment
     * @param off where it starts
     * @param len its length
     * @return the plaintext, in a new array
     */
    public byte[] open(int type, int version, int epoch, long seq, byte[] frag, int off, int len) throws DtlsParseException {
        int explicit = suite.explicitNonceLength();
        int plainLength = len - explicit - TAG_LENGTH;
        if (plainLength < 0) {
            throw new DtlsParseException("protected record: " + len + " bytes is shorter than nonce and tag");
        }
        if (suite.chacha20()) {
            nonce(epoch, seq);
        } else {
            System.arraycopy(iv, 0, nonce, 0, 4);
            System.arraycopy(frag, off, nonce, 4, 8);
        }
        aad(type, version, epoch, seq, plainLength);
        if (own != null) {
            byte[] plain = new byte[plainLength];
            if (!own.open(nonce, aad, 0, aad.length, null, 0, 0, frag, off + explicit, len - explicit, plain, 0)) {
                throw new DtlsParseException("protected record: authentication failed (epoch " + epoch + ", seq " + seq + ")");
            }
            return plain;
        }
        try {
            init(Cipher.DECRYPT_MODE);
            cipher.updateAAD(aad);
            return cipher.doFinal(frag, off + explicit, len - explicit);
        } catch (GeneralSecurityException e) {
            throw new DtlsParseException("protected record: authentication failed (epoch " + epoch + ", seq " + seq + ")", e);
        }
    }

    /**
     * Opens a parsed record.
     *
     * @param r the record
     * @return the plaintext
     * @throws DtlsParseException when it does not authenticate
     */
    public byte[] open(DtlsRecord r) throws DtlsParseException {
        byte[] f = r.fragment().toByteArray();
        return open(r.contentType(), r.version(), r.epoch(), r.sequenceNumber(), f, 0, f.length);
    }

    @Override
    public String toString() {
        return "RecordProtection[" + suite + ", iv " + Arrays.hashCode(iv) + "]";
    }
}
