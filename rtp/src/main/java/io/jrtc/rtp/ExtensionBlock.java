package io.jrtc.rtp;

import io.jrtc.core.Bytes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The RTP header extension block (RFC 3550 section 5.3.1): a 16-bit profile and data whose length is
 * a multiple of 4. RFC 8285 gives two profiles, one-byte ({@code 0xBEDE}) and two-byte
 * ({@code 0x100} in the upper 12 bits, 4 application bits below), which hold a list of
 * {@link ExtensionElement}s. The raw block is kept so unknown profiles survive a round trip.
 *
 * <pre>
 *  one-byte form (RFC 8285 4.2)            two-byte form (RFC 8285 4.3)
 *  0xBE 0xDE | length in words             0x10 0x0 appbits | length in words
 *  ID(4) L(4) data(L+1 bytes) ...          ID(8) L(8) data(L bytes) ...
 *  0 bytes are padding, ID 15 stops,       0 bytes are padding
 *  ID 0 with a length is skipped
 * </pre>
 */
public record ExtensionBlock(int profile, Bytes data) {
    /** The one-byte header form (RFC 8285 §4.2). */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** The two-byte header form (RFC 8285 §4.3), in the upper 12 bits. */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    /**
     * Checks the components.
     *
     * @param profile the profile
     * @param data the data
     */
    public ExtensionBlock {
        if (profile < 0 || profile > 0xffff) {
            throw new IllegalArgumentException("profile must be 16 bits: " + profile);
        }
        if (data.length() % 4 != 0 || data.length() / 4 > 0xffff) {
            throw new IllegalArgumentException("extension data must be a multiple of 4 bytes: " + data.length());
        }
    }

    /** {@return whether the block uses the one-byte form} */
    public boolean isOneByte() {
        return profile == ONE_BYTE_PROFILE;
    }

    /** {@return whether the block uses the two-byte form} */
    public boolean isTwoByte() {
        return (profile & 0xfff0) == TWO_BYTE_PROFILE;
    }

    /**
     * Builds the block for {@code elements}: one-byte form when every element fits it, else two-byte.
     *
     * @param elements the elements
     * @return the block, one-byte form when every element fits it
     */
    public static ExtensionBlock of(List<ExtensionElement> elements) {
        boolean one = elements.stream().allMatch(ExtensionElement::fitsOneByte);
        int len = 0;
        for (ExtensionElement e : elements) {
            len += (one ? 1 : 2) + e.data().length();
        }
        byte[] out = new byte[RtpWire.padTo4(len)];
        int p = 0;
        for (ExtensionElement e : elements) {
            if (one) {
                out[p++] = (byte) ((e.id() << 4) | (e.data().length() - 1));
            } else {
                out[p++] = (byte) e.id();
                out[p++] = (byte) e.data().length();
            }
            p = e.data().copyTo(out, p);
        }
        return new ExtensionBlock(one ? ONE_BYTE_PROFILE : TWO_BYTE_PROFILE, Bytes.wrap(out));
    }

    /**
     * {@return the RFC 8285 elements, in order; empty for another profile}
     *
     * @throws RtpParseException when an element runs past the block
     */
    public List<ExtensionElement> elements() throws RtpParseException {
        List<ExtensionElement> out = new ArrayList<>();
        byte[] b = data.toByteArray();
        if (isOneByte()) {
            int p = 0;
            while (p < b.length) {
                int h = b[p] & 0xff;
                if (h == 0) {
                    p++;
                    continue;
                }
                int id = h >>> 4;
                if (id == 15) {
                    break;
                }
                int len = (h & 0xf) + 1;
                RtpWire.need(p + 1, len, b.length, "one-byte extension element id " + id);
                if (id == 0) {
                    // ID 0 is reserved (RFC 8285 4.2): not an element anyone can use; skipped with its
                    // data, as RtpView.findExtension does
                    p += 1 + len;
                    continue;
                }
                out.add(new ExtensionElement(id, Bytes.of(b, p + 1, len)));
                p += 1 + len;
            }
        } else if (isTwoByte()) {
            int p = 0;
            while (p < b.length) {
                int id = b[p] & 0xff;
                if (id == 0) {
                    p++;
                    continue;
                }
                RtpWire.need(p, 2, b.length, "two-byte extension element header");
                int len = b[p + 1] & 0xff;
                RtpWire.need(p + 2, len, b.length, "two-byte extension element id " + id);
                out.add(new ExtensionElement(id, Bytes.of(b, p + 2, len)));
                p += 2 + len;
            }
        }
        return out;
    }

    /**
     * The data of the first element with {@code id}, if present.
     *
     * @param id the element id
     * @return its data, or empty
     * @throws RtpParseException when an element runs past the block
     */
    public Optional<Bytes> find(int id) throws RtpParseException {
        for (ExtensionElement e : elements()) {
            if (e.id() == id) {
                return Optional.of(e.data());
            }
        }
        return Optional.empty();
    }
}
