/**
 * The browser catalogue on the public PeerConnection API: data channels, file transfer, ICE restart, stats, reflect, play from disk, save to disk.
 */
package io.jrtc.examples.catalogue;
