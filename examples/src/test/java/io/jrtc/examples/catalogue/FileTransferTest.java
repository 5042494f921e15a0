package io.jrtc.examples.catalogue;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code file-transfer} with headless Chromium in a loopback-only namespace: the page uploads 3 MiB of
 * random bytes, jrtc hashes what arrived; jrtc sends a 2 MiB + 12345 byte file with flow control, the
 * page hashes what arrived. Both hashes are compared with the sender's own.
 */
class FileTransferTest {

    @Test
    void aFileCrossesTheChannelBothWaysWithItsSha256() throws Exception {
        String chromium = Namespace.chromium().toString();
        Namespace.Result r = Namespace.runJava(CatalogueDriver.class,
                List.of("--chromium", chromium, "--example", "file-transfer", "--timeout", "60"), 120);
        String out = r.output();
        assertEquals(0, r.exitCode(), out);
        // upload: the SHA-256 jrtc computed over what it received = the page's over what it sent
        String pageSha = group(out, "\\[page\\] uploading \"random.bin\", 3145728 bytes, SHA-256 ([0-9a-f]{64})");
        String javaSha = group(out, "JAVA upload \"random.bin\" 3145728 bytes sha256 ([0-9a-f]{64})");
        assertEquals(pageSha, javaSha, out);
        // download: the page's SHA-256 of what it got = the file's, and jrtc compared it
        String fileSha = group(out, "JAVA download file 2109497 bytes sha256 ([0-9a-f]{64})");
        assertEquals(fileSha, group(out, "\\[page\\] download complete: \"[^\"]+\", 2109497 bytes in \\d+ ms, SHA-256 ([0-9a-f]{64})"), out);
        assertEquals(fileSha, group(out, "JAVA download verdict match ([0-9a-f]{64})"), out);
        // flow control engaged: the download stopped at the high-water mark and went on from bufferedamountlow
        int resumes = Integer.parseInt(group(out, "JAVA download resumed (\\d+) time\\(s\\)"));
        long mostQueued = Long.parseLong(group(out, "at most (\\d+) bytes queued"));
        assertTrue(resumes >= 1, out);
        assertTrue(mostQueued <= FileTransfer.HIGH_WATER + FileTransfer.CHUNK, mostQueued + " bytes queued:\n" + out);
        assertTrue(out.contains("JAVA port released"), out);
    }

    private static String group(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertTrue(m.find(), regex + " not found in:\n" + out);
        return m.group(1);
    }
}
