package io.jrtc.bench.ice;

import io.jrtc.core.Datagram;
import io.jrtc.ice.Candidate;
import io.jrtc.ice.IceAgent;
import io.jrtc.ice.IceConfig;
import io.jrtc.ice.IceParseException;
import io.jrtc.ice.UdpMux;
import io.jrtc.stun.IntegrityKey;
import io.jrtc.stun.MessageClass;
import io.jrtc.stun.Method;
import io.jrtc.stun.StunAttribute;
import io.jrtc.stun.StunMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Per-datagram costs on the server side of ICE: an agent answering an authenticated connectivity
 * (or consent) check from a known peer, the same through a {@link UdpMux} holding 1000 agents, an
 * application datagram delivered on the selected pair, and parsing a trickled candidate line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IceBenchmark {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 3478);
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.2", 50000);

    private IceAgent agent;
    private UdpMux mux;
    private byte[] check;
    private byte[] muxCheck;
    private InetSocketAddress muxPeer;
    private byte[] media;
    private long now = 1;

    private static byte[] check(String username, String password, long seed) {
        return StunMessage.builder(MessageClass.REQUEST, Method.BINDING)
                .randomTransactionId(new SplittableRandom(seed))
                .add(new StunAttribute.Username(username))
                .add(new StunAttribute.Priority(1845501695L))
                .add(new StunAttribute.IceControlling(0x1234_5678_9abc_def0L))
                .build().encode(IntegrityKey.shortTerm(password));
    }

    private static IceAgent liteAgent(int i, String ufrag) {
        return new IceAgent(IceConfig.builder().lite(true).seed(i).credentials(ufrag, "server-password-" + ufrag + "-xyz")
                .localAddress(LOCAL).loopbackOnly().build());
    }

    @Setup
    public void setup() {
        agent = liteAgent(0, "srv0");
        agent.startGathering(0);
        agent.setRemoteCredentials(0, "cli0", "client-password-0123456789");
        check = check("srv0:cli0", "server-password-srv0-xyz", 1);
        agent.handleInput(0, new Datagram(PEER, LOCAL, check(("srv0:cli0"), "server-password-srv0-xyz", 2)));
        drain(agent);
        media = new byte[1200];
        media[0] = (byte) 0x80; // an RTP-looking datagram

        mux = new UdpMux(LOCAL);
        for (int i = 0; i < 1000; i++) {
            IceAgent a = liteAgent(i, "srv" + i);
            a.startGathering(0);
            a.setRemoteCredentials(0, "cli" + i, "client-password-0123456789");
            mux.add(a);
            mux.collect(a);
        }
        muxPeer = new InetSocketAddress("127.0.0.3", 40000);
        muxCheck = check("srv777:cli777", "server-password-srv777-xyz", 3);
        mux.handleInput(0, new Datagram(muxPeer, LOCAL, muxCheck));
        while (mux.pollTransmit() != null) {
            // drain
        }
        while (mux.pollEvent() != null) {
            // drain
        }
    }

    private static int drain(IceAgent a) {
        int n = 0;
        for (Datagram d; (d = a.pollTransmit()) != null; ) {
            n += d.data().length;
        }
        while (a.pollEvent() != null) {
            n++;
        }
        return n;
    }

    /** Parse, verify FINGERPRINT and MESSAGE-INTEGRITY, answer with a signed success response. */
    @Benchmark
    public int answerCheck() {
        agent.handleInput(now++, new Datagram(PEER, LOCAL, check));
        return drain(agent);
    }

    /** The same check arriving on a port shared by 1000 agents: routed by the ufrag in USERNAME. */
    @Benchmark
    public int answerCheckThroughMux1000() {
        mux.handleInput(now++, new Datagram(muxPeer, LOCAL, muxCheck));
        int n = 0;
        for (Datagram d; (d = mux.pollTransmit()) != null; ) {
            n += d.data().length;
        }
        while (mux.pollEvent() != null) {
            n++;
        }
        return n;
    }

    /** A 1200-byte non-STUN datagram on the selected pair, delivered as an event. */
    @Benchmark
    public int deliverMedia() {
        agent.handleInput(now++, new Datagram(PEER, LOCAL, media));
        return drain(agent);
    }

    @Benchmark
    public Candidate parseCandidate() throws IceParseException {
        return Candidate.parse("candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 192.168.1.5 rport 61665 generation 0");
    }
}
