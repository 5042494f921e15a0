/**
 * The benchmark program reachable from the launcher.
 */
package io.jrtc.examples.bench;
