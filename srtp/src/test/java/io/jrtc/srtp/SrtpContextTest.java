package io.jrtc.srtp;

import io.jrtc.core.SrtpProfile;

import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;

import static io.jrtc.srtp.SrtpProperties.rtcpPacketOf;
import static io.jrtc.srtp.SrtpProperties.rtpPacketOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rollover counter, index estimation, limits and the less common SRTCP forms. */
class SrtpContextTest {
    private static final byte[] KEY = new byte[16];
    private static final byte[] SALT_CM = new byte[14];
    private static final byte[] SALT_GCM = new byte[12];

    static {
        for (int i = 0; i < 16; i++) {
            KEY[i] = (byte) (3 * i + 1);
        }
        for (int i = 0; i < 14; i++) {
            SALT_CM[i] = (byte) (0x50 + i);
        }
        System.arraycopy(SALT_CM, 0, SALT_GCM, 0, 12);
    }

    private static SrtpContext ctx(SrtpProfile p) {
        return SrtpContext.create(p, p.keyLength() == 32 ? Arrays.copyOf(KEY, 32) : KEY,
                p.isAead() ? SALT_GCM : SALT_CM);
    }

    private static byte[] protect(SrtpContext tx, int ssrc, int seq) {
        byte[] p = rtpPacketOf(ssrc, seq, 30);
        byte[] buf = Arrays.copyOf(p, p.length + 16);
        int n = tx.protectRtp(buf, 0, p.length);
        assertTrue(n > 0, () -> "protect: " + SrtpStatus.of(n));
        return Arrays.copyOf(buf, n);
    }

    private static int unprotect(SrtpContext rx, byte[] s) {
        return rx.unprotectRtp(s.clone(), 0, s.length);
    }

    @Test
    void indexEstimationFollowsRfc3711AppendixA() {
        assertEquals(5, SrtpContext.estimateIndex(-1, 5), "first packet: ROC 0, index = SEQ");
        assertEquals(10, SrtpContext.estimateIndex(9, 10));
        assertEquals(0x10000, SrtpContext.estimateIndex(0xffff, 0), "wrap forward");
        assertEquals(0xfffe, SrtpContext.estimateIndex(0x10002, 0xfffe), "late packet from before the wrap: ROC - 1");
        assertEquals((2L << 16) | 0x7000, SrtpContext.estimateIndex((2L << 16) | 0x6fff, 0x7000));
        assertEquals((2L << 16) | 0x9001, SrtpContext.estimateIndex((3L << 16) | 0x1000, 0x9001), "s_l < 2^15, SEQ more than 2^15 above: ROC - 1");
        assertEquals((3L << 16) | 0x9000, SrtpContext.estimateIndex((3L << 16) | 0x1000, 0x9000), "exactly 2^15 above: same ROC");
        assertEquals(-1, SrtpContext.estimateIndex(3, 0xfff0), "ROC would be -1: before the stream began");
        assertEquals(-2, SrtpContext.estimateIndex(0xffffffff_ffffL - 1, 2), "past 2^48: exhausted");
    }

    @Test
    void rolloverCounterAdvancesAcrossTheWrapWithReordering() {
        for (SrtpProfile p : SrtpProfile.values()) {
            SrtpContext tx = ctx(p);
            SrtpContext rx = ctx(p);
            int[] sendOrder = {65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3};
            byte[][] s = new byte[sendOrder.length][];
            for (int i = 0; i < sendOrder.length; i++) {
                s[i] = protect(tx, 42, sendOrder[i]);
            }
            // arrive out of order across the wrap: 65530, 65533, 1, 65531, 0, 65535, 2, 65532, 65534, 3
            int[] arrival = {0, 3, 7, 1, 6, 5, 8, 2, 4, 9};
            for (int a : arrival) {
                assertEquals(42, unprotect(rx, s[a]), p + " seq " + sendOrder[a]);
            }
            assertEquals(1, rx.rolloverCounter(42), p.name());
            assertEquals(0x10003, rx.highestIndex(42));
            assertEquals(SrtpStatus.REPLAYED.code(), unprotect(rx, s[6]));
        }
    }

    @Test
    void manyWrapsKeepTheRocInStep() {
        SrtpContext tx = ctx(SrtpProfile.AEAD_AES_128_GCM);
        SrtpContext rx = ctx(SrtpProfile.AEAD_AES_128_GCM);
        int seq = 60000;
        for (int i = 0; i < 3 * 65536; i += 997) {  // big but < 2^15 steps: still estimated right
            assertEquals(42, unprotect(rx, protect(tx, 9, (seq + i) & 0xffff)));
        }
        assertEquals((60000L + 3 * 65536 - 1 - ((3 * 65536 - 1) % 997)) >>> 16, rx.rolloverCounter(9));
    }

