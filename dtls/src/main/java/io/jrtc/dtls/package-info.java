/**
 * DTLS 1.2 (RFC 6347) for WebRTC, client and server, as one sans-IO engine.
 *
 * <ul>
 *   <li>{@link io.jrtc.dtls.DtlsEndpoint}: the engine ({@code start(now)}, {@code handleInput},
 *       {@code handleTimeout}, {@code pollTransmit}/{@code pollEvent}/{@code pollTimeout},
 *       {@code send}, {@code close(now)}); flights and retransmission (RFC 6347 §4.2.4), the
 *       cookie exchange (§4.2.1), the anti-replay window (§4.1.2.6), renegotiation refused
 *       (RFC 5746), the keying-material exporter (RFC 5705) and DTLS-SRTP keys (RFC 5764 §4.2).</li>
 *   <li>{@link io.jrtc.dtls.DtlsConfig}: its configuration; the certificate and the randomness come
 *       from the caller.</li>
 *   <li>{@link io.jrtc.dtls.DtlsCertificate}, {@link io.jrtc.dtls.Fingerprint}: self-signed
 *       certificates and their SDP fingerprints (RFC 8122 §5), checked against the peer's.</li>
 *   <li>{@link io.jrtc.dtls.DtlsEvent}: what the endpoint reports (handshake complete, application
 *       data, alerts, closed).</li>
 *   <li>Wire values: {@link io.jrtc.dtls.DtlsRecord} (§4.1), {@link io.jrtc.dtls.HandshakeFragment}
 *       (§4.2.2), {@link io.jrtc.dtls.Handshake} messages (RFC 5246 §7.4, RFC 8422 §5),
 *       {@link io.jrtc.dtls.Extension}s (use_srtp RFC 5764 §4.1.1, extended_master_secret RFC 7627,
 *       renegotiation_info RFC 5746, supported_groups and ec_point_formats RFC 8422, signature_algorithms
 *       RFC 5246 §7.4.1.4.1); malformed input raises {@link io.jrtc.dtls.DtlsParseException}.</li>
 *   <li>Registries: {@link io.jrtc.dtls.CipherSuite} (RFC 5289, RFC 7905), {@link io.jrtc.dtls.NamedGroup},
 *       {@link io.jrtc.dtls.SignatureScheme}, {@link io.jrtc.dtls.AlertDescription},
 *       {@link io.jrtc.dtls.ContentType}; the PRF (RFC 5246 §5) in {@link io.jrtc.dtls.Prf}; record
 *       protection (AES-GCM RFC 5288, ChaCha20-Poly1305 RFC 7905) in
 *       {@link io.jrtc.dtls.RecordProtection}.</li>
 * </ul>
 *
 * Logs go to {@code System.Logger} {@code jrtc.dtls}. See the module README for the flight diagram
 * and where every key comes from.
 */
package io.jrtc.dtls;
