/**
 * The main demo: two PeerConnections in one process on loopback, every protocol step narrated.
 */
package io.jrtc.examples.loopback;
