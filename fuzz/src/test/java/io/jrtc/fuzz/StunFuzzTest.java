package io.jrtc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.core.Datagram;
import io.jrtc.stun.ChannelData;
import io.jrtc.stun.StunMessage;
import io.jrtc.stun.StunParseException;
import io.jrtc.stun.StunServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** STUN: the message parser, ChannelData framing and the Binding server engine. */
class StunFuzzTest {
    static {
        Drain.setUp();
    }

    static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 3478);
    static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50000);

    @FuzzTest(maxDuration = "60s")
    void message(byte[] data) {
        StunMessage.isStun(data, 0, data.length);
        try {
            StunMessage.parse(data, 0, data.length, true);
        } catch (StunParseException expected) {
            // malformed input is the parser's business: only this exception may come out
        }
        try {
            ChannelData.parse(data);
        } catch (StunParseException expected) {
            // likewise
        }
    }

    /** The Binding server fed datagrams: records of length (u16), bytes; 10 ms pass between them. */
    @FuzzTest(maxDuration = "60s")
    void server(byte[] input) {
        Input in = new Input(input);
        StunServer server = new StunServer();
        long now = 0;
        while (in.remaining() > 0) {
            now += 10_000_000L;
            server.handleInput(now, new Datagram(CLIENT, SERVER, in.bytes(in.u16())));
            Drain.engine(server);
        }
    }
}
