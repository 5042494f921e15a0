package io.jrtc.sdp;

import io.jrtc.testkit.TestVectors;

import java.util.ArrayList;
import java.util.List;

/** The real descriptions kept in {@code src/test/resources/io/jrtc/sdp/vectors} (sources in SOURCES.md there). */
public final class Vectors {
    private Vectors() {
    }

    public static final List<String> ALL = List.of(
            "chromium156_offer_av_dc.sdp",
            "chromium156_offer_dc_only.sdp",
            "chromium156_offer_sent_to_firefox.sdp",
            "chromium156_answer_av_dc.sdp",
            "chromium156_answer_to_firefox_offer.sdp",
            "aiortc_chrome_audio_planb_ipv6.sdp",
            "aiortc_chrome_video_planb.sdp",
            "aiortc_firefox58_audio.sdp",
            "aiortc_firefox58_datachannel_legacy_sctpmap.sdp",
            "aiortc_firefox63_datachannel.sdp",
            "aiortc_firefox61_video.sdp",
            "aiortc_safari_av_legacy_datachannel.sdp",
            "aiortc_freeswitch_audio.sdp",
            "aiortc_ice_lite_audio.sdp",
            "webrtc-rs_firefox152_simulcast_offer_lf.sdp",
            "webrtc-rs_safari_offer_av_dc.sdp",
            "getstream_ios_chrome_simulcast_offer_lf.sdp",
            "libdatachannel_answer_dc_session_level.sdp");

    /** The offers among them (a=setup:actpass, or an offer by its origin). */
    public static final List<String> OFFERS = List.of(
            "chromium156_offer_av_dc.sdp",
            "chromium156_offer_dc_only.sdp",
            "chromium156_offer_sent_to_firefox.sdp",
            "aiortc_chrome_audio_planb_ipv6.sdp",
            "aiortc_chrome_video_planb.sdp",
            "aiortc_firefox58_audio.sdp",
            "aiortc_firefox58_datachannel_legacy_sctpmap.sdp",
            "aiortc_firefox63_datachannel.sdp",
            "aiortc_firefox61_video.sdp",
            "aiortc_safari_av_legacy_datachannel.sdp",
            "aiortc_ice_lite_audio.sdp",
            "webrtc-rs_firefox152_simulcast_offer_lf.sdp",
            "webrtc-rs_safari_offer_av_dc.sdp",
            "getstream_ios_chrome_simulcast_offer_lf.sdp");

    public static String text(String name) {
        return TestVectors.text(Vectors.class, "/io/jrtc/sdp/vectors/" + name);
    }

    public static SessionDescription parse(String name) {
        try {
            return SessionDescription.parse(text(name));
        } catch (SdpParseException e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
    }

    /** The non-blank lines of a description, line endings and trailing white space removed. */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            String t = l.stripTrailing();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
