package io.jrtc.sdp.jsep;

import io.jrtc.sdp.Attribute;
import io.jrtc.sdp.Direction;
import io.jrtc.sdp.MediaDescription;
import io.jrtc.sdp.SessionDescription;
import io.jrtc.sdp.SetupRole;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Offers built from random transceiver sets parse back, and answering them keeps mids, BUNDLE and one setup. */
class JsepProperties {

    @Provide
    Arbitrary<List<Transceiver>> transceivers() {
        Arbitrary<Transceiver> t = Combinators.combine(Arbitraries.of(MediaKind.class), Arbitraries.of(Direction.class),
                Arbitraries.longs().between(0, 0xFFFFFFFFL), Arbitraries.of(true, false))
                .as((kind, dir, ssrc, send) -> Transceiver.of(kind, dir,
                        send ? new SendStream("s", "t" + ssrc, ssrc, kind == MediaKind.VIDEO ? ssrc ^ 1 : null, "c")
                                : null));
        return t.list().ofMinSize(0).ofMaxSize(5);
    }

    @Property(tries = 150)
    void offersRoundTripAndAnswersFollowThem(@ForAll("transceivers") List<Transceiver> ts,
            @ForAll boolean dataChannel, @ForAll boolean passive) throws Exception {
        if (ts.isEmpty() && !dataChannel) {
            return;
        }
        Offer offer = Jsep.createOffer("1", 1, JsepTest.LOCAL, ts, dataChannel ? DataChannelParameters.defaults() : null,
                null);
        SessionDescription d = offer.description();
        assertEquals(d, SessionDescription.parse(d.write()));
        assertEquals(ts.size() + (dataChannel ? 1 : 0), d.media().size());

        AnswerOptions opts = AnswerOptions.defaults("2", JsepTest.LOCAL).withSetup(passive ? SetupRole.PASSIVE
                : SetupRole.ACTIVE);
        Answer a = Jsep.createAnswer(SessionDescription.parse(d.write()), opts);
        SessionDescription ad = a.description();
        assertEquals(ad, SessionDescription.parse(ad.write()));
        List<String> offerMids = new ArrayList<>();
        List<String> answerMids = new ArrayList<>();
        for (int i = 0; i < d.media().size(); i++) {
            offerMids.add(d.media().get(i).mid());
            MediaDescription am = ad.media().get(i);
            answerMids.add(am.mid());
            assertTrue(am.port() != 0, "our own codecs are always accepted");
            assertEquals(passive ? SetupRole.PASSIVE : SetupRole.ACTIVE, am.first(Attribute.Setup.class).role());
            if (!am.isDataChannel()) {
                Direction offered = d.media().get(i).direction();
                assertEquals(offered.reverse().intersect(Direction.RECVONLY), am.direction());
                assertEquals(d.media().get(i).formats(), am.formats(), "same codecs and RTX");
            }
        }
        assertEquals(offerMids, answerMids);
        assertEquals(d.bundleMids(), ad.bundleMids());
    }
}
