/**
 * Media files for examples and tests: {@link io.jrtc.rtp.media.IvfFile} (VP8, VP9, AV1 in IVF),
 * {@link io.jrtc.rtp.media.OggOpusFile} (Ogg, RFC 3533, with Opus, RFC 7845) and
 * {@link io.jrtc.rtp.media.AnnexBFile} (H.264/H.265 byte streams, ITU-T H.264 Annex B). Readers check
 * every length and CRC and raise {@link io.jrtc.rtp.RtpParseException} for a malformed file.
 */
package io.jrtc.rtp.media;
