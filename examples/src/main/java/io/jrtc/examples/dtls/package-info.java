/**
 * Examples of DTLS (RFC 6347): a client and a server that interoperate with OpenSSL.
 */
package io.jrtc.examples.dtls;
