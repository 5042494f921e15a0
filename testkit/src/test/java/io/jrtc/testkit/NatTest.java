package io.jrtc.testkit;

import io.jrtc.core.Datagram;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NatTest {
    static InetAddress ip(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    final InetSocketAddress inside = new InetSocketAddress(ip(192, 168, 1, 2), 5000);
    final InetSocketAddress server1 = new InetSocketAddress(ip(203, 0, 113, 1), 3478);
    final InetSocketAddress server2 = new InetSocketAddress(ip(203, 0, 113, 2), 3478);
    final InetAddress publicIp = ip(198, 51, 100, 1);

    private InetSocketAddress mappedBy(SimNetwork net, InetSocketAddress to) {
        net.send(0, new Datagram(inside, to, new byte[1]));
        return net.poll(0).source();
    }

    @Test
    void endpointIndependentMappingReusesThePort() {
        SimNetwork net = new SimNetwork(1).addNat(new Nat(publicIp, Nat.Mapping.ENDPOINT_INDEPENDENT, Nat.Filtering.ENDPOINT_INDEPENDENT).addInside(inside.getAddress()));
        InetSocketAddress m1 = mappedBy(net, server1);
        InetSocketAddress m2 = mappedBy(net, server2);
        assertEquals(publicIp, m1.getAddress());
        assertEquals(m1, m2);
        // anyone may answer through it
        net.send(0, new Datagram(new InetSocketAddress(ip(203, 0, 113, 9), 1), m1, new byte[1]));
        assertEquals(inside, net.poll(0).destination());
    }

    @Test
    void symmetricMappingAndFilteringDropUnknownPeers() {
        SimNetwork net = new SimNetwork(1).addNat(new Nat(publicIp, Nat.Mapping.ADDRESS_AND_PORT_DEPENDENT, Nat.Filtering.ADDRESS_AND_PORT_DEPENDENT).addInside(inside.getAddress()));
        InetSocketAddress m1 = mappedBy(net, server1);
        InetSocketAddress m2 = mappedBy(net, server2);
        assertNotEquals(m1, m2);
        net.send(0, new Datagram(server2, m1, new byte[1]));
        assertNull(net.poll(0));
        assertEquals(1, net.stats().droppedNat);
        net.send(0, new Datagram(server1, m1, new byte[1]));
        assertEquals(inside, net.poll(0).destination());
    }
}
