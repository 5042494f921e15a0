package io.jrtc.examples.browser;

import io.jrtc.examples.Example;
import io.jrtc.sdp.SetupRole;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code browser-datachannel}: a real browser opens a data channel to jrtc and gets every message
 * echoed back. The example serves a page and a tiny signalling endpoint on 127.0.0.1 (the JDK's HTTP
 * server): the page creates an {@code RTCPeerConnection} with a data channel, POSTs its complete
 * offer, applies jrtc's answer, then sends 50 texts and one 64 KiB binary message and checks the
 * echoes. jrtc's side is {@link BrowserAnswerer}: ICE, DTLS, SCTP and DCEP composed by hand. With
 * {@code --jrtc-offers} the roles of the signalling swap: jrtc offers, the browser answers.
 *
 * <p>With {@code --chromium PATH} or {@code --firefox PATH} it starts that browser headless on the
 * page itself (allowed to use loopback for WebRTC); without, open the printed URL in a browser on
 * this machine. The test runs both inside a network
 * namespace whose only interface is loopback ({@code unshare --net}).
 */
public final class BrowserDataChannel implements Example {

    @Override
    public String name() {
        return "browser-datachannel";
    }

    @Override
    public String usage() {
        return "[--chromium PATH | --firefox PATH] [--setup active|passive | --jrtc-offers] [--timeout SECONDS]";
    }

    @Override
    public String description() {
        return "a browser's data channel to jrtc over 127.0.0.1, every message echoed (ICE, DTLS, SCTP, DCEP by hand)";
    }

    @Override
    public int run(String[] args) throws Exception {
        BrowserHarness.Args a = BrowserHarness.Args.parse(args, Set.of("--setup"), Set.of("--jrtc-offers"));
        String setup = a == null ? null : a.value("--setup", "active");
        if (a == null || !setup.matches("active|passive")) {
            System.err.println("usage: browser-datachannel " + usage());
            return 2;
        }
        return run(System.out, a.browser, setup.equals("active") ? SetupRole.ACTIVE : SetupRole.PASSIVE,
                a.flag("--jrtc-offers"), a.timeoutNanos);
    }

    int run(PrintStream out, BrowserHarness.Browser browser, SetupRole setup, boolean jrtcOffers, long timeoutNanos)
            throws Exception {
        return BrowserHarness.run(out, browser, setup, timeoutNanos, new BrowserHarness.Scenario() {
            @Override
            public String query() {
                return jrtcOffers ? "?jrtc-offers" : "";
            }

            @Override
            public String page() {
                return "datachannel.html";
            }

            @Override
            public List<String> chromiumFlags() {
                return List.of();
            }

            @Override
            public boolean done(BrowserAnswerer answerer, CompletableFuture<String> result) {
                return result.isDone();
            }

            @Override
            public int finish(PrintStream out, BrowserAnswerer answerer, String r, long elapsedNanos) {
                boolean ok = r != null && r.contains("\"texts\":50") && r.contains("\"inOrder\":true")
                        && r.contains("\"binaryOk\":true");
                out.printf("%s: jrtc echoed %d messages (%d bytes) to the browser in %d ms%n", ok ? "done" : "FAILED",
                        answerer.messagesEchoed(), answerer.bytesEchoed(), elapsedNanos / 1_000_000);
                return ok ? 0 : 1;
            }
        });
    }

}
