package io.jrtc.srtp;

import io.jrtc.core.SrtpProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static io.jrtc.srtp.SrtpProperties.rtcpPacketOf;
import static io.jrtc.srtp.SrtpProperties.rtpPacketOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Given a protected packet, when it is replayed or tampered with, then unprotect refuses it with the
 * exact status, leaves the caller's bytes as they were, counts it, and the stream goes on (the next
 * genuine packet is accepted). Every profile, SRTP and SRTCP.
 */
class SrtpNegativeTest {
    private static final int SSRC = 0x11223344;

    private static SrtpContext[] pair(SrtpProfile profile) {
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        for (int i = 0; i < key.length; i++) key[i] = (byte) (7 * i + 3);
        for (int i = 0; i < salt.length; i++) salt[i] = (byte) (0xA0 + i);
        return new SrtpContext[] {SrtpContext.create(profile, key, salt), SrtpContext.create(profile, key, salt)};
    }

    private static byte[] protectRtp(SrtpContext tx, int seq) {
        byte[] p = rtpPacketOf(SSRC, seq, 40);
        byte[] buf = Arrays.copyOf(p, p.length + 16);
        int n = tx.protectRtp(buf, 0, p.length);
        assertTrue(n > 0, () -> "protect: " + SrtpStatus.of(n));
        return Arrays.copyOf(buf, n);
    }

    private static byte[] protectRtcp(SrtpContext tx, int n) {
        byte[] p = rtcpPacketOf(SSRC, n);
        byte[] buf = Arrays.copyOf(p, p.length + 4 + 16);
        int len = tx.protectRtcp(buf, 0, p.length);
        assertTrue(len > 0, () -> "protect: " + SrtpStatus.of(len));
        return Arrays.copyOf(buf, len);
    }

    /** Unprotects a copy in place; asserts a refusal leaves the copy untouched. */
    private static int unprotect(SrtpContext rx, byte[] packet, boolean rtcp) {
        byte[] buf = packet.clone();
        int r = rtcp ? rx.unprotectRtcp(buf, 0, buf.length) : rx.unprotectRtp(buf, 0, buf.length);
        if (r < 0) {
            assertArrayEquals(packet, buf, "a refused packet is left as it was");
        }
        return r;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aReplayedSrtpPacketIsRefusedAsReplayed(SrtpProfile profile) {
        SrtpContext[] c = pair(profile);
        byte[] first = protectRtp(c[0], 1000);
        assertEquals(52, unprotect(c[1], first, false));
        assertEquals(SrtpStatus.REPLAYED.code(), unprotect(c[1], first, false));
        assertEquals(SrtpStatus.REPLAYED.code(), unprotect(c[1], first, false));
        assertEquals(2, c[1].stats().replayed());
        assertEquals(2, c[1].stats().refused());
        assertEquals(52, unprotect(c[1], protectRtp(c[0], 1001), false), "the stream goes on");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aTamperedSrtpPacketIsRefusedAndMovesNothing(SrtpProfile profile) {
        SrtpContext[] c = pair(profile);
        byte[] genuine = protectRtp(c[0], 7);
        int[] where = {1, 3, 8, 12, genuine.length - profile.rtpTagLength() - 1, genuine.length - 1};
        for (int i : where) {
            byte[] forged = genuine.clone();
            forged[i] ^= 0x01;
            assertEquals(SrtpStatus.AUTH_FAILED.code(), unprotect(c[1], forged, false), "bit flipped in byte " + i);
        }
        assertEquals(where.length, c[1].stats().authFailed());
        assertEquals(0, c[1].stats().streams(), "a forged packet creates no stream state");
        assertEquals(-1, c[1].highestIndex(SSRC));
        assertEquals(52, unprotect(c[1], genuine, false), "the genuine packet is still accepted afterwards");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aReplayedSrtcpPacketIsRefusedAsReplayed(SrtpProfile profile) {
        SrtpContext[] c = pair(profile);
        byte[] first = protectRtcp(c[0], 1);
        assertEquals(28, unprotect(c[1], first, true));
        assertEquals(SrtpStatus.REPLAYED.code(), unprotect(c[1], first, true));
        assertEquals(1, c[1].stats().replayed());
        assertEquals(28, unprotect(c[1], protectRtcp(c[0], 2), true), "the stream goes on");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aTamperedSrtcpPacketIsRefused(SrtpProfile profile) {
        SrtpContext[] c = pair(profile);
        byte[] genuine = protectRtcp(c[0], 1);
        // header, SSRC, encrypted body, the E || index word and the tag
        int[] where = {1, 5, 10, 27, genuine.length - 1};
        for (int i : where) {
            byte[] forged = genuine.clone();
            forged[i] ^= 0x40;
            assertEquals(SrtpStatus.AUTH_FAILED.code(), unprotect(c[1], forged, true), "bit flipped in byte " + i);
        }
        assertEquals(where.length, c[1].stats().authFailed());
        assertEquals(28, unprotect(c[1], genuine, true), "the genuine packet is still accepted afterwards");
    }
}
