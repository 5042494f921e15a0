// What every catalogue page shares: a log shown on the page (and printed by the example's console),
// and the signalling: a complete offer POSTed as application/sdp, the complete answer back.
// Nothing here is jrtc-specific; it is the same code a page would use with any WebRTC server.
'use strict';

const params = new URLSearchParams(location.search);
/** ?auto: the page does by itself what a user would click (the tests open it like that). */
const auto = params.has('auto');
const $ = (id) => document.getElementById(id);

/** Shows a line on the page and sends it to the example, which prints it as "[page] ...". */
function log(text) {
  const out = $('log');
  if (out) {
    out.textContent += text + '\n';
    out.scrollTop = out.scrollHeight;
  }
  fetch('/log', {method: 'POST', body: text}).catch(() => {});
}

/** Waits until ICE gathering is complete: the offer then carries every candidate (no trickle). */
function gathered(pc) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') resolve();
    });
  });
}

/**
 * Offers to the example: createOffer ({iceRestart: true} restarts ICE), wait for gathering, POST the
 * complete offer to /offer (with the session's id when there is one), apply the answer. Returns
 * the session id the example gave.
 */
async function offer(pc, options = {}, session = null) {
  // an ICE restart gathers again, but iceGatheringState may still say "complete" (the last
  // generation's) right after setLocalDescription: wait for this generation's end-of-candidates
  const restartGathered = options.iceRestart ? new Promise((resolve) => {
    const end = (e) => { if (!e.candidate) { pc.removeEventListener('icecandidate', end); resolve(); } };
    pc.addEventListener('icecandidate', end);
  }) : null;
  await pc.setLocalDescription(await pc.createOffer(options));
  await (restartGathered || gathered(pc));
  const url = '/offer' + (session === null ? '' : '?session=' + session);
  const res = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/sdp'},
    body: pc.localDescription.sdp});
  if (!res.ok) throw new Error('the example refused the offer: ' + res.status + ' ' + await res.text());
  await pc.setRemoteDescription({type: 'answer', sdp: await res.text()});
  return res.headers.get('X-Session');
}

/** Any error of the page goes to the example's console too. */
window.addEventListener('unhandledrejection', (e) => log('ERROR ' + e.reason));
window.addEventListener('error', (e) => log('ERROR ' + e.message));
