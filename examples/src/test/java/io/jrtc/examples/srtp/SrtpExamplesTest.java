package io.jrtc.examples.srtp;

import io.jrtc.core.SrtpProfile;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the SRTP tool and walkthrough end to end. */
class SrtpExamplesTest {
    private static final String KEY = "e1f97a0d3e018be0d64fa32c06de4139";
    private static final String SALT = "0ec675ad498afeebb6960b3aabe6";

    private static List<String> tool(String input, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SrtpTool.run(args, new BufferedReader(new StringReader(input)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void toolProtectsAndUnprotectsLineByLine() throws Exception {
        String p1 = "800f1234decafbadcafebabeabababababababababababababababab";
        String p2 = "800f1235decafbadcafebabeabababababababababababababababab";
        List<String> prot = tool(p1 + "\n\n# comment\n" + p2 + "\nzz\n" + p1 + "\n",
                "protect", "--profile", "AES_CM_128_HMAC_SHA1_80", "--master-key", KEY, "--master-salt", SALT);
        assertEquals(4, prot.size(), prot.toString());
        // libsrtp's srtp_driver reference ciphertext for this key and packet (also in jitsi-srtp's tests)
        assertEquals("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb", prot.get(0));
        assertTrue(prot.get(2).startsWith("ERROR invalid hex"), prot.get(2));
        assertEquals("ERROR replayed packet", prot.get(3), "the sender refuses to reuse an index");

        String forged = prot.get(1).substring(0, prot.get(1).length() - 2) + "00";
        List<String> back = tool(prot.get(0) + "\n" + forged + "\n" + prot.get(1) + "\n" + prot.get(0) + "\n",
                "unprotect", "--profile", "AES_CM_128_HMAC_SHA1_80", "--master-key", KEY, "--master-salt", SALT);
        assertEquals(List.of(p1, "ERROR authentication failed", p2, "ERROR replayed packet"), back);
    }

    @Test
    void toolDoesRtcpAndRejectsBadArguments() throws Exception {
        String rtcp = "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
        String key = "000102030405060708090a0b0c0d0e0f";
        String salt = "517569642070726f2071756f";
        List<String> prot = tool(rtcp + "\n", "protect", "--rtcp", "--profile", "AEAD_AES_128_GCM",
                "--master-key", key, "--master-salt", salt);
        assertTrue(prot.get(0).endsWith("80000001"), "E=1, SRTCP index 1: " + prot.get(0));
        assertEquals(List.of(rtcp), tool(prot.get(0) + "\n", "unprotect", "--rtcp", "--profile", "AEAD_AES_128_GCM",
                "--master-key", key, "--master-salt", salt));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SrtpTool.run(new String[] {"protect", "--profile", "NOPE", "--master-key", key, "--master-salt", salt},
                new BufferedReader(new StringReader("")), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown profile NOPE"));
    }

    @Test
    void toolDoesCryptex() throws Exception {
        // RFC 9335 A.1.3: one-byte header extension and CSRCs, AES-CM
        String plain = "920f1238decafbadcafebabe0001e2400000b26ebede000151000200abababababababababababababababab";
        String srtp = "920f1238decafbadcafebabe8bb6e12b5cff16ddc0de000192838c8c09e58393e1de3a9a74734d6745671338c3acf11da2df8423bee0";
        assertEquals(List.of(srtp), tool(plain + "\n", "protect", "--cryptex", "--profile", "AES_CM_128_HMAC_SHA1_80",
                "--master-key", KEY, "--master-salt", SALT));
        assertEquals(List.of(plain), tool(srtp + "\n", "unprotect", "--cryptex", "--profile", "AES_CM_128_HMAC_SHA1_80",
                "--master-key", KEY, "--master-salt", SALT));
    }

    @Test
    void walkthroughAgreesWithTheLibraryForEveryProfile() throws Exception {
        for (SrtpProfile p : SrtpProfile.values()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            boolean ok = SrtpWalkthrough.walk(p, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String text = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(ok, text);
            assertTrue(text.contains("session encryption key (label 0)"), text);
            assertTrue(text.contains("keystream"), text);
            assertTrue(text.contains("IV = "), text);
            assertTrue(text.contains("tag"), text);
            assertTrue(text.contains("same bytes: yes"), text);
            assertTrue(text.contains("REPLAYED"), text);
        }
    }
}
