package io.jrtc.sdp;

import java.util.Objects;

/**
 * A {@code b=} line: {@code <bwtype>:<bandwidth>}, e.g. {@code AS:30} or {@code TIAS:1000000}.
 *
 * @param type  the bandwidth type (AS, TIAS, CT, ...)
 * @param value the value (kbit/s for AS)
 */
public record Bandwidth(String type, long value) {
    /**
     * Checks the components.
     *
     * @param type the bandwidth type (AS, TIAS, CT, ...)
     * @param value the value (kbit/s for AS)
     */
    public Bandwidth {
        Objects.requireNonNull(type);
    }

    /** {@return the line's value as written: {@code type:value}} */
    public String text() {
        return type + ":" + value;
    }
}
