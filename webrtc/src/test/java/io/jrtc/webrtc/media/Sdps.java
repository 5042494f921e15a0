package io.jrtc.webrtc.media;

import io.jrtc.sdp.Attribute;
import io.jrtc.sdp.SdpParseException;
import io.jrtc.sdp.SessionDescription;
import io.jrtc.sdp.jsep.Answer;
import io.jrtc.sdp.jsep.AnswerOptions;
import io.jrtc.sdp.jsep.DataChannelParameters;
import io.jrtc.sdp.jsep.Jsep;
import io.jrtc.sdp.jsep.Offer;
import io.jrtc.sdp.jsep.Transceiver;
import io.jrtc.sdp.jsep.TransportParameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** Session descriptions for the media tests: the sdp module's vector files, and jrtc offers/answers made by JSEP. */
final class Sdps {
    private Sdps() {
    }

    /** A vector of {@code sdp/src/test/resources/io/jrtc/sdp/vectors/} (our own captures), read from the file system. */
    static SessionDescription vector(String name) {
        Path rel = Path.of("sdp", "src", "test", "resources", "io", "jrtc", "sdp", "vectors", name);
        for (Path base : List.of(Path.of(".."), Path.of("."))) {
            Path p = base.resolve(rel);
            if (Files.isRegularFile(p)) {
                try {
                    return SessionDescription.parse(Files.readString(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (SdpParseException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("vector " + name + " not found from " + Path.of("").toAbsolutePath());
    }

    static TransportParameters transport(String ufrag) {
        return new TransportParameters(ufrag, "0123456789abcdefghijkl", List.of(),
                List.of(Attribute.Fingerprint.of("sha-256", new byte[32])));
    }

    /** A description written to text and parsed back, as the other side would read it. */
    static SessionDescription wire(SessionDescription d) {
        try {
            return SessionDescription.parse(d.write());
        } catch (SdpParseException e) {
            throw new AssertionError(e);
        }
    }

    /** An offer/answer exchange between two jrtc peers, and the sections each side negotiated. */
    record Exchange(SessionDescription offer, SessionDescription answer, List<MediaSection> offerer,
            List<MediaSection> answerer) {
    }

    /**
     * jrtc offers {@code transceivers} (no data channel), jrtc answers with {@code options}; both
     * descriptions go through text and {@code edit} (say, removing a=ssrc lines) before either side
     * reads them.
     */
    static Exchange exchange(List<Transceiver> transceivers, UnaryOperator<AnswerOptions> options,
            UnaryOperator<String> edit) {
        Offer offer = Jsep.createOffer("1", 1, transport("offr"), transceivers, null, null);
        SessionDescription o = parse(edit.apply(offer.description().write()));
        Answer answer = Jsep.createAnswer(o, options.apply(AnswerOptions.defaults("2", transport("answ"))
                .withDataChannel(DataChannelParameters.defaults())));
        SessionDescription a = parse(edit.apply(answer.description().write()));
        return new Exchange(o, a, MediaSection.negotiate(o, a, "offerer@jrtc"), MediaSection.negotiate(a, o, "answerer@jrtc"));
    }

    static SessionDescription parse(String text) {
        try {
            return SessionDescription.parse(text);
        } catch (SdpParseException e) {
            throw new AssertionError(e);
        }
    }

    /** Drops every line starting with one of {@code prefixes}. */
    static UnaryOperator<String> withoutLines(String... prefixes) {
        return text -> {
            StringBuilder sb = new StringBuilder();
            for (String line : text.split("\r\n")) {
                boolean drop = false;
                for (String p : prefixes) {
                    drop |= line.startsWith(p);
                }
                if (!drop) {
                    sb.append(line).append("\r\n");
                }
            }
            return sb.toString();
        };
    }
}
