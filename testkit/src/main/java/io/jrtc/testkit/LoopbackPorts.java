package io.jrtc.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free ports on 127.0.0.1 for interop tests. Tests only ever use loopback. */
public final class LoopbackPorts {
    private LoopbackPorts() {
    }

    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    /** A UDP port that was free on 127.0.0.1 a moment ago (and its TCP twin too, for servers that bind both). */
    public static int freeUdpPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(loopback(), 0))) {
                int port = s.getLocalPort();
                try (ServerSocket t = new ServerSocket(port, 1, loopback())) {
                    return t.getLocalPort();
                } catch (IOException busy) {
                    // TCP twin taken: try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free loopback port");
    }
}
