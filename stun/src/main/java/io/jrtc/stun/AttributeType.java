package io.jrtc.stun;

/**
 * STUN attribute type numbers (IANA "STUN Attributes" registry). Types below 0x8000 are
 * comprehension-required: an agent that does not understand one must reject the request with a 420
 * (Unknown Attribute) error; types from 0x8000 are comprehension-optional and may be ignored.
 */
public final class AttributeType {
    private AttributeType() {
    }

    // RFC 8489 (STUN)
    /** {@code MAPPED-ADDRESS} (0x0001). */
    public static final int MAPPED_ADDRESS = 0x0001;
    /** {@code USERNAME} (0x0006). */
    public static final int USERNAME = 0x0006;
    /** {@code MESSAGE-INTEGRITY} (0x0008). */
    public static final int MESSAGE_INTEGRITY = 0x0008;
    /** {@code ERROR-CODE} (0x0009). */
    public static final int ERROR_CODE = 0x0009;
    /** {@code UNKNOWN-ATTRIBUTES} (0x000A). */
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    /** {@code REALM} (0x0014). */
    public static final int REALM = 0x0014;
    /** {@code NONCE} (0x0015). */
    public static final int NONCE = 0x0015;
    /** {@code MESSAGE-INTEGRITY-SHA256} (0x001C). */
    public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    /** {@code PASSWORD-ALGORITHM} (0x001D). */
    public static final int PASSWORD_ALGORITHM = 0x001D;
    /** {@code USERHASH} (0x001E). */
    public static final int USERHASH = 0x001E;
    /** {@code XOR-MAPPED-ADDRESS} (0x0020). */
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    /** {@code PASSWORD-ALGORITHMS} (0x8002). */
    public static final int PASSWORD_ALGORITHMS = 0x8002;
    /** {@code ALTERNATE-DOMAIN} (0x8003). */
    public static final int ALTERNATE_DOMAIN = 0x8003;
    /** {@code SOFTWARE} (0x8022). */
    public static final int SOFTWARE = 0x8022;
    /** {@code ALTERNATE-SERVER} (0x8023). */
    public static final int ALTERNATE_SERVER = 0x8023;
    /** {@code FINGERPRINT} (0x8028). */
    public static final int FINGERPRINT = 0x8028;

    // RFC 8445 (ICE)
    /** {@code PRIORITY} (0x0024). */
    public static final int PRIORITY = 0x0024;
    /** {@code USE-CANDIDATE} (0x0025). */
    public static final int USE_CANDIDATE = 0x0025;
    /** {@code ICE-CONTROLLED} (0x8029). */
    public static final int ICE_CONTROLLED = 0x8029;
    /** {@code ICE-CONTROLLING} (0x802A). */
    public static final int ICE_CONTROLLING = 0x802A;

    // RFC 8656 (TURN)
    /** {@code CHANNEL-NUMBER} (0x000C). */
    public static final int CHANNEL_NUMBER = 0x000C;
    /** {@code LIFETIME} (0x000D). */
    public static final int LIFETIME = 0x000D;
    /** {@code XOR-PEER-ADDRESS} (0x0012). */
    public static final int XOR_PEER_ADDRESS = 0x0012;
    /** {@code DATA} (0x0013). */
    public static final int DATA = 0x0013;
    /** {@code XOR-RELAYED-ADDRESS} (0x0016). */
    public static final int XOR_RELAYED_ADDRESS = 0x0016;
    /** {@code REQUESTED-ADDRESS-FAMILY} (0x0017). */
    public static final int REQUESTED_ADDRESS_FAMILY = 0x0017;
    /** {@code EVEN-PORT} (0x0018). */
    public static final int EVEN_PORT = 0x0018;
    /** {@code REQUESTED-TRANSPORT} (0x0019). */
    public static final int REQUESTED_TRANSPORT = 0x0019;
    /** {@code DONT-FRAGMENT} (0x001A). */
    public static final int DONT_FRAGMENT = 0x001A;
    /** {@code RESERVATION-TOKEN} (0x0022). */
    public static final int RESERVATION_TOKEN = 0x0022;

    // Others seen on the wire, kept as opaque values
    /** {@code CHANGE-REQUEST} (0x0003). */
    public static final int CHANGE_REQUEST = 0x0003;
    /** {@code PADDING} (0x0026). */
    public static final int PADDING = 0x0026;
    /** {@code RESPONSE-PORT} (0x0027). */
    public static final int RESPONSE_PORT = 0x0027;
    /** {@code ADDITIONAL-ADDRESS-FAMILY} (0x8000). */
    public static final int ADDITIONAL_ADDRESS_FAMILY = 0x8000;
    /** {@code ADDRESS-ERROR-CODE} (0x8001). */
    public static final int ADDRESS_ERROR_CODE = 0x8001;
    /** {@code RESPONSE-ORIGIN} (0x802B). */
    public static final int RESPONSE_ORIGIN = 0x802B;
    /** {@code OTHER-ADDRESS} (0x802C). */
    public static final int OTHER_ADDRESS = 0x802C;
    /** {@code GOOG-NETWORK-INFO} (0xC057). */
    public static final int GOOG_NETWORK_INFO = 0xC057;
    /** {@code GOOG-LAST-ICE-CHECK-RECEIVED} (0xC058). */
    public static final int GOOG_LAST_ICE_CHECK_RECEIVED = 0xC058;
    /** {@code GOOG-MISC-INFO} (0xC059). */
    public static final int GOOG_MISC_INFO = 0xC059;
    /** {@code GOOG-OBSOLETE-1} (0xC05A). */
    public static final int GOOG_OBSOLETE_1 = 0xC05A;
    /** {@code GOOG-CONNECTION-ID} (0xC05B). */
    public static final int GOOG_CONNECTION_ID = 0xC05B;
    /** {@code GOOG-DELTA} (0xC05C). */
    public static final int GOOG_DELTA = 0xC05C;
    /** {@code GOOG-DELTA-ACK} (0xC05D). */
    public static final int GOOG_DELTA_ACK = 0xC05D;
    /** {@code GOOG-MESSAGE-INTEGRITY-32} (0xC060). */
    public static final int GOOG_MESSAGE_INTEGRITY_32 = 0xC060;

