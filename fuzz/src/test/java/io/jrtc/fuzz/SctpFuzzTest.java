package io.jrtc.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.sctp.SctpAssociation;
import io.jrtc.sctp.SctpConfig;
import io.jrtc.sctp.SctpPacket;
import io.jrtc.sctp.SctpParseException;
import io.jrtc.sctp.datachannel.Dcep;

import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/** SCTP: the packet and chunk parsers, DCEP, and associations fed hostile packets. */
class SctpFuzzTest {
    static {
        Drain.rethrowEngineErrors();
    }

    /**
     * A packet with every chunk in it. Parsed twice: as it is with a zero checksum accepted (RFC 9653), and
     * with its CRC32c made right, so that the chunks are reached either way; what parses must survive
     * {@link SctpPacket#encode()}.
     */
    @FuzzTest(maxDuration = "60s")
    void packet(byte[] data) {
        packet(data, true);
        if (data.length >= SctpPacket.HEADER_LENGTH) {
            packet(withCrc(data.clone()), false);
        }
    }

    private static void packet(byte[] data, boolean zeroChecksum) {
        SctpPacket p;
        try {
            p = SctpPacket.parse(data, zeroChecksum);
        } catch (SctpParseException expected) {
            return; // only this may come out
        }
        try {
            Same.value("SCTP packet", p, SctpPacket.parse(p.encode()));
        } catch (SctpParseException e) {
            throw Same.ownEncodingRejected("SCTP packet", e);
        }
    }

    /**
     * One chunk of any type: the first byte is the type, the second the flags, the rest the value; the
     * harness writes the chunk's length and a packet around it, so every chunk parser (DATA, I-DATA, INIT
     * and INIT ACK with their parameters, SACK, HEARTBEAT, ABORT and ERROR with their causes, SHUTDOWN*,
     * COOKIE*, FORWARD-TSN, I-FORWARD-TSN, RE-CONFIG with its parameters, unknown types) is reached.
     */
    @FuzzTest(maxDuration = "60s")
    void chunk(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int valueLength = Math.min(data.length - 2, 0xffff - 4);
        int chunkLength = 4 + valueLength;
        byte[] p = new byte[SctpPacket.HEADER_LENGTH + ((chunkLength + 3) & ~3)];
        p[0] = 0x13; // ports 5000 -> 5000, verification tag 1
        p[1] = (byte) 0x88;
        p[2] = 0x13;
        p[3] = (byte) 0x88;
        p[7] = 1;
        int c = SctpPacket.HEADER_LENGTH;
        p[c] = data[0];
        p[c + 1] = data[1];
        p[c + 2] = (byte) (chunkLength >>> 8);
        p[c + 3] = (byte) chunkLength;
        System.arraycopy(data, 2, p, c + 4, valueLength);
        packet(p, true);
    }

    /** A data channel establishment message (RFC 8832): what parses must survive its encoder. */
    @FuzzTest(maxDuration = "60s")
    void dcep(byte[] data) {
        Dcep m;
        try {
            m = Dcep.parse(data);
        } catch (SctpParseException expected) {
            return; // only this may come out
        }
        try {
            Same.value("DCEP message", m, Dcep.parse(m.encode()));
        } catch (SctpParseException e) {
            throw Same.ownEncodingRejected("DCEP message", e);
        }
    }

    /** The packet with a correct CRC32c (RFC 9260 appendix A: over the packet with the field zeroed, least significant byte first). */
    static byte[] withCrc(byte[] p) {
        p[8] = 0;
        p[9] = 0;
        p[10] = 0;
        p[11] = 0;
        CRC32C crc = new CRC32C();
        crc.update(p, 0, p.length);
        long v = crc.getValue();
        p[8] = (byte) v;
        p[9] = (byte) (v >>> 8);
        p[10] = (byte) (v >>> 16);
        p[11] = (byte) (v >>> 24);
        return p;
    }

    @FuzzTest(maxDuration = "60s")
    void association(FuzzedDataProvider in) {
        SctpAssociation a = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(1)).withZeroChecksum(true));
        long now = 0;
        if (in.consumeBoolean()) {
            a.connect(now);
        }
        while (in.remainingBytes() > 0) {
            now += in.consumeLong(0, 5_000_000_000L);
            a.handleInput(now, in.consumeBytes(in.consumeInt(0, 1500)));
            if (in.consumeBoolean()) {
                a.handleTimeout(now);
            }
            Drain.engine(a);
        }
    }
}
