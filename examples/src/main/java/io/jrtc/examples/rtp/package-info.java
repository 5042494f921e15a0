/**
 * Examples of RTP: a media round trip over a simulated path, plain-RTP send and receive commands, and the congestion-control simulation.
 */
package io.jrtc.examples.rtp;
