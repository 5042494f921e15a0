package io.jrtc.sctp.datachannel;

/**
 * RTCDataChannelInit: how a channel delivers.
 *
 * @param ordered             in-order delivery
 * @param maxRetransmits      partial reliability by retransmissions ({@code -1}: not set)
 * @param maxPacketLifeTimeMs partial reliability by lifetime in ms ({@code -1}: not set)
 * @param protocol            sub-protocol name
 * @param negotiated          both sides create the channel with the same {@code id}; no DCEP
 * @param id                  stream id for negotiated channels ({@code -1}: pick one)
 */
public record DataChannelOptions(boolean ordered, int maxRetransmits, long maxPacketLifeTimeMs, String protocol,
                                 boolean negotiated, int id) {
    /** Reliable, ordered, no sub-protocol, not negotiated: the W3C default. */
    public static final DataChannelOptions RELIABLE = new DataChannelOptions(true, -1, -1, "", false, -1);

    /**
     * Checks the combination.
     *
     * @param ordered             in-order delivery
     * @param maxRetransmits      partial reliability by retransmissions ({@code -1}: not set)
     * @param maxPacketLifeTimeMs partial reliability by lifetime in ms ({@code -1}: not set)
     * @param protocol            sub-protocol name ({@code null}: none)
     * @param negotiated          both sides create the channel with the same {@code id}; no DCEP
     * @param id                  stream id for negotiated channels ({@code -1}: pick one)
     * @throws IllegalArgumentException for both partial reliability limits, or a negotiated channel
     *                                  without an id in 0..65534
     */
    public DataChannelOptions {
        if (maxRetransmits >= 0 && maxPacketLifeTimeMs >= 0) {
            throw new IllegalArgumentException("maxRetransmits and maxPacketLifeTime are exclusive");
        }
        if (negotiated && (id < 0 || id > 65534)) throw new IllegalArgumentException("a negotiated channel needs an id 0..65534");
        if (protocol == null) protocol = "";
    }

    /** {@return these options, unordered} */
    public DataChannelOptions unordered() {
        return new DataChannelOptions(false, maxRetransmits, maxPacketLifeTimeMs, protocol, negotiated, id);
    }

    /**
     * Partial reliability by retransmissions (no lifetime).
     *
     * @param n retransmissions at most
     * @return new options
     */
    public DataChannelOptions withMaxRetransmits(int n) {
        return new DataChannelOptions(ordered, n, -1, protocol, negotiated, id);
    }

    /**
     * Partial reliability by lifetime (no retransmission limit).
     *
     * @param ms milliseconds after sending
     * @return new options
     */
    public DataChannelOptions withMaxPacketLifeTime(long ms) {
        return new DataChannelOptions(ordered, -1, ms, protocol, negotiated, id);
    }

    /**
     * A sub-protocol name.
     *
     * @param p the name
     * @return new options
     */
    public DataChannelOptions withProtocol(String p) {
        return new DataChannelOptions(ordered, maxRetransmits, maxPacketLifeTimeMs, p, negotiated, id);
    }

    /**
     * A negotiated channel: both applications create it with this id, no DCEP.
     *
     * @param streamId 0..65534
     * @return new options
     */
    public DataChannelOptions negotiatedWithId(int streamId) {
        return new DataChannelOptions(ordered, maxRetransmits, maxPacketLifeTimeMs, protocol, true, streamId);
    }

    int channelType() {
        int t = maxRetransmits >= 0 ? Dcep.PARTIAL_RELIABLE_REXMIT : maxPacketLifeTimeMs >= 0 ? Dcep.PARTIAL_RELIABLE_TIMED : Dcep.RELIABLE;
        return ordered ? t : t | Dcep.UNORDERED;
    }

    long reliability() {
        return maxRetransmits >= 0 ? maxRetransmits : Math.max(0, maxPacketLifeTimeMs);
    }

    static DataChannelOptions fromOpen(Dcep.Open o, int id) {
        int kind = o.channelType() & 0x7f;
        return new DataChannelOptions(o.ordered(), kind == Dcep.PARTIAL_RELIABLE_REXMIT ? (int) Math.min(o.reliability(), Integer.MAX_VALUE) : -1,
                kind == Dcep.PARTIAL_RELIABLE_TIMED ? o.reliability() : -1, o.protocol(), false, id);
    }
}
