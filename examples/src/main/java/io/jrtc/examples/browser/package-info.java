/**
 * Older browser examples composed by hand from the layers (video, audio, data channel, playback); the catalogue package has the PeerConnection versions.
 */
package io.jrtc.examples.browser;
