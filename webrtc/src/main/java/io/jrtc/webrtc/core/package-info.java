/**
 * The sans-IO composition core: {@link io.jrtc.webrtc.core.PeerConnectionCore} drives ICE, DTLS, SCTP,
 * SRTP and the media session as one engine (datagrams and the current time in; datagrams, the next timeout
 * and events out), demultiplexes by the first byte (RFC 7983), and builds the W3C statistics. It runs the
 * same on the test kit's simulated network as on sockets.
 */
package io.jrtc.webrtc.core;
