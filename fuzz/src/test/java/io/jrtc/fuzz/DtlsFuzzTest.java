package io.jrtc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.dtls.DtlsCertificate;
import io.jrtc.dtls.DtlsConfig;
import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.DtlsParseException;
import io.jrtc.dtls.DtlsRecord;
import io.jrtc.dtls.Handshake;
import io.jrtc.dtls.HandshakeFragment;

import io.jrtc.core.Bytes;
import io.jrtc.testkit.Seeds;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** DTLS: the record and handshake parsers, and both roles fed hostile datagrams. */
class DtlsFuzzTest {
    static {
        Drain.setUp();
    }

    /** Every run is reproducible: fixed seeds for the certificate and every endpoint's randomness. */
    static final Instant CERT_TIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.selfSignedEcdsa(Seeds.secureRandom(1), CERT_TIME);

    /** Handshake message types with a body parser, for {@link #handshake}'s direct path. */
    static final int[] HANDSHAKE_TYPES = {Handshake.CLIENT_HELLO, Handshake.SERVER_HELLO, Handshake.HELLO_VERIFY_REQUEST,
        Handshake.CERTIFICATE, Handshake.SERVER_KEY_EXCHANGE, Handshake.CERTIFICATE_REQUEST, Handshake.SERVER_HELLO_DONE,
        Handshake.CLIENT_KEY_EXCHANGE, Handshake.CERTIFICATE_VERIFY, Handshake.FINISHED};

    /** A datagram of DTLS records: what parses must encode back to the same records. */
    @FuzzTest(maxDuration = "60s")
    void records(byte[] data) {
        List<DtlsRecord> records;
        try {
            records = DtlsRecord.parseAll(data);
        } catch (DtlsParseException expected) {
            return; // only this may come out
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DtlsRecord r : records) {
            out.writeBytes(r.encode());
        }
        try {
            Same.value("DTLS records", records, DtlsRecord.parseAll(out.toByteArray()));
        } catch (DtlsParseException e) {
            throw Same.ownEncodingRejected("DTLS records", e);
        }
    }

