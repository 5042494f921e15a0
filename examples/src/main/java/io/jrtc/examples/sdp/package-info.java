/**
 * Examples of SDP (RFC 8866): parse a description and print it back, as SDP or JSON.
 */
package io.jrtc.examples.sdp;