    @Test
    void tooOldPacketsAreRefusedAndCounted() {
        SrtpContext tx = ctx(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        SrtpContext rx = ctx(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] old = protect(tx, 1, 100);
        for (int s = 101; s <= 164; s++) {
            assertTrue(unprotect(rx, protect(tx, 1, s)) > 0);
        }
        assertEquals(SrtpStatus.TOO_OLD.code(), unprotect(rx, old), "100 is 64 behind 164");
        assertEquals(1, rx.count(SrtpStatus.TOO_OLD));
    }

    @Test
    void aWindowOf1024AcceptsAPacket1000Late() {
        SrtpConfig c = SrtpConfig.defaults().withReplayWindow(1024);
        SrtpContext tx = SrtpContext.create(SrtpProfile.AEAD_AES_256_GCM, Arrays.copyOf(KEY, 32), SALT_GCM, c);
        SrtpContext rx = SrtpContext.create(SrtpProfile.AEAD_AES_256_GCM, Arrays.copyOf(KEY, 32), SALT_GCM, c);
        byte[] late = protect(tx, 1, 0);
        for (int s = 1; s <= 1000; s++) {
            assertTrue(unprotect(rx, protect(tx, 1, s)) > 0);
        }
        assertEquals(42, unprotect(rx, late));
        assertEquals(SrtpStatus.REPLAYED.code(), unprotect(rx, late));
    }

    @Test
    void senderRefusesToReuseAnIndex() {
        SrtpContext tx = ctx(SrtpProfile.AEAD_AES_128_GCM);
        protect(tx, 5, 10);
        byte[] again = Arrays.copyOf(rtpPacketOf(5, 10, 30), 100);
        assertEquals(SrtpStatus.REPLAYED.code(), tx.protectRtp(again, 0, 42), "GCM must never see a nonce twice");
    }

    @Test
    void ssrcCountIsBoundedAndForgedPacketsTakeNoSlot() {
        SrtpConfig c = SrtpConfig.defaults().withMaxSsrcs(2);
        SrtpContext tx = SrtpContext.create(SrtpProfile.AES_CM_128_HMAC_SHA1_32, KEY, SALT_CM);
        SrtpContext rx = SrtpContext.create(SrtpProfile.AES_CM_128_HMAC_SHA1_32, KEY, SALT_CM, c);
        for (int ssrc = 100; ssrc < 110; ssrc++) {
            byte[] forged = protect(tx, ssrc, 1);
            forged[forged.length - 1] ^= 1;
            assertEquals(SrtpStatus.AUTH_FAILED.code(), unprotect(rx, forged));
        }
        assertEquals(0, rx.streamCount());
        assertTrue(unprotect(rx, protect(tx, 1, 1)) > 0);
        assertTrue(unprotect(rx, protect(tx, 2, 1)) > 0);
        assertEquals(SrtpStatus.SSRC_LIMIT.code(), unprotect(rx, protect(tx, 3, 1)));
        assertTrue(rx.removeStream(1));
        assertTrue(unprotect(rx, protect(tx, 3, 2)) > 0);
        assertEquals(2, rx.streamCount());
    }

    @Test
    void shortBuffersAndMalformedPacketsAreStatuses() {
        SrtpContext tx = ctx(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] p = rtpPacketOf(1, 1, 10);
        assertEquals(SrtpStatus.BUFFER_TOO_SMALL.code(), tx.protectRtp(p, 0, p.length));
        byte[] v1 = p.clone();
        v1[0] = 0x40;
        assertEquals(SrtpStatus.MALFORMED.code(), tx.protectRtp(Arrays.copyOf(v1, 40), 0, p.length));
        byte[] ext = Arrays.copyOf(rtpPacketOf(1, 2, 10), 40);
        ext[0] |= 0x10;
        ext[15] = 9; // extension of 9 words runs past the end
        assertEquals(SrtpStatus.MALFORMED.code(), tx.protectRtp(ext, 0, 22));
        assertEquals(SrtpStatus.MALFORMED.code(), ctx(SrtpProfile.AEAD_AES_128_GCM).unprotectRtcp(new byte[27], 0, 27));
        assertEquals(3, tx.count(SrtpStatus.MALFORMED) + tx.count(SrtpStatus.BUFFER_TOO_SMALL));
        assertNull(SrtpStatus.of(0));
        assertEquals(SrtpStatus.INDEX_EXHAUSTED, SrtpStatus.of(-7));
    }

    @Test
    void srtcpIndexStartsAtOneAndRunsOut() {
        SrtpContext tx = ctx(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] p = rtcpPacketOf(77, 0);
        byte[] buf = Arrays.copyOf(p, 100);
        int n = tx.protectRtcp(buf, 0, p.length);
        assertEquals(0x80000001, SrtpContext.int32(buf, p.length), "E=1, index 1 (as libsrtp2)");
        assertEquals(p.length + 14, n);
        tx.setNextSrtcpIndex(77, 0x7fffffff);
        assertTrue(tx.protectRtcp(Arrays.copyOf(p, 100), 0, p.length) > 0);
        assertEquals(SrtpStatus.INDEX_EXHAUSTED.code(), tx.protectRtcp(Arrays.copyOf(p, 100), 0, p.length));
    }

    @Test
    void unencryptedSrtcpAesCmIsAuthenticatedOnly() throws Exception {
        // Build an E=0 SRTCP packet by hand (RFC 3711 3.4): RTCP || 0 || index || HMAC-SHA1-80.
        SrtpSessionKeys keys = SrtpSessionKeys.derive(SrtpProfile.AES_CM_128_HMAC_SHA1_80, KEY, SALT_CM);
        byte[] rtcp = rtcpPacketOf(99, 5);
        byte[] s = Arrays.copyOf(rtcp, rtcp.length + 14);
        SrtpContext.put32(s, rtcp.length, 17);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(keys.rtcpAuthKey().toByteArray(), "HmacSHA1"));
        mac.update(s, 0, rtcp.length + 4);
        System.arraycopy(mac.doFinal(), 0, s, rtcp.length + 4, 10);
        SrtpContext rx = ctx(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] out = new byte[rtcp.length];
        assertEquals(rtcp.length, rx.unprotectRtcp(s, 0, s.length, out, 0));
        assertArrayEquals(rtcp, out);
        assertEquals(SrtpStatus.REPLAYED.code(), rx.unprotectRtcp(s, 0, s.length, out, 0));
    }

