/**
 * The PeerConnection API, in the shape of the W3C {@code RTCPeerConnection}: {@link io.jrtc.webrtc.PeerConnection},
 * its configuration ({@link io.jrtc.webrtc.RtcConfiguration}), descriptions and candidates, data channels
 * (RFC 8831/8832), transceivers, senders and receivers, and getStats with the W3C names. Every call may be
 * made from any thread and hops onto the connection's event loop; callbacks and futures complete there.
 * JSEP (RFC 8829) is the signalling model.
 */
package io.jrtc.webrtc;
