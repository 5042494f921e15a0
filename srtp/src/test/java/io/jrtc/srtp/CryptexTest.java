package io.jrtc.srtp;

import io.jrtc.core.Hex;
import io.jrtc.core.SrtpProfile;
import io.jrtc.testkit.TestVectors;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cryptex (RFC 9335): the Appendix A vectors, both ways, and its edge cases. */
class CryptexTest {
    private static final Map<String, byte[]> V = TestVectors.named(CryptexTest.class, "rfc9335-cryptex-vectors.txt");
    private static final SrtpConfig CRYPTEX = SrtpConfig.defaults().withCryptex(true);

    private static SrtpContext ctx(String family) {
        SrtpProfile p = family.equals("cm") ? SrtpProfile.AES_CM_128_HMAC_SHA1_80 : SrtpProfile.AEAD_AES_128_GCM;
        return SrtpContext.create(p, V.get(family + "_master_key"), V.get(family + "_master_salt"), CRYPTEX);
    }

    @Test
    void rfc9335AppendixAProtect() {
        for (String family : new String[] {"cm", "gcm"}) {
            for (int i = 1; i <= 6; i++) {
                byte[] plain = V.get(family + "_plain_" + i);
                byte[] expected = V.get(family + "_srtp_" + i);
                byte[] buf = Arrays.copyOf(plain, plain.length + 16);
                int n = ctx(family).protectRtp(buf, 0, plain.length);
                assertEquals(Hex.encode(expected), Hex.encode(buf, 0, Math.max(n, 0)), family + " A." + i);
            }
        }
    }

    @Test
    void rfc9335AppendixAUnprotect() {
        for (String family : new String[] {"cm", "gcm"}) {
            for (int i = 1; i <= 6; i++) {
                byte[] plain = V.get(family + "_plain_" + i);
                byte[] srtp = V.get(family + "_srtp_" + i).clone();
                assertEquals(plain.length, ctx(family).unprotectRtp(srtp, 0, srtp.length), family + " A." + i);
                assertEquals(Hex.encode(plain), Hex.encode(srtp, 0, plain.length), family + " A." + i);
                // into another buffer, input untouched
                byte[] in = V.get(family + "_srtp_" + i);
                byte[] copy = in.clone();
                byte[] out = new byte[plain.length + 5];
                assertEquals(plain.length, ctx(family).unprotectRtp(in, 0, in.length, out, 5));
                assertArrayEquals(plain, Arrays.copyOfRange(out, 5, out.length));
                assertArrayEquals(copy, in);
            }
        }
    }

    @Test
    void csrcsWithoutAnExtensionGetAnEmptyOne() {
        // A.x.5 without its empty extension: cryptex adds the 0xC0DE header, the result is the same packet
        for (String family : new String[] {"cm", "gcm"}) {
            byte[] withExt = V.get(family + "_plain_5");
            byte[] noExt = new byte[withExt.length - 4];
            System.arraycopy(withExt, 0, noExt, 0, 20);
            System.arraycopy(withExt, 24, noExt, 20, withExt.length - 24);
            noExt[0] &= (byte) ~0x10;
            byte[] buf = Arrays.copyOf(noExt, noExt.length + 20);
            int n = ctx(family).protectRtp(buf, 0, noExt.length);
            assertEquals(Hex.encode(V.get(family + "_srtp_5")), Hex.encode(buf, 0, n), family);
        }
    }

    @Test
    void tamperedCryptexPacketsAreRefusedAndOtherProfilesAreNotCryptex() {
        for (String family : new String[] {"cm", "gcm"}) {
            byte[] s = V.get(family + "_srtp_3").clone();
            s[13] ^= 1; // inside the encrypted CSRCs
            byte[] before = s.clone();
            assertEquals(SrtpStatus.AUTH_FAILED.code(), ctx(family).unprotectRtp(s, 0, s.length));
            assertArrayEquals(before, s);
        }
        // an extension with another profile cannot be cryptex-protected
        byte[] odd = Hex.decode("900f1235decafbadcafebabe12340001aabbccddabababab");
        assertEquals(SrtpStatus.MALFORMED.code(), ctx("cm").protectRtp(Arrays.copyOf(odd, 60), 0, odd.length));
        // without CSRCs or extensions cryptex changes nothing
        byte[] bare = Hex.decode("800f1234decafbadcafebabeabababababababababababababababab");
        byte[] a = Arrays.copyOf(bare, 60);
        byte[] b = Arrays.copyOf(bare, 60);
        int n = ctx("cm").protectRtp(a, 0, bare.length);
        SrtpContext plainCtx = SrtpContext.create(SrtpProfile.AES_CM_128_HMAC_SHA1_80, V.get("cm_master_key"), V.get("cm_master_salt"));
        assertEquals(n, plainCtx.protectRtp(b, 0, bare.length));
        assertArrayEquals(a, b);
    }

    @Test
    void cryptexRoundTripsRandomPacketsInEveryProfile() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(9335);
        for (SrtpProfile p : SrtpProfile.values()) {
            byte[] key = new byte[p.keyLength()];
            byte[] salt = new byte[p.saltLength()];
            r.nextBytes(key);
            r.nextBytes(salt);
            SrtpContext tx = SrtpContext.create(p, key, salt, CRYPTEX);
            SrtpContext rx = SrtpContext.create(p, key, salt, CRYPTEX);
            for (int i = 0; i < 200; i++) {
                byte[] pkt = LibSrtpInteropTest.rtp(r, 0x5150, i);
                if ((pkt[0] & 0x10) != 0) {
                    int o = 12 + 4 * (pkt[0] & 0x0f);
                    int prof = r.nextBoolean() ? 0xBEDE : 0x1000;
                    pkt[o] = (byte) (prof >>> 8);
                    pkt[o + 1] = (byte) prof;
                }
                boolean grows = (pkt[0] & 0x1f) != 0 && (pkt[0] & 0x10) == 0;
                byte[] buf = Arrays.copyOf(pkt, pkt.length + 40);
                int n = tx.protectRtp(buf, 0, pkt.length);
                assertEquals(pkt.length + (grows ? 4 : 0) + p.rtpTagLength(), n, p + " " + i);
                int m = rx.unprotectRtp(buf, 0, n);
                assertEquals(pkt.length + (grows ? 4 : 0), m, p + " " + i);
                if (!grows) {
                    assertArrayEquals(pkt, Arrays.copyOf(buf, m), p + " " + i);
                } else {
                    assertArrayEquals(Arrays.copyOfRange(pkt, 12, 12 + 4 * (pkt[0] & 0x0f)),
                            Arrays.copyOfRange(buf, 12, 12 + 4 * (pkt[0] & 0x0f)), "CSRCs back in the clear");
                }
            }
        }
    }
}
