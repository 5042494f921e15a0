package io.jrtc.ice;

import io.jrtc.core.Bytes;
import io.jrtc.stun.ChannelData;
import io.jrtc.stun.Integrity;
import io.jrtc.stun.IntegrityKey;
import io.jrtc.stun.MessageClass;
import io.jrtc.stun.Method;
import io.jrtc.stun.StunAttribute;
import io.jrtc.stun.StunMessage;
import io.jrtc.stun.StunParseException;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The STUN messages the agent and the TURN client need, behind one small facade: build a request,
 * indication or response with the ICE and TURN attributes, protect it with MESSAGE-INTEGRITY and
 * FINGERPRINT; parse one and check both. The encoding, parsing and integrity work is the {@code stun}
 * module's ({@link StunMessage}, {@link StunAttribute}, {@link IntegrityKey}); this facade only
 * flattens the attributes the agent reads into fields.
 */
final class IceStun {
    static final int BINDING = 0x001;
    static final int ALLOCATE = 0x003;
    static final int REFRESH = 0x004;
    static final int SEND = 0x006;
    static final int DATA = 0x007;
    static final int CREATE_PERMISSION = 0x008;
    static final int CHANNEL_BIND = 0x009;

    // classes, as MessageClass ordinals
    static final int REQUEST = 0;
    static final int INDICATION = 1;
    static final int SUCCESS = 2;
    static final int ERROR = 3;

    static final int XOR_PEER_ADDRESS = 0x0012;
    static final int XOR_RELAYED_ADDRESS = 0x0016;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    /** The NOMINATION attribute of WebRTC renomination (draft-thatcher-ice-renomination). */
    static final int NOMINATION = 0xC001;

    private IceStun() {
    }

    /** RFC 7983 demultiplexing plus the STUN header shape: first byte 0..3 and the magic cookie. */
    static boolean looksLikeStun(byte[] d) {
        return StunMessage.isStun(d, 0, d.length);
    }

    /** The method of a message that {@link #looksLikeStun} accepted, from its first two bytes. */
    static int method(byte[] d) {
        int type = readShort(d, 0);
        return (type & 0x000F) | ((type & 0x00E0) >>> 1) | ((type & 0x3E00) >>> 2);
    }

    /** A TURN ChannelData message (RFC 8656 §12): first byte 64..79 (channel 0x4000..0x4FFF). */
    static boolean looksLikeChannelData(byte[] d) {
        return ChannelData.isChannelData(d, 0, d.length);
    }

    static Bytes newTransactionId(java.util.random.RandomGenerator random) {
        return StunMessage.newTransactionId(random);
    }

    /** Builds one STUN message from the {@code stun} module's attribute records, in the order added. */
    static final class Builder {
        private final int method;
        private final int cls;
        private final Bytes txid;
        private final List<StunAttribute> attrs = new ArrayList<>(8);

        Builder(int method, int cls, Bytes txid) {
            this.method = method;
            this.cls = cls;
            this.txid = txid;
        }

        Builder add(StunAttribute a) {
            attrs.add(a);
            return this;
        }

        Builder username(String u) {
            return add(new StunAttribute.Username(u));
        }

        Builder priority(long p) {
            return add(new StunAttribute.Priority(p));
        }

        Builder useCandidate() {
            return add(StunAttribute.UseCandidate.INSTANCE);
        }

        Builder nomination(int value) {
            byte[] v = new byte[4];
            writeInt(v, 0, value & 0xFFFFFF);
            return add(new StunAttribute.Opaque(NOMINATION, Bytes.wrap(v)));
        }

        Builder iceControlling(long tieBreaker) {
            return add(new StunAttribute.IceControlling(tieBreaker));
        }

        Builder iceControlled(long tieBreaker) {
            return add(new StunAttribute.IceControlled(tieBreaker));
        }

        Builder xorAddress(int type, InetSocketAddress a) {
            return add(switch (type) {
                case XOR_MAPPED_ADDRESS -> new StunAttribute.XorMappedAddress(a);
                case XOR_PEER_ADDRESS -> new StunAttribute.XorPeerAddress(a);
                case XOR_RELAYED_ADDRESS -> new StunAttribute.XorRelayedAddress(a);
                default -> throw new IllegalArgumentException("not an XOR address attribute: " + type);
            });
        }

        Builder error(int code, String reason) {
            return add(new StunAttribute.ErrorCode(code, reason));
        }

        Builder lifetime(int seconds) {
            return add(new StunAttribute.Lifetime(seconds));
        }

        Builder requestedTransportUdp() {
            return add(new StunAttribute.RequestedTransport(StunAttribute.RequestedTransport.UDP));
        }

        Builder channelNumber(int channel) {
            return add(new StunAttribute.ChannelNumber(channel));
        }

        Builder realm(String realm) {
            return add(new StunAttribute.Realm(realm));
        }

        Builder nonce(String nonce) {
            return add(new StunAttribute.Nonce(nonce));
        }

        Builder data(byte[] data) {
            return add(new StunAttribute.Data(Bytes.wrap(data)));
        }

        /** The message as built so far. */
        StunMessage message() {
            return StunMessage.builder(MessageClass.values()[cls], methodOf(method)).transactionId(txid).addAll(attrs).build();
        }

        /** Encodes, adding MESSAGE-INTEGRITY (HMAC-SHA1) with {@code key} when not null, then FINGERPRINT when asked. */
        byte[] encode(byte[] key, boolean fingerprint) {
            return message().encode(key == null ? null : IntegrityKey.of(key), Integrity.SHA1, fingerprint);
        }
    }

