package io.jrtc.webrtc.core;

import io.jrtc.dtls.DtlsEndpoint;
import io.jrtc.dtls.Fingerprint;
import io.jrtc.ice.Candidate;
import io.jrtc.ice.CandidatePair;
import io.jrtc.ice.IceAgent;
import io.jrtc.webrtc.RtcStats;
import io.jrtc.webrtc.RtcStatsReport;
import io.jrtc.webrtc.media.MediaStats;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a W3C stats report (webrtc-stats: the type names and member names browsers use) from the
 * layers' own counters. Ids are stable for the life of the connection.
 */
final class CoreStats {
    private static final String TRANSPORT_ID = "T01";

    private CoreStats() {
    }

    static RtcStatsReport collect(PeerConnectionCore pc, long now) {
        double ts = now / 1e6;
        List<RtcStats> out = new ArrayList<>();
        PeerConnectionCore.Counters c = pc.counters();

        Map<String, Object> pcm = new LinkedHashMap<>();
        long opened = 0;
        long closedChannels = 0;
        for (CoreChannel ch : pc.channels()) {
            if (ch.state() != CoreChannel.State.CONNECTING) {
                opened++;
            }
            if (ch.state() == CoreChannel.State.CLOSED) {
                closedChannels++;
            }
        }
        pcm.put("dataChannelsOpened", opened);
        pcm.put("dataChannelsClosed", closedChannels);
        out.add(new RtcStats("P", "peer-connection", ts, pcm));

        IceAgent ice = pc.iceAgent();
        DtlsEndpoint dtls = pc.dtlsEndpoint();
        String localCertId = null;
        String remoteCertId = null;
        Fingerprint localFp = pc.config().certificate().fingerprint("sha-256");
        localCertId = "CF" + localFp.hexWithColons();
        out.add(certificate(localCertId, localFp, pc.config().certificate().leaf(), ts));
        List<X509Certificate> remote = pc.remoteCertificates();
        if (!remote.isEmpty()) {
            Fingerprint rf = Fingerprint.of(remote.get(0), "sha-256");
            remoteCertId = "CF" + rf.hexWithColons();
            out.add(certificate(remoteCertId, rf, remote.get(0), ts));
        }

        String selectedId = null;
        if (ice != null) {
            CandidatePair selected = ice.selectedPair();
            for (Candidate l : ice.localCandidates()) {
                out.add(candidate("local-candidate", l, ice.localUfrag(), ts));
            }
            for (Candidate r : ice.remoteCandidates()) {
                out.add(candidate("remote-candidate", r, null, ts));
            }
            for (CandidatePair p : ice.checklist()) {
                String id = pairId(p);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("transportId", TRANSPORT_ID);
                m.put("localCandidateId", candidateId("local-candidate", p.local()));
                m.put("remoteCandidateId", candidateId("remote-candidate", p.remote()));
                m.put("state", p.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                m.put("nominated", p.isNominated());
                m.put("priority", p.priority(ice.role()));
                m.put("requestsSent", p.requestsSent());
                m.put("requestsReceived", p.requestsReceived());
                m.put("responsesSent", p.requestsReceived());
                m.put("responsesReceived", p.responsesReceived());
                if (p.currentRoundTripTimeNanos() >= 0) {
                    m.put("currentRoundTripTime", p.currentRoundTripTimeNanos() / 1e9);
                }
                m.put("totalRoundTripTime", p.totalRoundTripTimeNanos() / 1e9);
                m.put("roundTripTimeMeasurements", p.roundTripTimeMeasurements());
                if (p == selected) {
                    selectedId = id;
                    m.put("packetsSent", c.payloadPacketsSent);
                    m.put("bytesSent", c.payloadBytesSent);
                    m.put("packetsReceived", c.payloadPacketsReceived);
                    m.put("bytesReceived", c.payloadBytesReceived);
                    MediaStats ms = pc.mediaStats(now);
                    if (ms != null && ms.availableOutgoingBitrate() >= 0) {
                        m.put("availableOutgoingBitrate", (double) ms.availableOutgoingBitrate());
                    }
                } else {
                    m.put("packetsSent", 0L);
                    m.put("bytesSent", 0L);
                    m.put("packetsReceived", 0L);
                    m.put("bytesReceived", 0L);
                }
                out.add(new RtcStats(id, "candidate-pair", ts, m));
            }
        }

        Map<String, Object> t = new LinkedHashMap<>();
        t.put("packetsSent", c.payloadPacketsSent);
        t.put("bytesSent", c.payloadBytesSent);
        t.put("packetsReceived", c.payloadPacketsReceived);
        t.put("bytesReceived", c.payloadBytesReceived);
        t.put("iceRole", ice == null ? "unknown" : ice.role().name().toLowerCase(Locale.ROOT));
        if (ice != null) {
            t.put("iceLocalUsernameFragment", ice.localUfrag());
        }
        t.put("iceState", pc.iceConnectionState().w3cName());
        t.put("dtlsState", pc.dtlsState().w3cName());
        if (dtls != null) {
            t.put("dtlsRole", dtls.role() == DtlsEndpoint.Role.CLIENT ? "client" : "server");
            if (dtls.suite() != null) {
                t.put("tlsVersion", "FEFD");
                t.put("dtlsCipher", dtls.suite().toString());
            }
        }
        if (pc.srtpProfile() != null) {
            t.put("srtpCipher", pc.srtpProfile().name());
        }
        if (selectedId != null) {
            t.put("selectedCandidatePairId", selectedId);
        }
        t.put("localCertificateId", localCertId);
        if (remoteCertId != null) {
            t.put("remoteCertificateId", remoteCertId);
        }
        // jrtc's own counters: what was dropped and why (not in the W3C document)
        t.put("jrtcUnmatchedDatagrams", c.unmatchedDatagrams);
        t.put("jrtcDtlsFromUnexpectedAddress", c.dtlsFromUnexpectedAddress);
        t.put("jrtcDtlsBeforeNegotiation", c.dtlsBeforeNegotiation);
        t.put("jrtcSrtpBeforeKeys", c.srtpBeforeKeys);
        t.put("jrtcSrtpAuthFailures", c.srtpAuthFailures);
        t.put("jrtcSrtcpAuthFailures", c.srtcpAuthFailures);
        t.put("jrtcSendDropped", c.sendDropped);
        t.put("jrtcHeldDropped", c.heldDropped);
        t.put("jrtcInternalErrors", c.internalErrors);
        t.put("jrtcSrtpReplayed", c.srtpReplayed);
        t.put("jrtcSrtcpReplayed", c.srtcpReplayed);
        // limits (RtcConfiguration.Builder.max…): what was refused because one was reached
        t.put("jrtcRemoteCandidatesOverLimit", c.remoteCandidatesOverLimit);
        t.put("jrtcRemoteSsrcsOverLimit", c.remoteSsrcsOverLimit);
        t.put("jrtcDataChannelsOverLimit", c.dataChannelsOverLimit);
        t.put("jrtcSdpOverLimit", c.sdpOverLimit);
        t.put("jrtcDtlsHandshakesOverLimit", c.dtlsHandshakesOverLimit);
        MediaStats ms = pc.mediaStats(now);
        if (ms != null) {
            MediaStats.Counters mc = ms.counters();
            t.put("jrtcRtpMalformed", mc.malformedRtp());
            t.put("jrtcRtcpMalformed", mc.malformedRtcp());
            t.put("jrtcRtpUnknownSsrc", mc.unknownSsrcPackets());
            t.put("jrtcRtpUnsupportedPayload", mc.unsupportedPayloadPackets());
            t.put("jrtcRtxUnrouted", mc.unroutedRtxPackets());
        }
        if (dtls != null) {
            DtlsEndpoint.Stats ds = dtls.stats();
            t.put("jrtcDtlsDroppedRecords", ds.droppedRecords());
            t.put("jrtcDtlsDroppedDatagrams", ds.droppedDatagrams());
        }
        out.add(new RtcStats(TRANSPORT_ID, "transport", ts, t));
        if (pc.sctpTransport() != null) {
            out.add(sctp(pc.sctpTransport().association().stats(), pc.sctpTransport().association().config().mtu(), ts));
        }

        int index = 0;
        for (CoreChannel ch : pc.channels()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", ch.label());
            m.put("protocol", ch.init().protocol());
            if (ch.id() >= 0) {
                m.put("dataChannelIdentifier", (long) ch.id());
            }
            m.put("state", ch.state().name().toLowerCase(Locale.ROOT));
            m.put("messagesSent", ch.messagesSent());
            m.put("bytesSent", ch.bytesSent());
            m.put("messagesReceived", ch.messagesReceived());
            m.put("bytesReceived", ch.bytesReceived());
            out.add(new RtcStats("D" + index++, "data-channel", ts, m));
        }
        if (ms != null) {
            media(ms, out, ts, TRANSPORT_ID);
        }
        return new RtcStatsReport(out);
    }

    /**
     * W3C {@code RTCSctpTransportStats} (smoothedRoundTripTime, congestionWindow, receiverWindow, mtu,
     * unackData), and the association's own counters as {@code jrtc…} members: what a throughput
     * question needs (flight, peer window, T3 expirations, fast retransmits, zero-window probes).
     */
    private static RtcStats sctp(io.jrtc.sctp.SctpStats s, int mtu, double ts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transportId", TRANSPORT_ID);
        if (s.srttNanos() > 0) {
            m.put("smoothedRoundTripTime", s.srttNanos() / 1e9);
        }
        m.put("congestionWindow", s.cwnd());
        m.put("receiverWindow", s.receiveWindow());
        m.put("mtu", (long) mtu);
        m.put("unackData", s.flightSize());
        m.put("jrtcPeerReceiveWindow", s.peerReceiveWindow());
        m.put("jrtcSsthresh", s.ssthresh());
        m.put("jrtcRto", s.rtoNanos() / 1e9);
        m.put("jrtcPacketsSent", s.packetsSent());
        m.put("jrtcPacketsReceived", s.packetsReceived());
        m.put("jrtcDataChunksSent", s.dataChunksSent());
        m.put("jrtcRetransmissions", s.retransmissions());
        m.put("jrtcFastRetransmits", s.fastRetransmits());
        m.put("jrtcT3Expirations", s.t3Expirations());
        m.put("jrtcZeroWindowProbes", s.zeroWindowProbes());
        m.put("jrtcWindowUpdates", s.windowUpdates());
        m.put("jrtcDuplicateTsns", s.duplicateTsns());
        m.put("jrtcDroppedChunks", s.droppedChunks());
        m.put("jrtcDroppedOverWindow", s.droppedOverWindow());
        m.put("jrtcMalformed", s.malformed());
        m.put("jrtcSendRefusals", s.sendRefusals());
        return new RtcStats("S01", "sctp-transport", ts, m);
    }

    private static RtcStats certificate(String id, Fingerprint fp, X509Certificate cert, double ts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", fp.hexWithColons());
        m.put("fingerprintAlgorithm", fp.algorithm());
        try {
            m.put("base64Certificate", Base64.getEncoder().encodeToString(cert.getEncoded()));
        } catch (CertificateEncodingException e) {
            m.put("base64Certificate", "");
        }
        return new RtcStats(id, "certificate", ts, m);
    }

    private static String candidateId(String type, Candidate cand) {
        return (type.startsWith("local") ? "IL" : "IR") + cand.foundation() + "_" + cand.address().getPort()
                + "_" + Integer.toHexString(cand.address().toString().hashCode());
    }

    private static String pairId(CandidatePair p) {
        return "CP" + candidateId("local", p.local()) + "-" + candidateId("remote", p.remote());
    }

    private static RtcStats candidate(String type, Candidate cand, String ufrag, double ts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transportId", TRANSPORT_ID);
        m.put("address", cand.address().getAddress() != null ? cand.address().getAddress().getHostAddress()
                : cand.address().getHostString());
        m.put("port", (long) cand.address().getPort());
        m.put("protocol", cand.transport().toLowerCase(Locale.ROOT));
        m.put("candidateType", cand.type().sdpName());
        m.put("priority", cand.priority());
        m.put("foundation", cand.foundation());
        if (ufrag != null) {
            m.put("usernameFragment", ufrag);
        }
        return new RtcStats(candidateId(type, cand), type, ts, m);
    }

    /** inbound-rtp, outbound-rtp, remote-inbound-rtp and codec entries from the media plane's snapshot. */
    static void media(MediaStats ms, List<RtcStats> out, double ts, String transportId) {
        for (MediaStats.CodecEntry c : ms.codecs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("transportId", transportId);
            m.put("payloadType", (long) c.payloadType());
            m.put("mimeType", c.mimeType());
            m.put("clockRate", (long) c.clockRate());
            if (c.channels() > 0) {
                m.put("channels", (long) c.channels());
            }
            if (c.sdpFmtpLine() != null) {
                m.put("sdpFmtpLine", c.sdpFmtpLine());
            }
            out.add(new RtcStats(codecId(c.mid(), c.payloadType()), "codec", ts, m));
        }
        for (MediaStats.Inbound in : ms.inbound()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ssrc", in.ssrc());
            m.put("kind", in.kind().token());
            m.put("transportId", transportId);
            m.put("mid", in.mid());
            if (in.payloadType() >= 0) {
                m.put("codecId", codecId(in.mid(), in.payloadType()));
            }
            m.put("packetsReceived", in.packetsReceived());
            m.put("bytesReceived", in.bytesReceived());
            m.put("headerBytesReceived", in.headerBytesReceived());
            m.put("packetsLost", in.packetsLost());
            m.put("jitter", in.jitter());
            m.put("packetsDiscarded", in.packetsDuplicated());
            m.put("retransmittedPacketsReceived", in.retransmittedPacketsReceived());
            m.put("retransmittedBytesReceived", in.retransmittedBytesReceived());
            if (in.rtxSsrc() != 0) {
                m.put("rtxSsrc", in.rtxSsrc());
            }
            if (in.kind() == io.jrtc.sdp.jsep.MediaKind.VIDEO) {
                m.put("framesReceived", in.framesReceived());
                m.put("framesDecoded", in.framesReceived());
                m.put("keyFramesDecoded", in.keyFramesReceived());
                m.put("framesDropped", in.framesDropped());
                m.put("pliCount", in.pliCount());
                m.put("firCount", in.firCount());
            }
            m.put("nackCount", in.nackCount());
            m.put("lastPacketReceivedTimestamp", in.lastPacketReceivedNanos() / 1e6);
            out.add(new RtcStats("IT" + in.mid() + "_" + in.ssrc(), "inbound-rtp", ts, m));
        }
        for (MediaStats.Outbound o : ms.outbound()) {
            String id = "OT" + o.mid() + "_" + o.ssrc();
            String remoteId = "RI" + o.mid() + "_" + o.ssrc();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ssrc", o.ssrc());
            m.put("kind", o.kind().token());
            m.put("transportId", transportId);
            m.put("mid", o.mid());
            if (o.payloadType() >= 0) {
                m.put("codecId", codecId(o.mid(), o.payloadType()));
            }
            m.put("packetsSent", o.packetsSent());
            m.put("bytesSent", o.bytesSent());
            m.put("headerBytesSent", o.headerBytesSent());
            m.put("retransmittedPacketsSent", o.retransmittedPacketsSent());
            m.put("retransmittedBytesSent", o.retransmittedBytesSent());
            if (o.rtxSsrc() != 0) {
                m.put("rtxSsrc", o.rtxSsrc());
            }
            if (o.kind() == io.jrtc.sdp.jsep.MediaKind.VIDEO) {
                m.put("framesEncoded", o.framesSent());
                m.put("framesSent", o.framesSent());
                m.put("keyFramesEncoded", o.keyFramesSent());
                m.put("pliCount", o.pliCount());
                m.put("firCount", o.firCount());
            }
            m.put("nackCount", o.nackCount());
            if (o.targetBitrate() >= 0) {
                m.put("targetBitrate", (double) o.targetBitrate());
            }
            if (o.remote() != null) {
                m.put("remoteId", remoteId);
            }
            out.add(new RtcStats(id, "outbound-rtp", ts, m));
            if (o.remote() != null) {
                MediaStats.RemoteInbound r = o.remote();
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("ssrc", o.ssrc());
                rm.put("kind", o.kind().token());
                rm.put("transportId", transportId);
                if (o.payloadType() >= 0) {
                    rm.put("codecId", codecId(o.mid(), o.payloadType()));
                }
                rm.put("localId", id);
                rm.put("packetsLost", r.packetsLost());
                rm.put("jitter", r.jitter());
                rm.put("fractionLost", r.fractionLost());
                if (!Double.isNaN(r.roundTripTime())) {
                    rm.put("roundTripTime", r.roundTripTime());
                }
                rm.put("totalRoundTripTime", r.totalRoundTripTime());
                rm.put("roundTripTimeMeasurements", r.roundTripTimeMeasurements());
                rm.put("reportsReceived", r.reportsReceived());
                out.add(new RtcStats(remoteId, "remote-inbound-rtp", ts, rm));
            }
        }
    }

    private static String codecId(String mid, int pt) {
        return "CO" + mid + "_" + pt;
    }
}
