/**
 * Examples of SRTP (RFC 3711, RFC 7714): a walkthrough of the key derivation and a protect/unprotect tool.
 */
package io.jrtc.examples.srtp;
