/**
 * The echo server: a PeerConnection per browser over HTTP signalling, echoing data and media.
 */
package io.jrtc.examples.webrtc;