    private static Method methodOf(int code) {
        return switch (code) {
            case BINDING -> Method.BINDING;
            case ALLOCATE -> Method.ALLOCATE;
            case REFRESH -> Method.REFRESH;
            case SEND -> Method.SEND;
            case DATA -> Method.DATA;
            case CREATE_PERMISSION -> Method.CREATE_PERMISSION;
            case CHANNEL_BIND -> Method.CHANNEL_BIND;
            default -> new Method(code);
        };
    }

    static Builder request(int method, Bytes txid) {
        return new Builder(method, REQUEST, txid);
    }

    static Builder indication(int method, Bytes txid) {
        return new Builder(method, INDICATION, txid);
    }

    static Builder success(int method, Bytes txid) {
        return new Builder(method, SUCCESS, txid);
    }

    static Builder error(int method, Bytes txid, int code, String reason) {
        return new Builder(method, ERROR, txid).error(code, reason);
    }

    /** A parsed message: its header and the attributes ICE and TURN read. */
    static final class Msg {
        final StunMessage message;
        final int method;
        final int cls;
        final Bytes txid;
        String username;
        long priority = -1;
        boolean useCandidate;
        Long controlling;
        Long controlled;
        int nomination = -1;
        InetSocketAddress xorMapped;
        InetSocketAddress xorRelayed;
        InetSocketAddress xorPeer;
        int errorCode;
        String realm;
        String nonce;
        int lifetime = -1;
        int channel = -1;
        byte[] data;

        Msg(StunMessage message, int method, int cls, Bytes txid) {
            this.message = message;
            this.method = method;
            this.cls = cls;
            this.txid = txid;
        }

        boolean hasIntegrity() {
            return message != null && message.hasIntegrity();
        }

        /** Checks MESSAGE-INTEGRITY (RFC 8489 §14.5) with {@code key}; false when absent or wrong. */
        boolean integrityOk(byte[] key) {
            return key != null && hasIntegrity() && message.verifyIntegrity(IntegrityKey.of(key));
        }

        /** A FINGERPRINT that is present was checked by the parser; true when absent. */
        boolean fingerprintOkOrAbsent() {
            return message == null || !message.hasFingerprint() || message.verifyFingerprint();
        }

        boolean hasFingerprint() {
            return message != null && message.hasFingerprint();
        }
    }

    /** Parses with the {@code stun} module; anything malformed becomes an {@link IceParseException}. */
    static Msg parse(byte[] d) throws IceParseException {
        StunMessage sm;
        try {
            sm = StunMessage.parse(d);
        } catch (StunParseException e) {
            throw new IceParseException("stun: " + e.getMessage(), e);
        }
        Msg m = new Msg(sm, sm.method().code(), sm.messageClass().ordinal(), sm.transactionId());
        for (StunAttribute a : sm.attributes()) {
            if (a instanceof StunAttribute.Username u) {
                m.username = u.value();
            } else if (a instanceof StunAttribute.Priority p) {
                m.priority = p.priority();
            } else if (a instanceof StunAttribute.UseCandidate) {
                m.useCandidate = true;
            } else if (a instanceof StunAttribute.IceControlling c) {
                m.controlling = c.tieBreaker();
            } else if (a instanceof StunAttribute.IceControlled c) {
                m.controlled = c.tieBreaker();
            } else if (a instanceof StunAttribute.XorMappedAddress x) {
                m.xorMapped = x.address();
            } else if (a instanceof StunAttribute.XorRelayedAddress x) {
                m.xorRelayed = x.address();
            } else if (a instanceof StunAttribute.XorPeerAddress x) {
                m.xorPeer = x.address();
            } else if (a instanceof StunAttribute.ErrorCode e) {
                m.errorCode = e.code();
            } else if (a instanceof StunAttribute.Realm r) {
                m.realm = r.value();
            } else if (a instanceof StunAttribute.Nonce n) {
                m.nonce = n.value();
            } else if (a instanceof StunAttribute.Lifetime l) {
                m.lifetime = (int) Math.min(Integer.MAX_VALUE, l.seconds());
            } else if (a instanceof StunAttribute.ChannelNumber c) {
                m.channel = c.channel();
            } else if (a instanceof StunAttribute.Data data) {
                m.data = data.value().toByteArray();
            } else if (a instanceof StunAttribute.Opaque o && o.type() == NOMINATION && o.value().length() == 4) {
                m.nomination = readInt(o.value().toByteArray(), 0) & 0xFFFFFF;
            }
        }
        return m;
    }

    /** The long-term credential key (RFC 8489 §9.2.2): MD5(username ":" realm ":" password). */
    static byte[] longTermKey(String username, String realm, String password) {
        return IntegrityKey.longTermMd5(username, realm, password).toByteArray();
    }

    /** The short-term credential key (RFC 8489 §9.1.1): the password. */
    static byte[] shortTermKey(String password) {
        return IntegrityKey.shortTerm(password).toByteArray();
    }

    static int readShort(byte[] d, int pos) {
        return ((d[pos] & 0xFF) << 8) | (d[pos + 1] & 0xFF);
    }

    static int readInt(byte[] d, int pos) {
        return ((d[pos] & 0xFF) << 24) | ((d[pos + 1] & 0xFF) << 16) | ((d[pos + 2] & 0xFF) << 8) | (d[pos + 3] & 0xFF);
    }

    static void writeShort(byte[] d, int pos, int v) {
        d[pos] = (byte) (v >>> 8);
        d[pos + 1] = (byte) v;
    }

    static void writeInt(byte[] d, int pos, int v) {
        d[pos] = (byte) (v >>> 24);
        d[pos + 1] = (byte) (v >>> 16);
        d[pos + 2] = (byte) (v >>> 8);
        d[pos + 3] = (byte) v;
    }
}
