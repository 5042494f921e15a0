package io.jrtc.examples.srtp;

import io.jrtc.core.Hex;
import io.jrtc.core.SrtpProfile;
import io.jrtc.examples.Example;
import io.jrtc.srtp.SrtpConfig;
import io.jrtc.srtp.SrtpContext;
import io.jrtc.srtp.SrtpStatus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code srtp-tool protect|unprotect --profile NAME --master-key HEX --master-salt HEX [--rtcp]
 * [--replay-window N] [--cryptex]}: a filter. It reads one hex packet per line on stdin and writes one line per
 * packet on stdout: the protected (or unprotected) packet in hex, or {@code ERROR <reason>}. One
 * context serves all lines, so rollover counters, SRTCP indices and replay windows carry over, and a
 * replayed line is refused. Blank lines and lines starting with {@code #} are skipped.
 *
 * <pre>
 *   echo 800f1234decafbadcafebabeabababababababababababababababab |
 *     java -jar jrtc-examples.jar srtp-tool protect --profile AES_CM_128_HMAC_SHA1_80 \
 *       --master-key e1f97a0d3e018be0d64fa32c06de4139 --master-salt 0ec675ad498afeebb6960b3aabe6
 * </pre>
 */
public final class SrtpTool implements Example {
    @Override
    public String name() {
        return "srtp-tool";
    }

    @Override
    public String usage() {
        return "protect|unprotect --profile NAME --master-key HEX --master-salt HEX [--rtcp] [--replay-window N] [--cryptex]";
    }

    @Override
    public String description() {
        return "SRTP/SRTCP filter: hex packets on stdin, protected/unprotected hex (or ERROR) on stdout";
    }

    @Override
    public int run(String[] args) throws IOException {
        return run(args, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out, System.err);
    }

    /** The tool with its streams given (tests drive it this way). Returns the exit code. */
    public static int run(String[] args, BufferedReader in, PrintStream out, PrintStream err) throws IOException {
        String mode = null;
        String profileName = null;
        String keyHex = null;
        String saltHex = null;
        boolean rtcp = false;
        boolean cryptex = false;
        int window = SrtpConfig.DEFAULT_REPLAY_WINDOW;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "protect", "unprotect" -> mode = args[i];
                    case "--profile" -> profileName = args[++i];
                    case "--master-key" -> keyHex = args[++i];
                    case "--master-salt" -> saltHex = args[++i];
                    case "--rtcp" -> rtcp = true;
                    case "--cryptex" -> cryptex = true;
                    case "--replay-window" -> window = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            return usage(err, "missing or bad value after " + args[args.length - 1]);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        if (mode == null || profileName == null || keyHex == null || saltHex == null) {
            return usage(err, "protect|unprotect, --profile, --master-key and --master-salt are required");
        }
        SrtpProfile profile = SrtpProfile.byName(profileName);
        if (profile == null) {
            return usage(err, "unknown profile " + profileName);
        }
        SrtpContext ctx;
        try {
            ctx = SrtpContext.create(profile, Hex.decode(keyHex), Hex.decode(saltHex),
                    SrtpConfig.defaults().withReplayWindow(window).withCryptex(cryptex));
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        boolean protect = mode.equals("protect");
        byte[] buf = new byte[2048];
        for (String line; (line = in.readLine()) != null; ) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            byte[] packet;
            try {
                packet = Hex.decode(t);
            } catch (IllegalArgumentException e) {
                out.println("ERROR invalid hex: " + e.getMessage());
                continue;
            }
            if (buf.length < packet.length + 64) {
                buf = new byte[packet.length + 64];
            }
            System.arraycopy(packet, 0, buf, 0, packet.length);
            int n;
            if (protect) {
                n = rtcp ? ctx.protectRtcp(buf, 0, packet.length) : ctx.protectRtp(buf, 0, packet.length);
            } else {
                n = rtcp ? ctx.unprotectRtcp(buf, 0, packet.length) : ctx.unprotectRtp(buf, 0, packet.length);
            }
            out.println(n < 0 ? "ERROR " + SrtpStatus.of(n).reason() : Hex.encode(buf, 0, n));
        }
        out.flush();
        return 0;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("srtp-tool: " + problem);
        err.println("usage: srtp-tool protect|unprotect --profile NAME --master-key HEX --master-salt HEX [--rtcp] [--replay-window N] [--cryptex]");
        err.print("profiles:");
        for (SrtpProfile p : SrtpProfile.values()) {
            err.print(" " + p.name());
        }
        err.println();
        return 2;
    }
}
