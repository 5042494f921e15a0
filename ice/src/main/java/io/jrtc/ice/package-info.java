/**
 * ICE (RFC 8445) for one data stream with one component, as sans-IO engines. Logger {@code jrtc.ice}.
 *
 * <ul>
 *   <li><b>The agent</b>: {@link io.jrtc.ice.IceAgent}, full or lite (§2.5), with trickle (RFC 8838),
 *       restart (§9), consent freshness (RFC 7675) and keepalives (§11); configured by
 *       {@link io.jrtc.ice.IceConfig} (a builder with documented defaults and limits), reporting
 *       {@link io.jrtc.ice.IceEvent}s and an immutable {@link io.jrtc.ice.IceAgent.Stats} snapshot.</li>
 *   <li><b>Candidates</b> (§5.1): {@link io.jrtc.ice.Candidate}, {@link io.jrtc.ice.CandidateType}; pairs
 *       (§6.1.2) {@link io.jrtc.ice.CandidatePair}. <b>Where pair states change</b>: the checklist,
 *       {@code Checklist.java} (§6.1.2.6: {@link io.jrtc.ice.PairState}); the agent decides when.</li>
 *   <li><b>TURN</b> (RFC 8656, UDP): {@link io.jrtc.ice.TurnClient}, one allocation; the agent runs one
 *       per host socket and TURN server for relayed candidates.</li>
 *   <li><b>One port for many agents</b>: {@link io.jrtc.ice.UdpMux} routes by ufrag and remote address.</li>
 * </ul>
 *
 * <p>The STUN requests of checks, consent, gathering and TURN are retransmitted by the {@code stun}
 * module's {@link io.jrtc.stun.StunTransactions}; messages are encoded and parsed by that module.
 */
package io.jrtc.ice;
