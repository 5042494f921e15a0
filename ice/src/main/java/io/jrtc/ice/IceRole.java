package io.jrtc.ice;

/** The two ICE roles (RFC 8445 §6.1.1): the controlling agent nominates, the controlled one follows. */
public enum IceRole {
    CONTROLLING,
    CONTROLLED;

    public IceRole opposite() {
        return this == CONTROLLING ? CONTROLLED : CONTROLLING;
    }
}
