package io.jrtc.examples.webrtc;

import io.jrtc.examples.Example;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code echo-server --http 127.0.0.1:PORT [--idle SECONDS]}: the {@link EchoServer} on its own, a page
 * to open and an offer endpoint, until Ctrl-C.
 */
public final class EchoServerExample implements Example {

    @Override
    public String name() {
        return "echo-server";
    }

    @Override
    public String usage() {
        return "--http 127.0.0.1:PORT [--idle SECONDS]";
    }

    @Override
    public String description() {
        return "WebRTC echo peer on PeerConnection: POST /offer, data channels echoed, audio/video reflected";
    }

    @Override
    public int run(String[] args) throws Exception {
        return run(args, System.out);
    }

    public int run(String[] args, PrintStream out) throws Exception {
        InetSocketAddress http = null;
        long idleSeconds = 120;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    help(out);
                    return 0;
                }
                case "--http" -> {
                    if (i + 1 >= args.length || (http = hostPort(args[++i])) == null) {
                        return usageError(out, "--http needs 127.0.0.1:PORT");
                    }
                }
                case "--idle" -> {
                    try {
                        idleSeconds = Long.parseLong(i + 1 < args.length ? args[++i] : "");
                    } catch (NumberFormatException e) {
                        return usageError(out, "--idle needs a number of seconds");
                    }
                    if (idleSeconds < 1) {
                        return usageError(out, "--idle needs at least 1 second");
                    }
                }
                default -> {
                    return usageError(out, "unknown argument " + args[i]);
                }
            }
        }
        if (http == null) {
            return usageError(out, "--http 127.0.0.1:PORT is required");
        }
        if (!http.getAddress().isLoopbackAddress()) {
            return usageError(out, http.getAddress().getHostAddress() + " is not loopback: the examples only listen on 127.0.0.0/8");
        }
        EchoServer server = EchoServer.start(http, out, Duration.ofSeconds(idleSeconds));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("[HTTP] stopping: closing " + server.sessions().size() + " session(s) and the port");
            server.close();
            out.println("[HTTP] stopped");
            out.flush();
            stopped.countDown();
        }, "echo-server-shutdown"));
        out.println("[HTTP] echo server at " + server.url() + " : open it in a browser on this machine, or POST an "
                + "offer (Content-Type: application/sdp) to " + server.url() + "offer ; Ctrl-C stops it");
        stopped.await();
        return 0;
    }

    private void help(PrintStream out) {
        out.println("usage: echo-server " + usage());
        out.println();
        out.println("  --http 127.0.0.1:PORT  where to serve the page (GET /) and take offers (POST /offer,");
        out.println("                         Content-Type: application/sdp, complete offer; 201 with the complete");
        out.println("                         answer). PORT 0 picks a free port. Loopback addresses only.");
        out.println("  --idle SECONDS         close a session after this long without a message or RTP packet");
        out.println("                         (default 120)");
        out.println();
        out.println("Every data channel the offerer opens is echoed (same channel, same type, in order);");
        out.println("every audio and video track is sent back to the offerer on its own transceiver.");
    }

    private int usageError(PrintStream out, String why) {
        out.println("echo-server: " + why);
        out.println("usage: echo-server " + usage() + "   (--help for more)");
        return 2;
    }

    static InetSocketAddress hostPort(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            if (port < 0 || port > 65535) {
                return null;
            }
            String host = s.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            // an address literal or localhost only: no name lookup that could leave the machine
            if (!host.equals("localhost") && !host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                return null;
            }
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (NumberFormatException | UnknownHostException e) {
            return null;
        }
    }
}
