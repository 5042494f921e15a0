package io.jrtc.bench.stun;

import io.jrtc.stun.IntegrityKey;
import io.jrtc.stun.MessageClass;
import io.jrtc.stun.Method;
import io.jrtc.stun.StunAttribute;
import io.jrtc.stun.StunMessage;
import io.jrtc.stun.StunParseException;
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

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What an ICE agent or a STUN server does per connectivity check: parse the check (USERNAME, PRIORITY,
 * ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT), verify its FINGERPRINT (in parse)
 * and MESSAGE-INTEGRITY, and encode the signed success response.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StunBenchmark {
    private byte[] check;
    private IntegrityKey key;
    private StunMessage parsedCheck;
    private InetSocketAddress peer;
    private javax.crypto.Mac baselineMac;

    @Setup
    public void setup() throws Exception {
        key = IntegrityKey.shortTerm("9uB6K3LRZ6kv5VQ5NXKPR8dm"); // a 24-character ICE password
        check = StunMessage.builder(MessageClass.REQUEST, Method.BINDING)
                .randomTransactionId(new SplittableRandom(1))
                .add(new StunAttribute.Username("h4Vm:Lx9Q"))
                .add(new StunAttribute.Priority(0x6e7f1eff))
                .add(new StunAttribute.IceControlling(0x1234_5678_9abc_def0L))
                .add(StunAttribute.UseCandidate.INSTANCE)
                .build()
                .encode(key);
        parsedCheck = StunMessage.parse(check);
        peer = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 7}), 54321);
        baselineMac = javax.crypto.Mac.getInstance("HmacSHA1");
        baselineMac.init(new javax.crypto.spec.SecretKeySpec(key.toByteArray(), "HmacSHA1"));
        if (!parsedCheck.verifyIntegrity(key)) {
            throw new IllegalStateException("benchmark setup: check does not verify");
        }
    }

    /** Demultiplexing test on the first bytes only. */
    @Benchmark
    public boolean isStun() {
        return StunMessage.isStun(check, 0, check.length);
    }

    /** Parse (FINGERPRINT checked during parse), no integrity. */
    @Benchmark
    public StunMessage parseCheck() throws StunParseException {
        return StunMessage.parse(check, 0, check.length);
    }

    /** The full receive path of a connectivity check: parse + FINGERPRINT + MESSAGE-INTEGRITY. */
    @Benchmark
    public boolean parseAndVerifyCheck() throws StunParseException {
        StunMessage m = StunMessage.parse(check, 0, check.length);
        return m.verifyFingerprint() && m.verifyIntegrity(key);
    }

    /** Baseline: the JDK's HMAC-SHA1 alone over the 60 bytes before the check's MESSAGE-INTEGRITY. */
    @Benchmark
    public byte[] baselineHmacSha1() {
        baselineMac.update(check, 0, check.length - 32);
        return baselineMac.doFinal();
    }

    /** The success response: XOR-MAPPED-ADDRESS, then MESSAGE-INTEGRITY and FINGERPRINT. */
    @Benchmark
    public byte[] encodeSignedResponse() {
        return StunMessage.responseTo(parsedCheck, MessageClass.SUCCESS_RESPONSE)
                .add(new StunAttribute.XorMappedAddress(peer))
                .build()
                .encode(key);
    }
}
