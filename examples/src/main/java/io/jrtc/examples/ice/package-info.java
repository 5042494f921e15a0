/**
 * Examples of ICE (RFC 8445) and TURN (RFC 8656): a narrated agent pair and a TURN client.
 */
package io.jrtc.examples.ice;
