// emovox web UI, review page (issue 15): the queue of what needs a person, one item at a time
// with its audio (the player seeks to the segment and stops at its end), the model's scores and
// the text, confirm or correct, undo. The model's label and the reviewer's stay side by side.
'use strict';

Object.assign(I18N.en, {
  'review.title': 'Review', 'review.pending': 'To review', 'review.reviewed': 'Reviewed', 'review.all': 'All',
  'review.export': '⬇ Test set (zip)', 'review.empty': 'Nothing here.',
  'review.hint': 'Uncertain results, text that contradicts the voice, too little speech, not speech, and what you send here. Your label is stored beside the model\u2019s, never over it.',
  'review.play': '▶ Play segment', 'review.model': 'Model', 'review.person': 'Reviewer',
  'review.confirm': '✓ Confirm the model\u2019s label', 'review.correct': 'Correct to this label', 'review.undo': '↶ Undo',
  'review.none': 'not reviewed yet', 'review.whole': 'whole recording', 'review.segment': 'segment',
  'review.by': 'by {who}, {when}', 'review.send': 'Send to review', 'review.sent': 'Sent to review',
  'review.action.confirm': 'confirmed', 'review.action.correct': 'corrected',
  'why.uncertain': 'uncertain', 'why.text_conflict': 'text contradicts voice', 'why.low_reliability': 'low reliability',
  'why.not_speech': 'not speech', 'why.user_sent': 'sent by a user',
});
Object.assign(I18N.zh, {
  'review.title': '人工复核', 'review.pending': '待复核', 'review.reviewed': '已复核', 'review.all': '全部',
  'review.export': '⬇ 测试集 (zip)', 'review.empty': '这里没有内容。',
  'review.hint': '不确定的结果、文字与语气矛盾、语音过少、非语音，以及用户发来的结果。你的标签与模型的标签并存，不会覆盖模型输出。',
  'review.play': '▶ 播放片段', 'review.model': '模型', 'review.person': '复核人',
  'review.confirm': '✓ 确认模型标签', 'review.correct': '改为此标签', 'review.undo': '↶ 撤销',
  'review.none': '尚未复核', 'review.whole': '整段录音', 'review.segment': '片段',
  'review.by': '{who}，{when}', 'review.send': '发送复核', 'review.sent': '已发送复核',
  'review.action.confirm': '已确认', 'review.action.correct': '已更正',
  'why.uncertain': '不确定', 'why.text_conflict': '文字与语气矛盾', 'why.low_reliability': '可靠性低',
  'why.not_speech': '非语音', 'why.user_sent': '用户发送',
});

