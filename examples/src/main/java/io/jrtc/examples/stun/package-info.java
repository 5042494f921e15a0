/**
 * Examples of STUN (RFC 8489): a narrated demo, a client and a server.
 */
package io.jrtc.examples.stun;
