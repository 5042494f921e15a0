package io.jrtc.sdp;

import io.jrtc.testkit.TestVectors;

import java.util.ArrayList;
import java.util.List;

/**
 * The descriptions kept in {@code src/test/resources/io/jrtc/sdp/vectors} (see SOURCES.md there): the
 * {@code chromium156_*} captures of this project and the {@code dialect_*} descriptions written by jrtc.
 */
public final class Vectors {
    private Vectors() {
    }

    public static final List<String> ALL = List.of(
            "chromium156_offer_av_dc.sdp",
            "chromium156_offer_dc_only.sdp",
            "chromium156_offer_sent_to_firefox.sdp",
            "chromium156_answer_av_dc.sdp",
            "chromium156_answer_to_firefox_offer.sdp",
            "dialect_planb_audio_ipv6.sdp",
            "dialect_planb_video_fid_rtx_red_ulpfec.sdp",
            "dialect_firefox_style_audio_rtcp_port_session_fingerprint.sdp",
            "dialect_legacy_sctpmap_datachannel.sdp",
            "dialect_current_datachannel.sdp",
            "dialect_video_vp8_vp9_h264.sdp",
            "dialect_safari_style_av_legacy_dc.sdp",
            "dialect_sip_gateway_session_c_ptime_no_mid.sdp",
            "dialect_ice_lite_audio.sdp",
            "dialect_simulcast_rid_send_lf.sdp",
            "dialect_safari_style_offer_h265_dc.sdp",
            "dialect_simulcast_renomination_no_final_newline_lf.sdp",
            "dialect_session_level_ice_dtls_answer.sdp");

    /** The offers among them (a=setup:actpass, or an offer by its origin). */
    public static final List<String> OFFERS = List.of(
            "chromium156_offer_av_dc.sdp",
            "chromium156_offer_dc_only.sdp",
            "chromium156_offer_sent_to_firefox.sdp",
            "dialect_planb_audio_ipv6.sdp",
            "dialect_planb_video_fid_rtx_red_ulpfec.sdp",
            "dialect_firefox_style_audio_rtcp_port_session_fingerprint.sdp",
            "dialect_legacy_sctpmap_datachannel.sdp",
            "dialect_current_datachannel.sdp",
            "dialect_video_vp8_vp9_h264.sdp",
            "dialect_safari_style_av_legacy_dc.sdp",
            "dialect_ice_lite_audio.sdp",
            "dialect_simulcast_rid_send_lf.sdp",
            "dialect_safari_style_offer_h265_dc.sdp",
            "dialect_simulcast_renomination_no_final_newline_lf.sdp");

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
