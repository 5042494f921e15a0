package io.jrtc.sdp;

import java.util.Objects;

/** A {@code b=} line: {@code <bwtype>:<bandwidth>}, e.g. {@code AS:30} or {@code TIAS:1000000}. */
public record Bandwidth(String type, long value) {
    public Bandwidth {
        Objects.requireNonNull(type);
    }

    public String text() {
        return type + ":" + value;
    }
}
