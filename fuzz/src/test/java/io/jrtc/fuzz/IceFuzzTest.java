package io.jrtc.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.core.Datagram;
import io.jrtc.ice.IceAgent;
import io.jrtc.ice.IceConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;

/** ICE: an agent fed hostile datagrams from many sources. */
class IceFuzzTest {
    static {
        Drain.rethrowEngineErrors();
    }

    static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);

    @FuzzTest(maxDuration = "60s")
    void agent(FuzzedDataProvider in) {
        IceAgent agent = new IceAgent(IceConfig.builder()
                .controlling(in.consumeBoolean())
                .credentials("abcd", "0123456789012345678901")
                .localAddress(LOCAL)
                .loopbackOnly()
                .random(new SplittableRandom(7))
                .build());
        long now = 0;
        Drain.engine(agent);
        while (in.remainingBytes() > 0) {
            now += in.consumeLong(0, 2_000_000_000L);
            InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), in.consumeInt(1, 65535));
            agent.handleInput(now, new Datagram(from, LOCAL, in.consumeBytes(in.consumeInt(0, 1500))));
            if (in.consumeBoolean()) {
                agent.handleTimeout(now);
            }
            Drain.engine(agent);
        }
    }
}
