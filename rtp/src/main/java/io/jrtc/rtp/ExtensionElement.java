package io.jrtc.rtp;

import io.jrtc.core.Bytes;

/**
 * One RFC 8285 header extension element: a local identifier (1-14 in the one-byte form, 1-255 in the
 * two-byte form) and its data (1-16 bytes one-byte, 0-255 bytes two-byte).
 */
public record ExtensionElement(int id, Bytes data) {
    /**
     * Checks the components.
     *
     * @param id the id
     * @param data the data
     */
    public ExtensionElement {
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("extension id must be 1..255: " + id);
        }
        if (data.length() > 255) {
            throw new IllegalArgumentException("extension data longer than 255 bytes: " + data.length());
        }
    }

    /** {@return whether this element fits the one-byte header form (id 1-14, 1-16 bytes of data)} */
    public boolean fitsOneByte() {
        return id <= 14 && data.length() >= 1 && data.length() <= 16;
    }
}
