package io.jrtc.srtp;

import io.jrtc.core.ReplayWindow;
import io.jrtc.core.ReplayWindow.Verdict;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The window SRTP and DTLS share ({@code io.jrtc.core.ReplayWindow}), at SRTP's larger sizes. */
class ReplayWindowTest {

    @Test
    void aWindowOf1024TellsReplayedFromTooOld() {
        ReplayWindow w = new ReplayWindow(1024);
        assertEquals(-1, w.highest());
        assertEquals(Verdict.FRESH, w.check(5000));
        w.accept(5000);
        assertEquals(Verdict.REPLAYED, w.check(5000));
        assertEquals(Verdict.FRESH, w.check(5000 - 1023), "the oldest index still inside the window");
        assertEquals(Verdict.TOO_OLD, w.check(5000 - 1024));
        w.accept(4000);
        assertEquals(Verdict.REPLAYED, w.check(4000));
        w.accept(5002);
        assertEquals(Verdict.FRESH, w.check(5001), "the index skipped over stays acceptable");
        assertEquals(Verdict.REPLAYED, w.check(4000), "sliding by 2 keeps older bits");
        w.accept(5002 + 1024);
        assertEquals(Verdict.TOO_OLD, w.check(5002));
        assertEquals(Verdict.FRESH, w.check(5003), "sliding by the window size clears every bit");
    }

    @Test
    void acceptingAnIndexTooOldChangesNothing() {
        ReplayWindow w = new ReplayWindow(64);
        w.accept(1000);
        w.accept(10);
        assertEquals(1000, w.highest());
        assertEquals(Verdict.TOO_OLD, w.check(10));
        assertEquals(Verdict.FRESH, w.check(1000 - 63));
    }

    @Test
    void sizesOutsideTheRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(0));
        assertEquals(SrtpConfig.MAX_REPLAY_WINDOW, new ReplayWindow(SrtpConfig.MAX_REPLAY_WINDOW).size());
    }
}
