/**
 * The only package with sockets: Netty UDP (epoll where available, NIO otherwise). One socket per
 * connection ({@link io.jrtc.webrtc.transport.UdpTransport}) or one port shared by many connections,
 * routed by ICE ufrag and then by address ({@link io.jrtc.webrtc.transport.MuxTransport}, RFC 8445 §6.1.2's
 * use of one port); {@link io.jrtc.webrtc.transport.EventLoops} owns the threads. See TRANSPORT.md.
 */
package io.jrtc.webrtc.transport;
