/**
 * RTP payload formats: a {@link io.jrtc.rtp.codec.Packetizer} cuts an encoded frame into RTP payloads,
 * a {@link io.jrtc.rtp.codec.Depacketizer} joins them back; {@link io.jrtc.rtp.codec.CodecType} names
 * the codecs and hands out both.
 *
 * <ul>
 *   <li>Opus, RFC 7587: {@link io.jrtc.rtp.codec.OpusPacketizer}, {@link io.jrtc.rtp.codec.OpusDepacketizer},
 *       TOC-byte sample counts in {@link io.jrtc.rtp.codec.Opus} (RFC 6716 §3.1).</li>
 *   <li>VP8, RFC 7741 §4: {@link io.jrtc.rtp.codec.Vp8Packetizer}, {@link io.jrtc.rtp.codec.Vp8Depacketizer}.</li>
 *   <li>VP9, RFC 9628 §4: {@link io.jrtc.rtp.codec.Vp9Packetizer}, {@link io.jrtc.rtp.codec.Vp9Depacketizer}.</li>
 *   <li>H.264, RFC 6184 §5.6-5.8 (single NAL unit, STAP-A, FU-A): {@link io.jrtc.rtp.codec.H264Packetizer},
 *       {@link io.jrtc.rtp.codec.H264Depacketizer}; Annex B NAL units in {@link io.jrtc.rtp.codec.NalUnits}.</li>
 *   <li>H.265, RFC 7798 §4.4 (AP, FU): {@link io.jrtc.rtp.codec.H265Packetizer},
 *       {@link io.jrtc.rtp.codec.H265Depacketizer}.</li>
 *   <li>AV1, the AOM "RTP Payload Format for AV1" §4: {@link io.jrtc.rtp.codec.Av1Packetizer},
 *       {@link io.jrtc.rtp.codec.Av1Depacketizer}, with {@link io.jrtc.rtp.codec.Leb128}.</li>
 * </ul>
 *
 * Every length read from a payload is checked against what is left; a bad payload raises
 * {@link io.jrtc.rtp.RtpParseException}.
 */
package io.jrtc.rtp.codec;
