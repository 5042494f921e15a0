/**
 * The ORTC-style stack: ICE, DTLS, SRTP and SCTP composed by hand, so each hand-off shows.
 */
package io.jrtc.examples.stack;
