package io.jrtc.examples.catalogue;

import io.jrtc.core.Bytes;
import io.jrtc.rtp.media.OggOpusFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each catalogue example started from the launcher as a user starts it ({@code java ... Launcher NAME}),
 * on 127.0.0.1 with a free port: it prints the URL to open, serves its page there, and on SIGINT (what
 * Ctrl-C sends) runs its shutdown hook, ends (status 130, 128 + SIGINT) and releases its port. No browser needed.
 */
class CtrlCTest {

    @ParameterizedTest
    @ValueSource(strings = {"data-channels", "file-transfer", "ice-restart", "stats", "reflect", "play-from-disk", "save-to-disk"})
    void servesItsPageAndEndsCleanlyOnCtrlC(String name, @TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("jrtc-ctrlc", ".log");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.jrtc.examples.Launcher", name, "--http", "127.0.0.1:0"));
        if (name.equals("play-from-disk")) {
            command.addAll(List.of("--audio", silence(dir).toString()));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // 1. the URL it prints
            Pattern urlLine = Pattern.compile("open (http://127\\.0\\.0\\.1:(\\d+)/) in a browser");
            Matcher m = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && p.isAlive()) {
                m = urlLine.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (m.find()) {
                    break;
                }
                m = null;
                Thread.sleep(50);
            }
            assertTrue(m != null, name + " printed no URL within 30 s:\n" + Files.readString(log));
            String url = m.group(1);
            int port = Integer.parseInt(m.group(2));
            // 2. its page is there
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script src=\"/catalogue.js\">"), page.body());
            // 3. Ctrl-C
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), name + " still running 20 s after SIGINT:\n" + Files.readString(log));
            String out = Files.readString(log);
            // the JVM ends a SIGINT'd process with 128 + 2, as a shell reports Ctrl-C; after the hook ran
            assertEquals(130, p.exitValue(), out);
            assertTrue(out.contains("[HTTP] stopped"), out);
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                throw new AssertionError("port " + port + " still taken after " + name + " ended", e);
            }
        } finally {
            if (p.isAlive()) {
                Namespace.killTree(p.toHandle());
            }
            Files.deleteIfExists(log);
        }
    }

    /** One second of Opus silence in Ogg: 50 packets of a 20 ms CELT frame (TOC 0xF8) with no payload. */
    private static Path silence(Path dir) throws Exception {
        List<Bytes> packets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            packets.add(Bytes.of((byte) 0xF8));
        }
        OggOpusFile ogg = new OggOpusFile(new OggOpusFile.Head(1, 1, 312, 48000, 0, 0, Bytes.EMPTY),
                new OggOpusFile.Tags("jrtc test", List.of()), packets, 1, 50 * 960 + 312);
        Path file = dir.resolve("silence.ogg");
        Files.write(file, ogg.encode());
        return file;
    }
}
