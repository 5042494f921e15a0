package io.jrtc.rtp;

import io.jrtc.core.Bytes;

import java.nio.charset.StandardCharsets;

/**
 * Typed values of the header extensions WebRTC negotiates; {@link #decode} turns an element's data
 * into one of them given the URI the SDP mapped its id to, and {@link #encode} gives the data back.
 */
public sealed interface ExtensionValue {
    /** The mid extension (RFC 9143 §15). */
    String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** The rid extension (RFC 8852 §3.1). */
    String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** The repaired rid extension (RFC 8852 §3.2). */
    String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    /** Absolute send time (libwebrtc), a 24-bit 6.18 fixed-point time. */
    String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2). */
    String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** Client-to-mixer audio level (RFC 6464). */
    String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** Transmission time offset (RFC 5450). */
    String TOFFSET = "urn:ietf:params:rtp-hdrext:toffset";
    /** Coordination of video orientation (3GPP TS 26.114). */
    String VIDEO_ORIENTATION = "urn:3gpp:video-orientation";
    /** Playout delay limits (libwebrtc). */
    String PLAYOUT_DELAY = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    /** {@return the URI this value belongs to} */
    String uri();

    /** {@return the element data} */
    Bytes encode();

    /** RFC 8843 media identification (SDES MID), 1-16 or up to 255 bytes of text. */
    record Mid(String value) implements ExtensionValue {
        public String uri() {
            return MID;
        }

        public Bytes encode() {
            return Bytes.wrap(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** RFC 8852 RtpStreamId (simulcast rid). */
    record RtpStreamId(String value) implements ExtensionValue {
        public String uri() {
            return RTP_STREAM_ID;
        }

        public Bytes encode() {
            return Bytes.wrap(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** RFC 8852 RepairedRtpStreamId (the rid an RTX stream repairs). */
    record RepairedRtpStreamId(String value) implements ExtensionValue {
        public String uri() {
            return REPAIRED_RTP_STREAM_ID;
        }

        public Bytes encode() {
            return Bytes.wrap(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** abs-send-time: 24 bits, seconds in 6.18 fixed point. */
    record AbsSendTime(int value) implements ExtensionValue {
        /**
         * Checks the components.
         *
         * @param value the value
         */
        public AbsSendTime {
            if (value < 0 || value > 0xffffff) {
                throw new IllegalArgumentException("abs-send-time is 24 bits: " + value);
            }
        }

        /**
         * From a time in nanoseconds (wraps every 64 s).
         *
         * @param nanos a wall-clock time in nanoseconds
         * @return its 6.18 fixed-point seconds, modulo 64 s
         */
        public static AbsSendTime ofNanos(long nanos) {
            return new AbsSendTime((int) (((nanos << 18) / 1_000_000_000L) & 0xffffff));
        }

        public String uri() {
            return ABS_SEND_TIME;
        }

        public Bytes encode() {
            return Bytes.wrap(new byte[] {(byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        }
    }

    /** Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 2). */
    record TransportSequence(int value) implements ExtensionValue {
        /**
         * Checks the components.
         *
         * @param value the value
         */
        public TransportSequence {
            if (value < 0 || value > 0xffff) {
                throw new IllegalArgumentException("transport-wide sequence is 16 bits: " + value);
            }
        }

        public String uri() {
            return TRANSPORT_CC;
        }

        public Bytes encode() {
            return Bytes.wrap(new byte[] {(byte) (value >>> 8), (byte) value});
        }
    }

    /** RFC 6464 audio level: voice activity flag and level in -dBov (0 loudest, 127 silence). */
    record AudioLevel(boolean voice, int level) implements ExtensionValue {
        /**
         * Checks the components.
         *
         * @param voice the voice
         * @param level the level
         */
        public AudioLevel {
            if (level < 0 || level > 127) {
                throw new IllegalArgumentException("audio level is 0..127: " + level);
            }
        }

        public String uri() {
            return AUDIO_LEVEL;
        }

        public Bytes encode() {
            return Bytes.wrap(new byte[] {(byte) ((voice ? 0x80 : 0) | level)});
        }
    }

    /** RFC 5450 transmission time offset: signed 24-bit, in RTP timestamp units. */
    record TransmissionOffset(int value) implements ExtensionValue {
        /**
         * Checks the components.
         *
         * @param value the value
         */
        public TransmissionOffset {
            if (value < -(1 << 23) || value >= (1 << 23)) {
                throw new IllegalArgumentException("toffset is signed 24 bits: " + value);
            }
        }

        public String uri() {
            return TOFFSET;
        }

        public Bytes encode() {
            return Bytes.wrap(new byte[] {(byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        }
    }

    /** 3GPP TS 26.114 coordination of video orientation: camera, flip, rotation (0, 90, 180, 270). */
    record VideoOrientation(boolean backCamera, boolean flip, int rotation) implements ExtensionValue {
        /**
         * Checks the components.
         *
         * @param backCamera the back camera
         * @param flip the flip
         * @param rotation the rotation
         */
        public VideoOrientation {
            if (rotation % 90 != 0 || rotation < 0 || rotation > 270) {
                throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270: " + rotation);
            }
        }

        public String uri() {
            return VIDEO_ORIENTATION;
        }

        public Bytes encode() {
            return Bytes.wrap(new byte[] {(byte) ((backCamera ? 8 : 0) | (flip ? 4 : 0) | rotation / 90)});
        }
    }

    /** Playout delay: minimum and maximum, 12 bits each, in units of 10 ms. */
    record PlayoutDelay(int min, int max) implements ExtensionValue {
        /**
         * Checks the components.
         *
         * @param min the min
         * @param max the max
         */
        public PlayoutDelay {
            if (min < 0 || min > 0xfff || max < 0 || max > 0xfff) {
                throw new IllegalArgumentException("playout delay values are 12 bits");
            }
        }

        public String uri() {
            return PLAYOUT_DELAY;
        }

        public Bytes encode() {
            int v = (min << 12) | max;
            return Bytes.wrap(new byte[] {(byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        }
    }

    /** An extension this library does not interpret; its data is kept unchanged. */
    record Unknown(String uri, Bytes data) implements ExtensionValue {
        public Bytes encode() {
            return data;
        }
    }

    /**
     * Decodes element data for {@code uri}; an unknown URI gives {@link Unknown}.
     *
     * @param uri the extension's URI (from the registry)
     * @param data the element's data
     * @return the value
     * @throws RtpParseException when the data does not fit the extension's format
     */
    static ExtensionValue decode(String uri, Bytes data) throws RtpParseException {
        byte[] b = data.toByteArray();
        switch (uri) {
            case MID:
                return new Mid(text(b, uri));
            case RTP_STREAM_ID:
                return new RtpStreamId(text(b, uri));
            case REPAIRED_RTP_STREAM_ID:
                return new RepairedRtpStreamId(text(b, uri));
            case ABS_SEND_TIME:
                size(b, 3, uri);
                return new AbsSendTime(RtpWire.u24(b, 0));
            case TRANSPORT_CC:
                size(b, 2, uri);
                return new TransportSequence(RtpWire.u16(b, 0));
            case AUDIO_LEVEL:
                size(b, 1, uri);
                return new AudioLevel((b[0] & 0x80) != 0, b[0] & 0x7f);
            case TOFFSET:
                size(b, 3, uri);
                return new TransmissionOffset((RtpWire.u24(b, 0) << 8) >> 8);
            case VIDEO_ORIENTATION:
                size(b, 1, uri);
                return new VideoOrientation((b[0] & 8) != 0, (b[0] & 4) != 0, (b[0] & 3) * 90);
            case PLAYOUT_DELAY:
                size(b, 3, uri);
                int v = RtpWire.u24(b, 0);
                return new PlayoutDelay(v >>> 12, v & 0xfff);
            default:
                return new Unknown(uri, data);
        }
    }

    private static void size(byte[] b, int n, String uri) throws RtpParseException {
        if (b.length != n) {
            throw new RtpParseException(uri + ": expected " + n + " bytes of data, got " + b.length);
        }
    }

    private static String text(byte[] b, String uri) throws RtpParseException {
        if (b.length == 0) {
            throw new RtpParseException(uri + ": empty identifier");
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