const REVIEW_PAGE = 10;
const review = { offset: 0, item: null };
const fmtTime = s => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}.${String(Math.floor((s % 1) * 10))}`;
const spanText = i => `${i.segment === null ? t('review.whole') : `${t('review.segment')} ${i.segment}`}`
  + ` · ${fmtTime(i.start)}–${fmtTime(i.end)}${i.speaker ? ' · ' + i.speaker : ''}`;

async function loadReview() {
  let b;
  try {
    b = await apiJson(`/api/v1/review?state=${$('review-state').value}&limit=${REVIEW_PAGE}&offset=${review.offset}`);
  } catch (e) {
    return; // signed out: the login view takes over
  }
  $('review-list').replaceChildren(...b.items.map(i => el('li', {
    class: 'review-row' + (review.item && review.item.id === i.id ? ' selected' : ''), 'data-item': i.id,
    onclick: () => openReview(i.id),
  },
  el('div', { class: 'row' }, el('span', { class: 'name' }, i.file_name), el('span', { class: 'hint' }, spanText(i))),
  el('div', { class: 'hint' }, `${emotionText(i.model.emotion, i.model.confidence)}`
    + (i.review ? ` → ${(LABEL[i.review.label] || {}).emoji || ''} ${labelText(i.review.label)}` : ''),
  ' · ', i.reasons.map(r => t('why.' + r)).join(', ')))));
  $('review-empty').classList.toggle('hidden', b.items.length > 0);
  $('review-pager').classList.toggle('hidden', b.total <= REVIEW_PAGE);
  $('review-range').textContent = t('history.range').replace('{from}', b.total ? b.offset + 1 : 0)
    .replace('{to}', b.offset + b.items.length).replace('{total}', b.total);
  $('review-prev').disabled = b.offset === 0;
  $('review-next').disabled = b.offset + b.items.length >= b.total;
  if (review.item) showReviewItem(review.item);
}

async function openReview(id) {
  try {
    showReviewItem(await apiJson(`/api/v1/review/${id}`));
  } catch (e) {
    showReviewError(e);
  }
  document.querySelectorAll('#review-list li').forEach(li => li.classList.toggle('selected', li.dataset.item === String(id)));
}

function showReviewItem(i) {
  const first = !review.item || review.item.id !== i.id;
  review.item = i;
  $('review-item').classList.remove('hidden');
  $('review-item').dataset.item = i.id;
  $('review-item').dataset.status = i.status;
  $('review-error').classList.add('hidden');
  $('review-file').textContent = i.file_name;
  $('review-span').textContent = ' · ' + spanText(i);
  $('review-reasons').replaceChildren(...i.reasons.map(r => el('span', { class: 'badge', 'data-reason': r }, t('why.' + r))));
  const conflict = i.text_conflict;
  $('review-text').classList.toggle('hidden', !i.text);
  $('review-text').replaceChildren(...(i.text ? [
    el('span', null, `“${i.text}”`),
    conflict ? el('span', { class: 'hint' }, ` — ${(conflict.words || []).join(', ')}: ${labelText(conflict.text_emotion)}`
      + ` ≠ ${labelText(conflict.voice_emotion)}`) : null] : []));
  $('review-model').replaceChildren(el('span', { title: labelBoth(i.model.emotion) }, emotionText(i.model.emotion, i.model.confidence)));
  const d = i.review;
  $('review-person').dataset.label = d ? d.label : '';
  $('review-person').replaceChildren(d
    ? el('span', { title: labelBoth(d.label), class: d.label === i.model.emotion ? 'same' : 'changed' },
      `${(LABEL[d.label] || {}).emoji || ''} ${labelText(d.label)}`)
    : el('span', { class: 'hint' }, t('review.none')));
  $('review-who').textContent = d ? `${t('review.action.' + d.action)} ` + t('review.by').replace('{who}', d.reviewer)
    .replace('{when}', new Date(d.decided_at).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB')) : '';
  $('review-bars').replaceChildren(...scoreBars(i.model.scores));
  const sel = $('review-label');
  const chosen = sel.value;
  sel.replaceChildren(...LABELS.map(l => el('option', { value: l.key }, `${l.emoji} ${labelText(l.key)}`)));
  sel.value = first ? (d ? d.label : i.model.emotion) : chosen;
  $('review-undo').disabled = !d;
  const player = $('review-player');
  if (player.dataset.src !== i.audio_url) {
    player.src = i.audio_url;
    player.dataset.src = i.audio_url;
  }
  if (first) seekReview(false);
}

/** Puts the player at the item's start (once its metadata is known); plays when asked. */
function seekReview(play) {
  const player = $('review-player');
  const go = () => {
    player.currentTime = review.item.start;
    if (play) player.play().catch(() => { /* the user pressed pause or left */ });
  };
  if (player.readyState >= 1) go(); else player.addEventListener('loadedmetadata', go, { once: true });
}

function showReviewError(e) {
  liveError($('review-error'), e);
  $('review-error').classList.remove('hidden');
}

async function reviewAction(path, body) {
  try {
    const i = await apiJson(`/api/v1/review/${review.item.id}/${path}`, body ? {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    } : { method: 'POST' });
    showReviewItem(i);
    await loadReview();
  } catch (e) {
    showReviewError(e);
  }
}

/** The result card's "send to review": the whole recording, or with segments a choice of one. */
function sendToReviewControls(jobId, r) {
  const segments = r.segments || [];
  const pick = segments.length ? el('select', { id: 'send-review-segment', class: 'small', 'aria-label': t('review.segment') },
    el('option', { value: '' }, t('review.whole')),
    ...segments.map((s, n) => el('option', { value: n },
      `${t('review.segment')} ${n} · ${fmtTime(s.start)}–${fmtTime(s.end)} · ${labelText(s.emotion)}`))) : null;
  const send = el('button', { type: 'button', class: 'small secondary', id: 'send-review',
    onclick: () => sendToReview(jobId, pick && pick.value !== '' ? Number(pick.value) : null) }, t('review.send'));
  if (pick) pick.addEventListener('change', () => { send.disabled = false; send.textContent = t('review.send'); });
  return pick ? [pick, send] : [send];
}

/** Sends a whole result (segment null) or one segment into the queue and opens its item. */
async function sendToReview(jobId, segment) {
  const b = $('send-review');
  try {
    const i = await apiJson(`/api/v1/jobs/${jobId}/review`, segment === null ? { method: 'POST' } : {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ segment }),
    });
    if (b) { b.textContent = t('review.sent'); b.disabled = true; }
    await loadReview();
    await openReview(i.id);
  } catch (e) {
    showReviewError(e);
  }
}

function wireReview() {
  $('review-state').addEventListener('change', () => { review.offset = 0; loadReview(); });
  $('review-prev').addEventListener('click', () => { review.offset = Math.max(0, review.offset - REVIEW_PAGE); loadReview(); });
  $('review-next').addEventListener('click', () => { review.offset += REVIEW_PAGE; loadReview(); });
  $('review-play').addEventListener('click', () => seekReview(true));
  $('review-confirm').addEventListener('click', () => reviewAction('confirm'));
  $('review-correct').addEventListener('click', () => reviewAction('correct', { label: $('review-label').value }));
  $('review-undo').addEventListener('click', () => reviewAction('undo'));
  // Plays the segment only: stops at its end.
  $('review-player').addEventListener('timeupdate', () => {
    const p = $('review-player');
    if (review.item && !p.paused && p.currentTime >= review.item.end) p.pause();
  });
}