    /**
     * Whether an agent must understand {@code type} to process a request (types 0x0000..0x7FFF).
     *
     * @param type the attribute type
     * @return whether an agent must understand {@code type} to process a request (types 0x0000..0x7FFF)
     */
    public static boolean isComprehensionRequired(int type) {
        return type < 0x8000;
    }

    /**
     * The attribute's registry name, or {@code 0x....} when it is not one this library names.
     *
     * @param type the attribute type
     * @return the attribute's registry name, or {@code 0x....} when it is not one this library names
     */
    public static String name(int type) {
        switch (type) {
            case MAPPED_ADDRESS: return "MAPPED-ADDRESS";
            case USERNAME: return "USERNAME";
            case MESSAGE_INTEGRITY: return "MESSAGE-INTEGRITY";
            case ERROR_CODE: return "ERROR-CODE";
            case UNKNOWN_ATTRIBUTES: return "UNKNOWN-ATTRIBUTES";
            case REALM: return "REALM";
            case NONCE: return "NONCE";
            case MESSAGE_INTEGRITY_SHA256: return "MESSAGE-INTEGRITY-SHA256";
            case PASSWORD_ALGORITHM: return "PASSWORD-ALGORITHM";
            case USERHASH: return "USERHASH";
            case XOR_MAPPED_ADDRESS: return "XOR-MAPPED-ADDRESS";
            case PASSWORD_ALGORITHMS: return "PASSWORD-ALGORITHMS";
            case ALTERNATE_DOMAIN: return "ALTERNATE-DOMAIN";
            case SOFTWARE: return "SOFTWARE";
            case ALTERNATE_SERVER: return "ALTERNATE-SERVER";
            case FINGERPRINT: return "FINGERPRINT";
            case PRIORITY: return "PRIORITY";
            case USE_CANDIDATE: return "USE-CANDIDATE";
            case ICE_CONTROLLED: return "ICE-CONTROLLED";
            case ICE_CONTROLLING: return "ICE-CONTROLLING";
            case CHANNEL_NUMBER: return "CHANNEL-NUMBER";
            case LIFETIME: return "LIFETIME";
            case XOR_PEER_ADDRESS: return "XOR-PEER-ADDRESS";
            case DATA: return "DATA";
            case XOR_RELAYED_ADDRESS: return "XOR-RELAYED-ADDRESS";
            case REQUESTED_ADDRESS_FAMILY: return "REQUESTED-ADDRESS-FAMILY";
            case EVEN_PORT: return "EVEN-PORT";
            case REQUESTED_TRANSPORT: return "REQUESTED-TRANSPORT";
            case DONT_FRAGMENT: return "DONT-FRAGMENT";
            case RESERVATION_TOKEN: return "RESERVATION-TOKEN";
            case CHANGE_REQUEST: return "CHANGE-REQUEST";
            case PADDING: return "PADDING";
            case RESPONSE_PORT: return "RESPONSE-PORT";
            case ADDITIONAL_ADDRESS_FAMILY: return "ADDITIONAL-ADDRESS-FAMILY";
            case ADDRESS_ERROR_CODE: return "ADDRESS-ERROR-CODE";
            case RESPONSE_ORIGIN: return "RESPONSE-ORIGIN";
            case OTHER_ADDRESS: return "OTHER-ADDRESS";
            case GOOG_NETWORK_INFO: return "GOOG-NETWORK-INFO";
            case GOOG_LAST_ICE_CHECK_RECEIVED: return "GOOG-LAST-ICE-CHECK-RECEIVED";
            case GOOG_MISC_INFO: return "GOOG-MISC-INFO";
            case GOOG_OBSOLETE_1: return "GOOG-OBSOLETE-1";
            case GOOG_CONNECTION_ID: return "GOOG-CONNECTION-ID";
            case GOOG_DELTA: return "GOOG-DELTA";
            case GOOG_DELTA_ACK: return "GOOG-DELTA-ACK";
            case GOOG_MESSAGE_INTEGRITY_32: return "GOOG-MESSAGE-INTEGRITY-32";
            default: return String.format("0x%04x", type);
        }
    }
}
