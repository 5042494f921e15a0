/**
 * What every jrtc layer shares: the engine shape ({@link io.jrtc.core.Engine}) and its protective
 * catch ({@link io.jrtc.core.EngineErrors}), the base {@link io.jrtc.core.ParseException},
 * {@link io.jrtc.core.Bytes} (an immutable byte string), {@link io.jrtc.core.Datagram},
 * {@link io.jrtc.core.Hex}, {@link io.jrtc.core.SrtpProfile} (the SRTP protection profiles DTLS
 * negotiates, RFC 5764 §4.1.2, RFC 7714 §14.2) and {@link io.jrtc.core.ReplayWindow} (the anti-replay
 * window of DTLS, RFC 6347 §4.1.2.6, and SRTP, RFC 3711 §3.3.2).
 */
package io.jrtc.core;
