// Shared by the browser examples' pages: logging to the example, the result, and the signalling
// with jrtc over the example's HTTP server on 127.0.0.1 (complete descriptions, no trickle).
const out = document.getElementById('out');
const log = (t) => { if (out) out.textContent += t + '\n'; return fetch('/log', {method: 'POST', body: t}); };
const finish = (t) => fetch('/result', {method: 'POST', body: t});

/** Resolves when the connection has gathered all its candidates. */
const gathered = (pc) => new Promise((done) => {
  if (pc.iceGatheringState === 'complete') { done(); return; }
  pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') done(); });
});

/** The browser offers (candidates included) and applies jrtc's answer; false (and the result said) on failure. */
async function offerToJrtc(pc) {
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  await log('offer with ' + (pc.localDescription.sdp.match(/a=candidate/g) || []).length + ' candidate(s) to jrtc');
  const res = await fetch('/offer', {method: 'POST', body: pc.localDescription.sdp});
  if (!res.ok) { await finish('ERROR answer: ' + await res.text()); return false; }
  await pc.setRemoteDescription({type: 'answer', sdp: await res.text()});
  return true;
}

/** jrtc offers; beforeAnswer(pc) runs after the offer is applied; the browser's answer goes back. */
async function answerJrtc(pc, beforeAnswer) {
  const res = await fetch('/offer');
  if (!res.ok) { await finish('ERROR offer: ' + await res.text()); return false; }
  await pc.setRemoteDescription({type: 'offer', sdp: await res.text()});
  await log('jrtc\'s offer accepted by the browser');
  beforeAnswer(pc);
  await pc.setLocalDescription(await pc.createAnswer());
  await gathered(pc);
  const posted = await fetch('/answer', {method: 'POST', body: pc.localDescription.sdp});
  if (!posted.ok) { await finish('ERROR answer refused: ' + await posted.text()); return false; }
  return true;
}
