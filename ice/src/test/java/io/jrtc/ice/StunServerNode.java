package io.jrtc.ice;

import io.jrtc.core.Datagram;
import io.jrtc.testkit.SimNode;

import java.util.ArrayDeque;

/** A minimal STUN server on the simulated network: answers Binding requests with XOR-MAPPED-ADDRESS. */
final class StunServerNode implements SimNode {
    private final ArrayDeque<Datagram> out = new ArrayDeque<>();
    int answered;

    @Override
    public void handleInput(long now, Datagram d) {
        try {
            IceStun.Msg m = IceStun.parse(d.data());
            if (m.cls == IceStun.REQUEST && m.method == IceStun.BINDING) {
                answered++;
                byte[] r = IceStun.success(IceStun.BINDING, m.txid).xorAddress(IceStun.XOR_MAPPED_ADDRESS, d.source())
                        .encode(null, true);
                out.add(new Datagram(d.destination(), d.source(), r));
            }
        } catch (IceParseException e) {
            // not for us
        }
    }

    @Override
    public void handleTimeout(long now) {
    }

    @Override
    public Datagram pollTransmit() {
        return out.poll();
    }

    @Override
    public long pollTimeout() {
        return Long.MAX_VALUE;
    }
}
