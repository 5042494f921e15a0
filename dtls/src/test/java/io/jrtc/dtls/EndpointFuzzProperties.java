package io.jrtc.dtls;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayDeque;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random and mutated datagrams injected at every step of a handshake (and after it) never throw out
 * of the endpoint, and its buffers stay within fixed bounds.
 */
class EndpointFuzzProperties {
    static final DtlsConfig.Builder CLIENT = DtlsEndpointTest.clientCfg().maxHandshakeMessage(8192);
    static final DtlsConfig.Builder SERVER = DtlsEndpointTest.serverCfg().maxHandshakeMessage(8192);

    static void checkBounds(DtlsEndpoint e) {
        DtlsEndpoint.Stats s = e.stats();
        assertTrue(s.bufferedHandshakeBytes() <= 2 * 8192, "reassembly " + s);
        assertTrue(s.earlyRecords() <= 16, "early records " + s);
        assertTrue(s.queuedRecords() <= 4096, "queued " + s);
    }

    @Property(tries = 60)
    void mutatedDatagramsAtEveryStep(@ForAll long seed, @ForAll boolean cookies) {
        Random rnd = new Random(seed);
        Pair p = new Pair(CLIENT.random(Pair.seeded(seed)).build(), SERVER.helloVerifyRequest(cookies).random(Pair.seeded(~seed)).build());
        p.client.start(p.now);
        ArrayDeque<byte[]> toServer = new ArrayDeque<>();
        ArrayDeque<byte[]> toClient = new ArrayDeque<>();
        for (int step = 0; step < 60; step++) {
            for (byte[] d; (d = p.client.pollTransmit()) != null; ) toServer.add(d);
            for (byte[] d; (d = p.server.pollTransmit()) != null; ) toClient.add(d);
            boolean toS = !toServer.isEmpty() && (toClient.isEmpty() || rnd.nextBoolean());
            ArrayDeque<byte[]> q = toS ? toServer : toClient;
            DtlsEndpoint target = toS ? p.server : p.client;
            byte[] real = q.isEmpty() ? new byte[] {22, (byte) 0xfe, (byte) 0xfd} : q.poll();
            for (int i = 0, n = rnd.nextInt(4); i < n; i++) {
                target.handleInput(p.now, Mutations.mutate(real, rnd));
                checkBounds(target);
            }
            if (rnd.nextInt(10) > 0) target.handleInput(p.now, real);
            if (toServer.isEmpty() && toClient.isEmpty()) {
                p.now = Math.max(p.now, Math.min(p.client.pollTimeout(), p.server.pollTimeout()));
                p.client.handleTimeout(p.now);
                p.server.handleTimeout(p.now);
            }
            p.drain();
            checkBounds(p.client);
            checkBounds(p.server);
        }
        assertTrue(p.clientEvents.size() < 1000 && p.serverEvents.size() < 1000);
    }

    @Property(tries = 40)
    void hostileFragmentsCannotGrowMemory(@ForAll long seed) {
        Random rnd = new Random(seed);
        DtlsEndpoint server = DtlsEndpoint.server(SERVER.helloVerifyRequest(false).build());
        for (int i = 0; i < 300; i++) {
            // handshake fragments announcing large messages at many message_seq values, in epoch 0 and 1
            int len = rnd.nextInt(1 << 24);
            int seq = rnd.nextInt(20);
            int off = rnd.nextInt(Math.max(1, len));
            int flen = Math.min(len - off, rnd.nextInt(1000));
            byte[] frag = new byte[12 + Math.max(0, flen)];
            frag[0] = (byte) (rnd.nextBoolean() ? 1 : 11);
            frag[1] = (byte) (len >>> 16); frag[2] = (byte) (len >>> 8); frag[3] = (byte) len;
            frag[4] = (byte) (seq >>> 8); frag[5] = (byte) seq;
            frag[6] = (byte) (off >>> 16); frag[7] = (byte) (off >>> 8); frag[8] = (byte) off;
            int fl = Math.max(0, flen);
            frag[9] = (byte) (fl >>> 16); frag[10] = (byte) (fl >>> 8); frag[11] = (byte) fl;
            int epoch = rnd.nextInt(3) == 0 ? 1 : 0;
            byte[] rec = new DtlsRecord(22, 0xFEFD, epoch, i, io.jrtc.core.Bytes.wrap(frag)).encode();
            server.handleInput(1_000_000L * i, rec);
            checkBounds(server);
            for (byte[] d; (d = server.pollTransmit()) != null; ) {
                assertTrue(d.length <= 1200);
            }
            while (server.pollEvent() != null) {
                // drain
            }
        }
    }

    @Property(tries = 30)
    void forgedAndForeignDatagramsNeverStopAHandshake(@ForAll long seed, @ForAll boolean cookies) {
        Random rnd = new Random(seed);
        Pair p = new Pair(CLIENT.random(Pair.seeded(seed)).build(), SERVER.helloVerifyRequest(cookies).random(Pair.seeded(~seed)).build());
        p.client.start(p.now);
        for (int step = 0; step < 200 && !(p.client.isEstablished() && p.server.isEstablished()); step++) {
            for (DtlsEndpoint target : new DtlsEndpoint[] {p.client, p.server}) {
                // not DTLS at all (an RTP or STUN packet on a muxed port), or a forged epoch-1 record
                byte[] junk = new byte[1 + rnd.nextInt(300)];
                rnd.nextBytes(junk);
                if (rnd.nextBoolean()) {
                    junk[0] = (byte) (rnd.nextBoolean() ? 0x80 : 0x00);
                    target.handleInput(p.now, junk);
                } else {
                    int type = 20 + rnd.nextInt(4);
                    byte[] forged = new DtlsRecord(type, 0xFEFD, 1, rnd.nextInt(1000), io.jrtc.core.Bytes.wrap(junk)).encode();
                    target.handleInput(p.now, forged);
                }
            }
            if (p.pump() == 0) {
                p.now = Math.max(p.now, Math.min(p.client.pollTimeout(), p.server.pollTimeout()));
                p.client.handleTimeout(p.now);
                p.server.handleTimeout(p.now);
            }
        }
        assertTrue(p.client.isEstablished() && p.server.isEstablished(),
                "client " + p.client.state() + " " + p.clientEvents + ", server " + p.server.state() + " " + p.serverEvents);
    }
}
