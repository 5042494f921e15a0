package io.jrtc.ice;

/** The two ICE roles (RFC 8445 §6.1.1): the controlling agent nominates, the controlled one follows. */
public enum IceRole {
    /** The controlling agent: nominates the pair (RFC 8445 §8.1). */
    CONTROLLING,
    /** The controlled agent: answers checks and takes the nomination. */
    CONTROLLED;

    /** {@return the other role} */
    public IceRole opposite() {
        return this == CONTROLLING ? CONTROLLED : CONTROLLING;
    }
}
