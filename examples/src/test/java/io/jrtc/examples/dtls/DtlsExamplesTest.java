package io.jrtc.examples.dtls;

import io.jrtc.testkit.LoopbackPorts;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class DtlsExamplesTest {
    @Test
    void clientAgainstServerInProcess() throws Exception {
        int port = LoopbackPorts.freeUdpPort();
        DtlsServerExample server = new DtlsServerExample();
        AtomicInteger serverExit = new AtomicInteger(-1);
        Thread t = new Thread(() -> {
            try {
                serverExit.set(server.run(new String[] {"--listen", "127.0.0.1:" + port, "--mtu", "400"}));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "dtls-server-example");
        t.start();
        Thread.sleep(300); // let it bind
        DtlsClientExample client = new DtlsClientExample();
        assertEquals(0, client.run(new String[] {"127.0.0.1:" + port, "--mtu", "400"}));
        t.join(20_000);
        assertEquals(0, serverExit.get(), "server finished after the client's close_notify");
        assertNotNull(client.exporterHex());
        assertEquals(112, client.exporterHex().length(), "56 bytes for SRTP_AEAD_AES_128_GCM");
        assertEquals(client.exporterHex(), server.exporterHex());
    }
}
