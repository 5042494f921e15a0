/**
 * SRTP and SRTCP (RFC 3711), with AES-GCM (RFC 7714) and cryptex (RFC 9335): a packet transform, not
 * an engine (no timers), sans-IO and confined to one thread.
 *
 * <ul>
 *   <li>{@link io.jrtc.srtp.SrtpContext}: one crypto context (RFC 3711 §3.2): protect and unprotect
 *       RTP (§3.1, RFC 7714 §8) and RTCP (§3.4, RFC 7714 §9) in place or into a caller's array,
 *       the rollover counter and index estimation (§3.3.1, Appendix A), replay protection (§3.3.2,
 *       {@link io.jrtc.core.ReplayWindow}), per-SSRC state, and {@code stats()}.</li>
 *   <li>{@link io.jrtc.srtp.SrtpConfig}: replay window size, SSRC limit, cryptex, which AES-GCM
 *       ({@link io.jrtc.srtp.GcmImplementation}).</li>
 *   <li>{@link io.jrtc.srtp.SrtpKdf} and {@link io.jrtc.srtp.SrtpSessionKeys}: the key derivation
 *       (§4.3) and the six session keys; the profiles are {@link io.jrtc.core.SrtpProfile}.</li>
 *   <li>{@link io.jrtc.srtp.SrtpStatus}: why a packet was refused (calls return its negative code;
 *       nothing is thrown for bad packets).</li>
 * </ul>
 *
 * Logs go to {@code System.Logger} {@code jrtc.srtp}.
 */
package io.jrtc.srtp;
