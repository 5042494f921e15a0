package io.jrtc.examples.sdp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the sdp-roundtrip example end to end on a real offer, as JSON, and on broken input. */
class SdpRoundtripTest {

    private static final String OFFER = "v=0\r\no=- 7119202483788645750 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "a=group:BUNDLE 0\r\na=msid-semantic: WMS\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
            + "c=IN IP4 0.0.0.0\r\n"
            + "a=candidate:855654518 1 udp 2122260223 127.0.0.1 33442 typ host generation 0 network-id 1\r\n"
            + "a=ice-ufrag:0XA2\r\na=ice-pwd:PJlo3cQZ5o5fmh2tmE4+cMW0\r\na=ice-options:trickle\r\n"
            + "a=fingerprint:sha-256 8B:61:D8:73:7D:71:B9:1E:D6:5F:AB:13:EF:23:53:73:50:4C:26:D0:AA:6A:88:57:84:53:"
            + "EE:F0:A5:65:D0:C3\r\na=setup:actpass\r\na=mid:0\r\na=x-unknown:kept\r\na=sctp-port:5000\r\n"
            + "a=max-message-size:262144\r\n";

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new SdpRoundtrip().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesTheOfferBack(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("offer.sdp");
        Files.writeString(f, OFFER.replace("\r\n", "\n"));   // LF in, CRLF out
        Run r = run(f.toString());
        assertEquals(0, r.code());
        assertEquals(OFFER, r.out());
        assertTrue(r.err().contains("[SDP] parsed"), r.err());
    }

    @Test
    void printsTheTypedModelAsJson(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("offer.sdp");
        Files.writeString(f, OFFER);
        Run r = run(f.toString(), "--json");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("\"sessionId\": \"7119202483788645750\""), r.out());
        assertTrue(r.out().contains("\"@type\": \"IceUfrag\", \"ufrag\": \"0XA2\""), r.out());
        assertTrue(r.out().contains("\"@type\": \"CandidateAttribute\", \"foundation\": \"855654518\", \"component\": 1"), r.out());
        assertTrue(r.out().contains("\"extensions\": {\"generation\": \"0\", \"network-id\": \"1\"}"), r.out());
        assertTrue(r.out().contains("\"@type\": \"Setup\", \"role\": \"actpass\""), r.out());
        assertTrue(r.out().contains("\"@type\": \"Raw\", \"name\": \"x-unknown\", \"value\": \"kept\""), r.out());
        assertTrue(r.out().contains("\"@type\": \"SctpPort\", \"port\": 5000"), r.out());
    }

    @Test
    void missingFileAndBadArguments(@TempDir Path dir) throws Exception {
        Run r = run(dir.resolve("none.sdp").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("cannot read"), r.err());
        assertEquals(2, run().code());
        assertEquals(2, run("a.sdp", "--yaml").code());
    }

    @Test
    void invalidInputNamesTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.sdp");
        Files.writeString(f, OFFER.replace("a=setup:actpass", "a=setup:whenever"));
        Run r = run(f.toString());
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertEquals("line 14: setup must be active, passive, actpass or holdconn, found 'whenever'", r.err().strip());
    }
}
