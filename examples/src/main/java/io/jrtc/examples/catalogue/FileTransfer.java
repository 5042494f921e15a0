package io.jrtc.examples.catalogue;

import io.jrtc.examples.Example;
import io.jrtc.webrtc.PeerConnection;
import io.jrtc.webrtc.PeerConnectionState;
import io.jrtc.webrtc.RtcConfiguration;
import io.jrtc.webrtc.RtcDataChannel;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code file-transfer}: a file over a data channel, both ways, with flow control.
 *
 * <p>The page opens a channel called {@code file}. On it, text messages are commands and binary
 * messages are the file's bytes, 16 KiB each:
 * <ul>
 *   <li>page to jrtc: {@code upload SIZE NAME}, then SIZE bytes; jrtc hashes them as they come and
 *       answers {@code received SIZE SHA256};</li>
 *   <li>jrtc to page: the page asks {@code download}, jrtc sends {@code file SIZE NAME}, then the file
 *       given with {@code --file} (or 8 MiB of its own when none), never more than {@link #HIGH_WATER}
 *       queued: it stops at that and goes on from {@code onBufferedAmountLow} (the channel's
 *       {@code bufferedAmountLowThreshold} is {@link #LOW_WATER}); the page answers
 *       {@code received SIZE SHA256} and jrtc says whether the hash matches its own.</li>
 * </ul>
 * Both ends show a progress bar (the page) or progress lines (here) and the SHA-256 of what they got.
 */
public final class FileTransfer implements Example {
    /** Bytes per message: every browser takes 16 KiB messages. */
    static final int CHUNK = 16 << 10;
    /** Sending stops while more than this is queued on the channel... */
    static final long HIGH_WATER = 1 << 20;
    /** ... and goes on when the queue drains below this ({@code bufferedAmountLowThreshold}). */
    static final long LOW_WATER = 256 << 10;
    /** What jrtc sends without {@code --file}. */
    static final int DEFAULT_SIZE = 8 << 20;

    @Override
    public String name() {
        return "file-transfer";
    }

    @Override
    public String usage() {
        return "[--http 127.0.0.1:PORT] [--file PATH]";
    }

    @Override
    public String description() {
        return "browser example: a file over a data channel both ways, flow control, progress and SHA-256";
    }

    @Override
    public int run(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        Path file = null;
        int at = rest.indexOf("--file");
        if (at >= 0) {
            if (at + 1 >= rest.size()) {
                throw new IllegalArgumentException("--file needs a PATH");
            }
            file = Path.of(rest.get(at + 1));
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no file " + file);
            }
            rest.subList(at, at + 2).clear();
        }
        Server server = Server.start(PageServer.httpOption(rest.toArray(new String[0])), file, System.out);
        return PageServer.serveUntilCtrlC(System.out, server.url(), server);
    }

    /** A file that arrived from a page: its announced name, its size and SHA-256. */
    public record Received(String name, long size, String sha256) {
    }

    /** The running example. */
    public static final class Server implements AutoCloseable {
        private final PageServer http;
        private final Path file;
        private final PrintStream log;
        private final Map<Integer, PeerConnection> connections = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final List<String> downloadVerdicts = new CopyOnWriteArrayList<>();
        private final AtomicInteger resumes = new AtomicInteger();
        private final AtomicLong mostQueued = new AtomicLong();

        private Server(PageServer http, Path file, PrintStream log) {
            this.http = http;
            this.file = file;
            this.log = log;
        }

        /** {@code file}: what pages download, or null for {@link #DEFAULT_SIZE} bytes made here. */
        public static Server start(InetSocketAddress address, Path file, PrintStream log) throws Exception {
            PageServer http = PageServer.start(address, FileTransfer.class, "file-transfer.html", log);
            Server server = new Server(http, file, log);
            http.handle("/offer", server::offer);
            return server;
        }

        public String url() {
            return http.url();
        }

        /** Every file that arrived whole from a page. */
        public List<Received> received() {
            return List.copyOf(received);
        }

        /** For every download a page finished: "match SHA" or "MISMATCH ...". */
        public List<String> downloadVerdicts() {
            return List.copyOf(downloadVerdicts);
        }

        /** How often a download went on from onBufferedAmountLow after stopping at HIGH_WATER. */
        public int resumes() {
            return resumes.get();
        }

        /** The most bytes ever queued on a channel right after a download chunk was sent. */
        public long mostQueued() {
            return mostQueued.get();
        }

        private PageServer.Reply offer(PageServer.Request request) throws Exception {
            int id = ids.incrementAndGet();
            PeerConnection pc = new PeerConnection(RtcConfiguration.builder().loopbackOnly().label("page-" + id).build());
            connections.put(id, pc);
            pc.onConnectionStateChange(state -> {
                log.println("[PC] page " + id + ": connection " + state);
                if (state == PeerConnectionState.FAILED || state == PeerConnectionState.CLOSED) {
                    connections.remove(id);
                    pc.close();
                }
            });
            pc.onDataChannel(channel -> new Transfer(id, channel));
            try {
                return PageServer.Reply.sdp(PageServer.answer(pc, request.body())).with("X-Session", Integer.toString(id));
            } catch (Exception e) {
                connections.remove(id);
                pc.close();
                throw e;
            }
        }

        /** One page's channel: an upload being received, a download being sent. All on the connection's loop. */
        private final class Transfer {
            private final String who;
            private final RtcDataChannel channel;
            // the upload
            private String uploadName;
            private long uploadSize = -1;
            private long uploaded;
            private MessageDigest uploadHash;
            private int uploadQuarter;
            // the download
            private FileChannel source;
            private long downloadSize;
            private long downloaded;
            private MessageDigest downloadHash;
            private String downloadSha;
            private int downloadQuarter;

            Transfer(int id, RtcDataChannel channel) {
                this.who = "page " + id;
                this.channel = channel;
                channel.setBufferedAmountLowThreshold(LOW_WATER);
                channel.onBufferedAmountLow(() -> {
                    if (source != null) {
                        resumes.incrementAndGet();
                    }
                    pump();
                });
                channel.onMessage(this::message);
                channel.onClose(this::closeSource);
                log.println("[DC] " + who + " opened \"" + channel.label() + "\"");
            }

            private void message(RtcDataChannel.Message m) {
                try {
                    if (m.binary()) {
                        chunk(m.data());
                    } else {
                        command(m.text());
                    }
                } catch (IOException | RuntimeException e) {
                    log.println("[DC] " + who + ": " + PageServer.oneLine(e) + "; closing the channel");
                    channel.close();
                }
            }

            private void command(String text) throws IOException {
                String[] words = text.split(" ", 3);
                switch (words[0]) {
                    case "upload" -> {
                        uploadSize = Long.parseLong(words[1]);
                        uploadName = words.length > 2 ? words[2] : "(no name)";
                        uploaded = 0;
                        uploadQuarter = 0;
                        uploadHash = sha256();
                        log.println("[FILE] " + who + " uploads \"" + uploadName + "\", " + uploadSize + " bytes");
                        if (uploadSize == 0) {
                            uploadDone();
                        }
                    }
                    case "download" -> startDownload();
                    case "received" -> {
                        String verdict = words[2].equals(downloadSha) ? "match " + words[2]
                                : "MISMATCH: the page got " + words[1] + " bytes with SHA-256 " + words[2] + ", we sent "
                                + downloadSize + " with " + downloadSha;
                        downloadVerdicts.add(verdict);
                        log.println("[FILE] " + who + " received the download: SHA-256 " + verdict);
                    }
                    default -> log.println("[DC] " + who + " sent an unknown command: " + text);
                }
            }

            private void chunk(byte[] data) {
                if (uploadHash == null || uploaded + data.length > uploadSize) {
                    throw new IllegalStateException(data.length + " bytes that no upload announced");
                }
                uploadHash.update(data);
                uploaded += data.length;
                int quarter = (int) (uploaded * 4 / uploadSize);
                if (quarter > uploadQuarter && quarter < 4) {
                    uploadQuarter = quarter;
                    log.println("[FILE] " + who + " upload " + quarter * 25 + " % (" + uploaded + " bytes)");
                }
                if (uploaded == uploadSize) {
                    uploadDone();
                }
            }

            private void uploadDone() {
                String sha = HexFormat.of().formatHex(uploadHash.digest());
                uploadHash = null;
                received.add(new Received(uploadName, uploadSize, sha));
                log.println("[FILE] " + who + " upload complete: \"" + uploadName + "\", " + uploadSize + " bytes, SHA-256 " + sha);
                channel.send("received " + uploadSize + " " + sha);
            }

            private void startDownload() throws IOException {
                closeSource();
                Path path = file;
                if (path == null) {
                    path = madeHere();
                }
                source = FileChannel.open(path, StandardOpenOption.READ);
                downloadSize = source.size();
                downloaded = 0;
                downloadQuarter = 0;
                downloadHash = sha256();
                downloadSha = null;
                log.println("[FILE] " + who + " downloads " + path.getFileName() + ", " + downloadSize + " bytes");
                channel.send("file " + downloadSize + " " + path.getFileName());
                pump();
            }

            /** Sends chunks until HIGH_WATER is queued; onBufferedAmountLow calls it again. */
            private void pump() {
                if (source == null) {
                    return;
                }
                try {
                    ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
                    while (downloaded < downloadSize && channel.bufferedAmount() < HIGH_WATER
                            && channel.readyState() == RtcDataChannel.ReadyState.OPEN) {
                        buffer.clear();
                        int n = source.read(buffer, downloaded);
                        if (n <= 0) {
                            throw new IOException("the file shrank while it was being sent");
                        }
                        byte[] bytes = new byte[n];
                        buffer.flip().get(bytes);
                        channel.send(bytes);
                        mostQueued.accumulateAndGet(channel.bufferedAmount(), Math::max);
                        downloadHash.update(bytes);
                        downloaded += n;
                        int quarter = (int) (downloaded * 4 / downloadSize);
                        if (quarter > downloadQuarter && quarter < 4) {
                            downloadQuarter = quarter;
                            log.println("[FILE] " + who + " download " + quarter * 25 + " % sent (" + downloaded
                                    + " bytes, " + channel.bufferedAmount() + " queued)");
                        }
                    }
                    if (downloaded == downloadSize) {
                        downloadSha = HexFormat.of().formatHex(downloadHash.digest());
                        log.println("[FILE] " + who + " download all sent: " + downloadSize + " bytes, SHA-256 " + downloadSha);
                        closeSource();
                    }
                } catch (IOException | IllegalStateException e) {
                    log.println("[FILE] " + who + " download stopped: " + PageServer.oneLine(e));
                    closeSource();
                }
            }

            private void closeSource() {
                if (source != null) {
                    try {
                        source.close();
                    } catch (IOException e) {
                        log.println("[FILE] closing the file: " + PageServer.oneLine(e));
                    }
                    source = null;
                }
            }
        }

        /** DEFAULT_SIZE bytes of a fixed pattern, written once to a temporary file. */
        private Path generated;

        private synchronized Path madeHere() throws IOException {
            if (generated == null) {
                byte[] bytes = new byte[DEFAULT_SIZE];
                long x = 0x9E3779B97F4A7C15L;
                for (int i = 0; i < bytes.length; i++) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    bytes[i] = (byte) x;
                }
                generated = Files.createTempFile("jrtc-file-transfer", ".bin");
                generated.toFile().deleteOnExit();
                Files.write(generated, bytes);
            }
            return generated;
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no SHA-256 in this JVM", e);
            }
        }

        @Override
        public void close() {
            connections.values().forEach(PeerConnection::close);
            connections.clear();
            http.close();
            if (generated != null) {
                try {
                    Files.deleteIfExists(generated);
                } catch (IOException e) {
                    log.println("[FILE] " + PageServer.oneLine(e));
                }
            }
        }
    }
}
