package io.jrtc.examples.webrtc;

import io.jrtc.testkit.RealPeers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh network namespace whose only interface is loopback ({@code unshare --net}, with
 * {@code --map-root-user} when not root; {@code ip link set lo up}; a default route over {@code lo}
 * with source 127.0.0.1), and a JVM with this test's classpath inside it. Nothing can leave the
 * machine from there. Locally a missing tool or namespace right skips the test; with {@code CI=true}
 * it fails.
 */
final class LoopbackNamespace {
    private static List<String> options;

    private LoopbackNamespace() {
    }

    /** Checks unshare, ip and the right to create a namespace. */
    static synchronized void require() throws Exception {
        Path unshare = RealPeers.require("unshare", "apt-get install util-linux");
        RealPeers.require("ip", "apt-get install iproute2");
        if (options == null) {
            for (List<String> o : List.of(List.of("--net"), List.of("--net", "--map-root-user"))) {
                List<String> probe = new ArrayList<>(List.of(unshare.toString()));
                probe.addAll(o);
                probe.add("true");
                if (Processes.run(probe, 10).exitCode() == 0) {
                    options = o;
                    break;
                }
            }
        }
        RealPeers.requireThat(options != null, "cannot create a network namespace here: unshare --net needs "
                + "CAP_SYS_ADMIN, unshare --net --map-root-user needs unprivileged user namespaces");
    }

    /** Headless Chromium: the binary itself when Debian's layout is there (no wrapper script), else chromium on the PATH. */
    static Path chromium() {
        Path direct = Path.of("/usr/lib/chromium/chromium");
        if (Files.isExecutable(direct)) {
            return direct;
        }
        return RealPeers.require("chromium", "apt-get install chromium (scripts/install-peers.sh)");
    }

    /**
     * Runs {@code mainClass ARGS} in a JVM with this test's classpath inside a new loopback-only
     * namespace, for at most {@code seconds} (then it is killed with every process it started).
     */
    static Processes.Result runJava(Class<?> mainClass, List<String> args, long seconds) throws Exception {
        require();
        Path unshare = RealPeers.require("unshare", "apt-get install util-linux");
        Path ip = RealPeers.require("ip", "apt-get install iproute2");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder inside = new StringBuilder(ip + " link set lo up && " + ip + " route add default dev lo src 127.0.0.1 && exec "
                + quote(java) + " --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED -cp "
                + quote(System.getProperty("java.class.path")) + " " + mainClass.getName());
        for (String a : args) {
            inside.append(' ').append(quote(a));
        }
        List<String> command = new ArrayList<>(List.of(unshare.toString()));
        command.addAll(options);
        command.addAll(List.of("sh", "-c", inside.toString()));
        return Processes.run(command, seconds);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