    /**
     * A handshake record's plaintext: its fragments, and the body of every whole message by type (ClientHello
     * with its extensions, ServerHello, HelloVerifyRequest, Certificate, ServerKeyExchange, CertificateRequest,
     * ServerHelloDone, ClientKeyExchange, CertificateVerify, Finished); each must survive its encoder. Besides,
     * the first byte picks a message type and the rest goes to that body parser directly, so that every parser
     * is reached without the fragment header.
     */
    @FuzzTest(maxDuration = "60s")
    void handshake(byte[] data) {
        try {
            List<HandshakeFragment> fragments = HandshakeFragment.parseAll(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (HandshakeFragment f : fragments) {
                out.writeBytes(f.encode());
                if (f.isWholeMessage()) {
                    body(f.msgType(), f.body().toByteArray());
                }
            }
            Same.value("handshake fragments", fragments, HandshakeFragment.parseAll(out.toByteArray()));
        } catch (DtlsParseException expected) {
            // only this may come out
        }
        if (data.length > 0) {
            body(HANDSHAKE_TYPES[(data[0] & 0xff) % HANDSHAKE_TYPES.length], Arrays.copyOfRange(data, 1, data.length));
        }
    }

    private static void body(int type, byte[] body) {
        Handshake.Body parsed;
        try {
            parsed = Handshake.parse(type, body);
        } catch (DtlsParseException expected) {
            return; // only this may come out
        }
        try {
            Same.value(Handshake.name(type), parsed, Handshake.parse(type, parsed.encode()));
        } catch (DtlsParseException e) {
            throw Same.ownEncodingRejected(Handshake.name(type), e);
        }
    }

    /**
     * A lone endpoint fed any datagrams: byte 0 bit 0 client (else server), bit 1 cookie exchange; then
     * records of length (u16), bytes, milliseconds to pass (u16), flags (u8 bit 0: handleTimeout).
     */
    @FuzzTest(maxDuration = "60s")
    void endpoint(byte[] input) {
        Input in = new Input(input);
        int setup = in.u8();
        DtlsConfig config = DtlsConfig.builder().certificate(CERTIFICATE).random(Seeds.secureRandom(2))
                .helloVerifyRequest((setup & 2) == 2).build();
        DtlsEndpoint endpoint = (setup & 1) == 1 ? DtlsEndpoint.client(config) : DtlsEndpoint.server(config);
        long now = 0;
        endpoint.start(now);
        Drain.engine(endpoint);
        while (in.remaining() > 0) {
            byte[] d = in.bytes(in.u16());
            now += in.u16() * 1_000_000L;
            endpoint.handleInput(now, d);
            if ((in.u8() & 1) == 1) {
                endpoint.handleTimeout(now);
            }
            Drain.engine(endpoint);
        }
    }

    /**
     * A real handshake between a jrtc client and server (fixed seeds, so the same flights every time), with
     * the fuzzer standing between them: everything the target sends reaches its peer unchanged, and every
     * datagram the peer sends waits in a queue for an operation that delivers it as it is, mutated, with one
     * record or handshake message replaced, or not at all. So the target sees fuzzed datagrams at each stage
     * of the handshake (and after it, with real encrypted records), from flights that are otherwise right.
     *
     * <pre>
     * byte 0       bit 0: target (0 = server, 1 = client); bit 1: HelloVerifyRequest (cookie exchange) on
     * then records op (u8, op % 8), then its arguments:
     *   0 NEXT      the peer's next datagram, as it is
     *   1 FLIP      the next datagram with n (u8 % 8) bytes changed: position (u16, mod length), xor (u8)
     *   2 REPLACE   the next datagram with one record replaced: record index (u8), then for a plaintext
     *               handshake record the fragment index (u8), message type (u8: 0 keeps it) and a new body
     *               (length u16, bytes; the fragment header is rewritten to match); for any other record a
     *               new fragment (length u16, bytes; the record header is rewritten to match)
     *   3 RAW       a datagram of the input's bytes (length u16, bytes)
     *   4 TIME      u16 milliseconds pass; both endpoints' timers (retransmissions go to the queue)
     *   5 DROP      the next datagram is lost
     *   6 DATA      application data (length u16 % 1500, bytes; flags u8 bit 0: sent by the target, else by
     *               the peer), when that side is established
     *   7 REPLAY    the next datagram delivered, and kept in the queue (a duplicate)
     * </pre>
     */
    @FuzzTest(maxDuration = "5m")
    void flights(byte[] input) {
        Input in = new Input(input);
        int setup = in.u8();
        boolean targetIsClient = (setup & 1) == 1;
        boolean cookies = (setup & 2) == 2;
        DtlsEndpoint client = DtlsEndpoint.client(flightConfig(3, cookies));
        DtlsEndpoint server = DtlsEndpoint.server(flightConfig(4, cookies));
        DtlsEndpoint target = targetIsClient ? client : server;
        DtlsEndpoint peer = targetIsClient ? server : client;
        ArrayDeque<byte[]> fromPeer = new ArrayDeque<>();
        long now = 0;
        client.start(now);
        server.start(now);
        pump(target, peer, fromPeer, now);
        int ops = 0;
        while (in.remaining() > 0 && ops++ < 300) {
            switch (in.u8() % 8) {
                case 0 -> deliver(target, now, fromPeer.poll());
                case 1 -> {
                    byte[] d = fromPeer.poll();
                    int n = in.u8() % 8;
                    for (int i = 0; i < n; i++) {
                        int at = in.u16();
                        int xor = in.u8();
                        if (d != null && d.length > 0) {
                            d[at % d.length] ^= (byte) xor;
                        }
                    }
                    deliver(target, now, d);
                }
                case 2 -> deliver(target, now, replaceRecord(fromPeer.poll(), in));
                case 3 -> target.handleInput(now, in.bytes(in.u16()));
                case 4 -> {
                    now += in.u16() * 1_000_000L;
                    target.handleTimeout(now);
                    peer.handleTimeout(now);
                }
                case 5 -> fromPeer.poll();
                case 6 -> {
                    byte[] data = in.bytes(in.u16() % 1500);
                    DtlsEndpoint from = (in.u8() & 1) == 1 ? target : peer;
                    if (from.isEstablished()) {
                        from.send(data);
                    }
                }
                default -> {
                    byte[] d = fromPeer.peek();
                    deliver(target, now, d == null ? null : d.clone());
                }
            }
            pump(target, peer, fromPeer, now);
        }
    }

    private static DtlsConfig flightConfig(long seed, boolean cookies) {
        return DtlsConfig.builder().certificate(CERTIFICATE).random(Seeds.secureRandom(seed)).helloVerifyRequest(cookies).build();
    }

    private static void deliver(DtlsEndpoint target, long now, byte[] datagram) {
        if (datagram != null) {
            target.handleInput(now, datagram);
        }
    }

    /** The target's datagrams to the peer, the peer's into the queue (bounded), both drained and checked. */
    private static void pump(DtlsEndpoint target, DtlsEndpoint peer, ArrayDeque<byte[]> fromPeer, long now) {
        for (byte[] d; (d = target.pollTransmit()) != null; ) {
            peer.handleInput(now, d);
        }
        for (byte[] d; (d = peer.pollTransmit()) != null; ) {
            if (fromPeer.size() < 64) {
                fromPeer.add(d);
            }
        }
        Drain.events(target);
        Drain.events(peer);
        target.pollTimeout();
        peer.pollTimeout();
    }

    /** The datagram with one record (or one handshake message in it) replaced as the input says; as it is when it does not parse. */
    static byte[] replaceRecord(byte[] datagram, Input in) {
        if (datagram == null) {
            return null;
        }
        List<DtlsRecord> records;
        try {
            records = new ArrayList<>(DtlsRecord.parseAll(datagram));
        } catch (DtlsParseException e) {
            return datagram;
        }
        if (records.isEmpty()) {
            return datagram;
        }
        int index = in.u8() % records.size();
        DtlsRecord r = records.get(index);
        byte[] fragment = null;
        if (r.contentType() == 22 && r.epoch() == 0) {
            try {
                List<HandshakeFragment> fragments = new ArrayList<>(HandshakeFragment.parseAll(r.fragment().toByteArray()));
                if (!fragments.isEmpty()) {
                    int k = in.u8() % fragments.size();
                    HandshakeFragment f = fragments.get(k);
                    int type = in.u8();
                    byte[] body = in.bytes(Math.min(in.u16(), MAX_BODY));
                    fragments.set(k, new HandshakeFragment(type == 0 ? f.msgType() : type, body.length, f.messageSeq(), 0,
                            Bytes.wrap(body)));
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (HandshakeFragment g : fragments) {
                        out.writeBytes(g.encode());
                    }
                    fragment = out.toByteArray();
                }
            } catch (DtlsParseException e) {
                // not a handshake plaintext after all: replaced as an opaque fragment below
            }
        }
        if (fragment == null) {
            fragment = in.bytes(Math.min(in.u16(), MAX_BODY));
        }
        if (fragment.length > DtlsRecord.MAX_FRAGMENT) {
            return datagram;
        }
        records.set(index, new DtlsRecord(r.contentType(), r.version(), r.epoch(), r.sequenceNumber(), Bytes.wrap(fragment)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DtlsRecord x : records) {
            out.writeBytes(x.encode());
        }
        return out.toByteArray();
    }

    /** Bounds a replaced body so that the rewritten record stays within a record's size. */
    private static final int MAX_BODY = 16384;
}
