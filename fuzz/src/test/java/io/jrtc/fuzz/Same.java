package io.jrtc.fuzz;

import java.util.Objects;

/** Round-trip checks: what a parser accepted and the encoder wrote back must parse to the same value. */
final class Same {
    private Same() {
    }

    /** Fails (a finding) when {@code again}, the value re-parsed from its own encoding, differs from {@code first}. */
    static void value(String what, Object first, Object again) {
        if (!Objects.equals(first, again)) {
            throw new IllegalStateException(what + " does not survive encode and parse:\n  first " + first
                    + "\n  again " + again);
        }
    }

    /** Fails (a finding) when our own encoding of an accepted value does not parse. */
    static IllegalStateException ownEncodingRejected(String what, Exception e) {
        return new IllegalStateException(what + ": the encoding of a parsed value does not parse back", e);
    }
}
