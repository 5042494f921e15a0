package io.jrtc.sctp.datachannel;

import io.jrtc.sctp.SctpParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DcepProperties {

    @Property(tries = 300)
    void openRoundTrips(@ForAll("types") int type, @ForAll @IntRange(min = 0, max = 0xffff) int prio,
                        @ForAll @LongRange(min = 0, max = 0xffffffffL) long rel, @ForAll @StringLength(max = 40) String label,
                        @ForAll @StringLength(max = 20) String protocol) throws Exception {
        Dcep.Open o = new Dcep.Open(type, prio, rel, label, protocol);
        Dcep.Open back = (Dcep.Open) Dcep.parse(o.encode());
        assertEquals(o.channelType(), back.channelType());
        assertEquals(prio, back.priority());
        assertEquals(rel, back.reliability());
        assertEquals(new String(label.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8), back.label());
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> types() {
        return net.jqwik.api.Arbitraries.of(0x00, 0x01, 0x02, 0x80, 0x81, 0x82);
    }

    @Property(tries = 500)
    void randomBytesOnlyRaiseParseException(@ForAll byte[] b) {
        try {
            Dcep.parse(b);
        } catch (SctpParseException expected) {
            // fine
        }
    }
}
