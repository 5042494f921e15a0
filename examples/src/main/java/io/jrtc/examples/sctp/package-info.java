/**
 * Examples of SCTP (RFC 9260): two associations and data channels over a simulated path.
 */
package io.jrtc.examples.sctp;