    @Test
    void unencryptedSrtcpGcmIsAuthenticatedOnly() throws Exception {
        // RFC 7714 9.2/9.3: with E=0 the whole RTCP packet and the E||index word are AAD, the plaintext empty.
        SrtpSessionKeys keys = SrtpSessionKeys.derive(SrtpProfile.AEAD_AES_128_GCM, KEY, SALT_GCM);
        byte[] rtcp = rtcpPacketOf(99, 5);
        int index = 23;
        byte[] iv = new byte[12];
        SrtpContext.put32(iv, 2, 99);
        SrtpContext.put32(iv, 8, index);
        byte[] salt = keys.rtcpSalt().toByteArray();
        for (int i = 0; i < 12; i++) {
            iv[i] ^= salt[i];
        }
        byte[] word = new byte[4];
        SrtpContext.put32(word, 0, index);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.rtcpKey().toByteArray(), "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(rtcp);
        c.updateAAD(word);
        byte[] tag = c.doFinal();
        byte[] s = new byte[rtcp.length + 20];
        System.arraycopy(rtcp, 0, s, 0, rtcp.length);
        System.arraycopy(tag, 0, s, rtcp.length, 16);
        System.arraycopy(word, 0, s, rtcp.length + 16, 4);
        SrtpContext rx = ctx(SrtpProfile.AEAD_AES_128_GCM);
        byte[] buf = s.clone();
        assertEquals(rtcp.length, rx.unprotectRtcp(buf, 0, buf.length));
        assertArrayEquals(rtcp, Arrays.copyOf(buf, rtcp.length));
        s[9] ^= 4;
        assertEquals(SrtpStatus.AUTH_FAILED.code(), ctx(SrtpProfile.AEAD_AES_128_GCM).unprotectRtcp(s, 0, s.length));
    }

    @Test
    void profilesKnowTheirDtlsIdsAndNames() {
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.byDtlsId(7));
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, SrtpProfile.byName("SRTP_AES128_CM_HMAC_SHA1_32"));
        assertEquals(SrtpProfile.AEAD_AES_256_GCM, SrtpProfile.byName("aead_aes_256_gcm"));
        assertNull(SrtpProfile.byName("NULL_NULL"));
        assertEquals(14, SrtpProfile.AES_CM_128_HMAC_SHA1_32.rtcpOverhead(), "SRTCP keeps an 80-bit tag");
    }
}
