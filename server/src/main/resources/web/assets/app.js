// emovox web UI: plain JS, no dependencies, no external resources (CSP: 'self' only).
'use strict';

const LABELS = [
  { key: 'angry', zh: '生气', emoji: '😠', color: '#e5484d' },
  { key: 'disgusted', zh: '厌恶', emoji: '🤢', color: '#7c9a2e' },
  { key: 'fearful', zh: '恐惧', emoji: '😨', color: '#8e4ec6' },
  { key: 'happy', zh: '开心', emoji: '😊', color: '#f5a524' },
  { key: 'neutral', zh: '中立', emoji: '😐', color: '#8b8d98' },
  { key: 'other', zh: '其他', emoji: '🤔', color: '#0d9488' },
  { key: 'sad', zh: '难过', emoji: '😢', color: '#3e63dd' },
  { key: 'surprised', zh: '吃惊', emoji: '😲', color: '#e54666' },
  { key: 'unknown', zh: '未知', emoji: '❓', color: '#b4b6c2' },
];
const LABEL = Object.fromEntries(LABELS.map(l => [l.key, l]));

const I18N = {
  en: {
    'logout': 'Log out', 'login.title': 'Sign in', 'login.user': 'User', 'login.password': 'Password',
    'login.submit': 'Sign in', 'login.hint': 'The admin password was printed once when the server first started.',
    'login.failed': 'Wrong user name or password.',
    'upload.title': 'Analyse speech', 'upload.drop': 'Drop audio files here, or click to choose',
    'upload.formats': 'wav, mp3, m4a, flac, ogg, opus, webm — several at once',
    'record.start': 'Record from microphone', 'record.stop': 'Stop and analyse',
    'options.model': 'Model', 'options.granularity': 'Granularity', 'options.embedding': 'Embedding (.npy)',
    'options.speakers': 'Speakers', 'speakers.none': 'One voice track', 'speakers.channels': 'One speaker per channel',
    'speakers.rttm': 'Turns from a diarization (RTTM)', 'options.rttm': 'RTTM file',
    'speakers.cluster': 'Two voices (auto)',
    'rttm.missing': 'Choose the RTTM file of this recording first (Speakers → RTTM file).',
    'gran.utterance': 'Whole recording', 'gran.segments': 'Speech segments', 'gran.frame': 'Frames (timeline)',
    'result.title': 'Result', 'result.empty': 'Upload or record speech to see its emotions.',
    'result.confidence': 'confidence', 'result.uncertain': 'uncertain', 'result.lowrel': 'little speech: low reliability',
    'timeline.title': 'Emotion over time', 'speakers.title': 'Speakers', 'speakers.speech': 's of speech', 'speakers.segments': 'segments',
    'history.title': 'History', 'history.search': 'Search file, emotion, status', 'history.file': 'File',
    'history.emotion': 'Emotion', 'history.status': 'Status', 'history.when': 'When', 'history.empty': 'No jobs yet.',
    'history.delete': 'Delete', 'history.confirm': 'Delete this job and its files?', 'history.pin': 'Pin', 'history.unpin': 'Unpin',
    'history.owner': 'Owner',
    'tokens.title': 'API tokens', 'tokens.hint': "Send as 'Authorization: Bearer TOKEN'. A token is shown only once.",
    'tokens.name': 'Token name', 'tokens.create': 'Create token', 'tokens.revoke': 'Revoke', 'tokens.revoked': 'revoked',
    'tokens.admin': 'Admin role (sees every job)', 'tokens.role.admin': 'admin', 'tokens.role.user': 'own jobs',
    'models.title': 'Models', 'models.hint': "Download emotion2vec+ from a model hub (every file checked against the hub's checksum), choose the default of every analysis, remove models.",
    'models.download': 'Download', 'models.builtin': 'built in', 'models.default': 'default',
    'models.makeDefault': 'Make default', 'models.remove': 'Remove', 'models.confirm': 'Remove this model?',
    'models.installed': 'installed', 'models.stage.queued': 'waiting', 'models.stage.listing': 'listing files',
    'models.stage.downloading': 'downloading', 'models.stage.verifying': 'verified',
    'models.stage.installing': 'installing (converting, test-loading)',
    'status.queued': 'queued', 'status.running': 'analysing', 'status.done': 'done', 'status.failed': 'failed',
    'stage.decoding': 'decoding', 'stage.scoring': 'scoring', 'uploading': 'uploading',
    'download.result': 'result.json', 'download.audio': 'processed_audio.wav', 'download.embedding': 'embedding.npy',
    'verdict.not_speech': 'not speech', 'verdict.unreliable': 'emotion unreliable',
    'reason.silence': 'silence', 'reason.noise': 'noise', 'reason.music': 'music',
    'reason.voice_over_music': 'voice over music', 'reason.no_speech': 'no speech found',
    'footer': 'emovox · speech emotion recognition, self-hosted', 'seconds': 's',
  },
  zh: {
    'logout': '退出', 'login.title': '登录', 'login.user': '用户名', 'login.password': '密码',
    'login.submit': '登录', 'login.hint': '管理员密码在服务器首次启动时打印过一次。',
    'login.failed': '用户名或密码错误。',
    'upload.title': '分析语音', 'upload.drop': '将音频文件拖到这里，或点击选择',
    'upload.formats': 'wav、mp3、m4a、flac、ogg、opus、webm — 可多选',
    'record.start': '用麦克风录音', 'record.stop': '停止并分析',
    'options.model': '模型', 'options.granularity': '粒度', 'options.embedding': '特征向量 (.npy)',
    'options.speakers': '说话人', 'speakers.none': '单一声轨', 'speakers.channels': '每个声道一位说话人',
    'speakers.rttm': '按说话人分离结果 (RTTM)', 'options.rttm': 'RTTM 文件',
    'speakers.cluster': '两个人声（自动区分）',
    'rttm.missing': '请先选择这段录音的 RTTM 文件（说话人 → RTTM 文件）。',
    'gran.utterance': '整段录音', 'gran.segments': '语音片段', 'gran.frame': '逐帧（时间线）',
    'result.title': '结果', 'result.empty': '上传或录制语音即可查看情感。',
    'result.confidence': '置信度', 'result.uncertain': '不确定', 'result.lowrel': '语音过短：可靠性低',
    'timeline.title': '情感随时间变化', 'speakers.title': '说话人', 'speakers.speech': '秒语音', 'speakers.segments': '段',
    'history.title': '历史记录', 'history.search': '搜索文件、情感、状态', 'history.file': '文件',
    'history.emotion': '情感', 'history.status': '状态', 'history.when': '时间', 'history.empty': '暂无任务。',
    'history.delete': '删除', 'history.confirm': '删除此任务及其文件？', 'history.pin': '固定', 'history.unpin': '取消固定',
    'history.owner': '所有者',
    'tokens.title': 'API 令牌', 'tokens.hint': "以 'Authorization: Bearer 令牌' 发送。令牌只显示一次。",
    'tokens.name': '令牌名称', 'tokens.create': '创建令牌', 'tokens.revoke': '撤销', 'tokens.revoked': '已撤销',
    'tokens.admin': '管理员角色（可查看所有任务）', 'tokens.role.admin': '管理员', 'tokens.role.user': '仅自己的任务',
    'models.title': '模型', 'models.hint': '从模型仓库下载 emotion2vec+（每个文件都按仓库公布的校验和核对），选择所有分析的默认模型，删除模型。',
    'models.download': '下载', 'models.builtin': '内置', 'models.default': '默认',
    'models.makeDefault': '设为默认', 'models.remove': '删除', 'models.confirm': '删除此模型？',
    'models.installed': '已安装', 'models.stage.queued': '等待中', 'models.stage.listing': '列出文件',
    'models.stage.downloading': '下载中', 'models.stage.verifying': '已校验',
    'models.stage.installing': '安装中（转换、试加载）',
    'status.queued': '排队中', 'status.running': '分析中', 'status.done': '完成', 'status.failed': '失败',
    // Warnings by code; the core's English message (with its numbers) stays in the tooltip.
    'warn.silence': '输入几乎是静音：情感结果没有意义。',
    'warn.noise': '输入听起来是噪声而不是语音：情感结果很可能没有意义。',
    'warn.music': '输入听起来是音乐或歌声而不是语音：情感模型是用语音训练的，结果很可能没有意义。',
    'warn.voice_over_music': '人声伴有音乐（歌曲或配乐）：情感模型是用纯语音训练的，结果很可能没有意义。',
    'warn.little_speech': '输入中语音很少：结果依据不足。',
    'warn.no_speech': '没有找到语音，因此整段输入被当作一句话打分：情感结果没有意义。',
    'warn.short_speech': '语音太短：结果不可靠。',
    // Errors by code; the server's English message (with its details) stays in the tooltip.
    'err.empty_input': '文件是空的：请发送音频文件。',
    'err.not_audio': '这不是可识别的音频文件：请发送音频（wav、mp3、m4a、flac、ogg、opus、webm）或带声音的视频。',
    'err.corrupt_input': '音频文件已损坏或不完整：请重新导出或重新上传。',
    'err.unsupported_format': '不支持这种音频格式或编码：请转换为 wav、flac 或 mp3 后再试。',
    'err.too_short': '音频太短，无法分析：请发送更长的录音。',
    'err.silence_only': '音频只有静音，没有可分析的语音：请检查麦克风或文件。',
    'err.too_large': '文件超过了服务器的大小限制：请发送更短或压缩过的录音。',
    'err.too_long': '录音超过了服务器的时长限制：请发送更短的录音。',
    'err.rate_limited': '请求过多：请稍等一分钟再试。',
    'err.model_not_found': '服务器上没有这个模型：请从列表中选择已安装的模型。',
    'err.upload_failed': '上传中断了：请重试。',
    'stage.decoding': '解码', 'stage.scoring': '打分', 'uploading': '上传中',
    'download.result': 'result.json', 'download.audio': 'processed_audio.wav', 'download.embedding': 'embedding.npy',
    'verdict.not_speech': '非语音', 'verdict.unreliable': '情感不可靠',
    'reason.silence': '静音', 'reason.noise': '噪声', 'reason.music': '音乐',
    'reason.voice_over_music': '人声伴有音乐', 'reason.no_speech': '未找到语音',
    'footer': 'emovox · 语音情感识别，自托管', 'seconds': '秒',
  },
};

// Issue 16: the timeline's lanes and legend, progress with an ETA, the microphone's inline
// messages, history pages and the mixed-recording warning.
Object.assign(I18N.en, {
  'lane.emotion': 'Emotion', 'lane.curves': 'Each emotion', 'lane.segments': 'Segments', 'speakers.segment': 'segment',
  'timeline.curves': "Show each emotion's curve", 'timeline.uncertain': 'uncertain', 'timeline.pause': 'no speech',
  'timeline.hint': 'Colour: the strongest emotion; height: how sure; stripes: uncertain; faded: nobody speaks. Click anywhere to set the player there.',
  'timeline.notspeech': 'not speech', 'stage.writing': 'writing', 'eta.left': 'left',
  'record.denied': "Microphone access was refused: allow it in the browser's site settings, or upload a recording instead.",
  'record.none': 'No microphone was found: connect one, or upload a recording instead.',
  'record.insecure': 'Recording needs a secure page (https:// or localhost): upload a recording instead.',
  'record.failed': 'The microphone could not be started: ',
  'history.prev': '‹ Newer', 'history.next': 'Older ›', 'history.range': '{from}–{to} of {total}',
  'warn.mixed.link': 'see the timeline', 'warn.mixed.segments': 'analyse with “Speech segments” or “Frames” to see the parts',
});
Object.assign(I18N.zh, {
  'lane.emotion': '情感', 'lane.curves': '各情感', 'lane.segments': '语音片段', 'speakers.segment': '段',
  'timeline.curves': '显示每种情感的曲线', 'timeline.uncertain': '不确定', 'timeline.pause': '无语音',
  'timeline.hint': '颜色：最强的情感；高度：把握程度；条纹：不确定；淡化：无人说话。点击任意位置把播放器移到该处。',
  'timeline.notspeech': '非语音', 'stage.writing': '写入结果', 'eta.left': '剩余',
  'record.denied': '麦克风权限被拒绝：请在浏览器的网站设置中允许，或改为上传录音。',
  'record.none': '没有找到麦克风：请连接麦克风，或改为上传录音。',
  'record.insecure': '录音需要安全的页面（https:// 或 localhost）：请改为上传录音。',
  'record.failed': '无法启动麦克风：',
  'history.prev': '‹ 较新', 'history.next': '较早 ›', 'history.range': '第 {from}–{to} 条，共 {total} 条',
  'warn.mixed': '录音各部分的情感与整体结果不一致：一个标签不足以描述它，请看各片段或时间线。',
  'warn.mixed.link': '查看时间线', 'warn.mixed.segments': '用“语音片段”或“逐帧”分析可看到各部分',
});

// Issue 15: transcripts and text/voice conflicts.
Object.assign(I18N.en, {
  'options.transcript': 'Transcript (optional)', 'transcript.title': 'Transcript',
  'transcript.one': 'A transcript belongs to one recording: upload that recording on its own, or clear the transcript.',
  'conflict.chip': 'text/voice conflict', 'conflict.one': 'text/voice conflict', 'conflict.count': 'text/voice conflicts',
  'conflict.detail': '{text} words ({words}) but a {voice} voice',
});
Object.assign(I18N.zh, {
  'options.transcript': '转写文本（可选）', 'transcript.title': '转写文本',
  'transcript.one': '转写文本只对应一段录音：请单独上传那段录音，或清除转写文本。',
  'conflict.chip': '文字与语音矛盾', 'conflict.one': '处文字与语音矛盾', 'conflict.count': '处文字与语音矛盾',
  'conflict.detail': '文字为{text}（{words}），语音却是{voice}',
});

const state = { lang: 'en', csrf: null, admin: false, current: null, chart: null, recorder: null, curves: false, historyOffset: 0 };
const HISTORY_PAGE = 10;
const $ = id => document.getElementById(id);
const t = key => (I18N[state.lang] && I18N[state.lang][key]) || I18N.en[key] || key;
// The core writes warnings in English; other languages show their own text for known codes.
const warningText = w => (state.lang !== 'en' && I18N[state.lang] && I18N[state.lang]['warn.' + w.code]) || w.message;
// The same for server errors ({code, message}); a page-side error carries an i18n key instead.
const errorText = e => (e.key ? t(e.key)
  : (state.lang !== 'en' && I18N[state.lang] && I18N[state.lang]['err.' + e.code]) || e.message);

/** Sets a node's text from render() now and again whenever the language changes. */
function live(node, render) {
  node.liveRender = render;
  node.dataset.live = '';
  node.textContent = render();
}
/** Shows an error in a live node: translated text, the original message as its tooltip. */
function liveError(node, e) {
  node.title = e.key ? '' : (e.message || '');
  live(node, () => errorText(e));
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** An emotion's name in the chosen language only: 生气 or angry. */
function labelText(key) {
  const l = LABEL[key];
  return !l ? key : state.lang === 'zh' ? l.zh : l.key;
}
/** Both names, for a tooltip (where a reader asks for them): 生气 / angry. */
const labelBoth = key => (LABEL[key] ? `${LABEL[key].zh} / ${key}` : key);
const pct = v => `${(100 * v).toFixed(1)}%`;
const emotionText = (key, confidence) => `${(LABEL[key] || {}).emoji || ''} ${labelText(key)} ${pct(confidence)}`;
// The server decides (the core's one rule) whether the emotion may be read: verdict 'speech' or
// 'not_speech' with the warning code behind it. The page only words it.
const REASON_EMOJI = { music: '🎵', voice_over_music: '🎵', noise: '〰', silence: '🔇', no_speech: '🔇' };
const notSpeech = r => r.verdict === 'not_speech';
const notSpeechText = r => `${REASON_EMOJI[r.verdict_reason] || '⚠'} ${t('verdict.not_speech')} (${t('reason.' + r.verdict_reason)})`;
/** One line for a finished job or result: the emotion, or "not speech (why) — emotion unreliable: …". */
const verdictText = r => notSpeech(r)
  ? `${notSpeechText(r)} — ${t('verdict.unreliable')}: ${emotionText(r.emotion, r.confidence)}`
  : emotionText(r.emotion, r.confidence);

// ---------- API ----------
class ApiFailure extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

async function api(path, opts = {}) {
  const o = Object.assign({ credentials: 'same-origin' }, opts);
  o.headers = Object.assign({}, opts.headers || {});
  if (o.method && o.method !== 'GET' && state.csrf) o.headers['X-CSRF-Token'] = state.csrf;
  const r = await fetch(path, o);
  if (!r.ok) {
    let code = 'http_' + r.status, message = r.statusText;
    try { const b = await r.json(); code = b.error.code; message = b.error.message; } catch (e) { /* not JSON */ }
    if (r.status === 401 && path !== '/api/v1/login') showLogin();
    throw new ApiFailure(r.status, code, message);
  }
  return r;
}
const apiJson = async (path, opts) => (await api(path, opts)).json();

// ---------- i18n ----------
function applyLang() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach(e => { e.placeholder = t(e.dataset.i18nPlaceholder); });
  document.querySelectorAll('[data-live]').forEach(e => { e.textContent = e.liveRender(); });
  showLangToggle();
  if (state.recorder) $('record-label').textContent = t('record.stop');
  if (state.current) showResult(state.current.job, state.current.result);
  if (!$('app-view').classList.contains('hidden')) { loadHistory(); loadTokens(); loadAdminModels(); loadReview(); }
}

/**
 * The language switch names the other language so that anyone can read it: "English" in
 * Chinese mode; in English mode 中文 with "(Chinese)", or only "Chinese" where this machine has no
 * font for Chinese characters (they would show as boxes).
 */
function showLangToggle() {
  const b = $('lang-toggle');
  if (state.lang === 'zh') {
    b.replaceChildren(el('span', { lang: 'en' }, 'English'));
  } else if (cjkFontAvailable()) {
    b.replaceChildren(el('span', { lang: 'zh-CN' }, '中文'), ' (Chinese)');
  } else {
    b.replaceChildren(el('span', { lang: 'en' }, 'Chinese'));
  }
  b.title = '中文 / English';
}

/** Whether Chinese characters render: two different ones look alike only as missing-glyph boxes. */
function cjkFontAvailable() {
  if (state.cjk !== undefined) return state.cjk;
  const glyph = ch => {
    const c = document.createElement('canvas');
    c.width = c.height = 32;
    const g = c.getContext('2d');
    g.font = '24px sans-serif';
    g.textBaseline = 'top';
    g.fillText(ch, 2, 2);
    return g.getImageData(0, 0, 32, 32).data.join(',');
  };
  try { state.cjk = glyph('中') !== glyph('丁'); } catch (e) { state.cjk = true; }
  return state.cjk;
}

// ---------- login ----------
function showLogin() {
  $('app-view').classList.add('hidden');
  $('logout').classList.add('hidden');
  $('login-view').classList.remove('hidden');
  $('login-password').focus();
}

async function showApp() {
  $('login-view').classList.add('hidden');
  $('app-view').classList.remove('hidden');
  $('logout').classList.remove('hidden');
  // An admin sees every job, so the history names each job's owner.
  try { state.admin = !!(await apiJson('/api/v1/session')).admin; } catch (e) { state.admin = false; }
  $('history-owner').classList.toggle('hidden', !state.admin);
  await Promise.all([loadModels(), loadHistory(), loadTokens(), loadAdminModels(), loadReview()]);
}

async function login(ev) {
  ev.preventDefault();
  $('login-error').classList.add('hidden');
  try {
    const b = await apiJson('/api/v1/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: $('login-user').value, password: $('login-password').value }),
    });
    state.csrf = b.csrf;
    $('login-password').value = '';
    await showApp();
  } catch (e) {
    liveError($('login-error'), e.status === 401 ? { key: 'login.failed' } : e);
    $('login-error').classList.remove('hidden');
  }
}

async function logout() {
  try { await api('/api/v1/logout', { method: 'POST' }); } catch (e) { /* already gone */ }
  state.csrf = null;
  showLogin();
}

// ---------- options ----------
async function loadModels() {
  const b = await apiJson('/api/v1/models');
  const sel = $('opt-model');
  sel.replaceChildren(...b.models.map(m => el('option', { value: m }, m)));
  sel.value = b.default;
}

function optionsQuery() {
  const q = new URLSearchParams({
    async: 'true', model: $('opt-model').value || 'default',
    granularity: $('opt-granularity').value, speakers: $('opt-speakers').value, embedding: $('opt-embedding').checked ? 'true' : 'false',
  });
  return q.toString();
}

// ---------- upload ----------
function uploadFiles(files) {
  for (const f of files) uploadOne(f, files.length);
}

async function uploadOne(file, count) {
  const bar = el('div');
  const status = el('span', { class: 'hint' });
  live(status, () => t('uploading'));
  const item = el('div', { class: 'upload-item' },
    el('div', { class: 'row' }, el('span', { class: 'name' }, file.name), status),
    el('div', { class: 'progress' }, bar));
  $('uploads').prepend(item);
  const form = new FormData();
  form.append('file', file, file.name);
  let job;
  try {
    if ($('opt-speakers').value === 'rttm') {
      const rttm = $('opt-rttm').files[0];
      if (!rttm) throw Object.assign(new Error(t('rttm.missing')), { key: 'rttm.missing' });
      form.append('rttm', rttm, rttm.name);
    }
    const transcript = $('opt-transcript').files[0];
    if (transcript) {
      if (count > 1) throw Object.assign(new Error(t('transcript.one')), { key: 'transcript.one' });
      form.append('transcript', transcript, transcript.name);
    }
    job = await apiJson('/api/v1/analyze?' + optionsQuery(), { method: 'POST', body: form });
  } catch (e) {
    item.classList.add('failed');
    liveError(status, e);
    status.className = 'error';
    return;
  }
  item.dataset.job = job.id;
  item.addEventListener('click', () => openJob(job.id));
  follow(job.id, ev => {
    bar.style.width = pct(ev.progress || 0);
    live(status, () => progressText(ev));
  }, async final => {
    bar.style.width = '100%';
    if (final.status === 'done') {
      live(status, () => verdictText(final));
      item.classList.toggle('not-speech', notSpeech(final));
      await openJob(job.id);
    } else {
      item.classList.add('failed');
      status.className = 'error';
      if (final.error) liveError(status, final.error); else live(status, () => t('status.failed'));
    }
    loadHistory();
  });
}

/**
 * A running job as the server's progress meter reports it: the whole job's share, the stage, and
 * the time left once the server can tell (e.g. "45% · scoring · 1:05 left").
 */
function progressText(ev) {
  if (!ev.stage) return t('status.' + ev.status);
  const eta = ev.eta_seconds === null || ev.eta_seconds === undefined ? ''
    : state.lang === 'zh' ? ` · ${t('eta.left')} ${fmtEta(ev.eta_seconds)}` : ` · ${fmtEta(ev.eta_seconds)} ${t('eta.left')}`;
  return `${pct(ev.progress || 0)} · ${t('stage.' + ev.stage)}${eta}`;
}
/** Seconds left as the CLI prints them (ProgressMeter.formatEta): "12 s", "1:05", "1:00:00". */
function fmtEta(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} ${t('seconds')}`;
  const two = n => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
}

/** Follows a job's server-sent events until it is done or failed. */
function follow(id, onProgress, onFinal) {
  const es = new EventSource(`/api/v1/jobs/${id}/events`);
  let finished = false;
  const finish = data => { if (!finished) { finished = true; es.close(); onFinal(data); } };
  es.addEventListener('progress', e => onProgress(JSON.parse(e.data)));
  es.addEventListener('done', e => finish(JSON.parse(e.data)));
  es.addEventListener('failed', e => finish(JSON.parse(e.data)));
  es.onerror = async () => {
    if (finished) return;
    es.close();
    // The stream broke (server restart, proxy): fall back to polling.
    for (;;) {
      try {
        const j = await apiJson(`/api/v1/jobs/${id}`);
        if (j.status === 'done' || j.status === 'failed') { finish(j); return; }
        onProgress(j);
      } catch (e) { finish({ status: 'failed', error: { code: e.code, message: e.message } }); return; }
      await new Promise(r => setTimeout(r, 1000));
    }
  };
}

// ---------- recording ----------
async function toggleRecording() {
  if (state.recorder) { state.recorder.stop(); return; }
  let stream;
  const problem = $('record-error');
  problem.classList.add('hidden');
  try {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw Object.assign(new Error('insecure'), { name: 'Insecure' });
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (e) {
    // Said in the page, next to the button, in the chosen language; the browser's words in the tooltip.
    const key = { NotAllowedError: 'record.denied', SecurityError: 'record.denied', NotFoundError: 'record.none',
      OverconstrainedError: 'record.none', Insecure: 'record.insecure' }[e.name];
    problem.title = e.message || '';
    live(problem, () => key ? t(key) : t('record.failed') + (e.message || e.name));
    problem.classList.remove('hidden');
    return;
  }
  const type = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm'].find(m => MediaRecorder.isTypeSupported(m)) || '';
  const rec = new MediaRecorder(stream, type ? { mimeType: type } : {});
  const chunks = [];
  const started = Date.now();
  const timer = setInterval(() => {
    const s = Math.floor((Date.now() - started) / 1000);
    $('record-timer').textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }, 250);
  rec.ondataavailable = e => { if (e.data.size) chunks.push(e.data); };
  rec.onstop = () => {
    clearInterval(timer);
    stream.getTracks().forEach(tr => tr.stop());
    state.recorder = null;
    $('record-button').classList.remove('recording');
    $('record-label').textContent = t('record.start');
    $('record-timer').classList.add('hidden');
    const ext = (rec.mimeType || 'audio/webm').includes('ogg') ? 'ogg' : 'webm';
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    uploadOne(new File(chunks, `recording-${stamp}.${ext}`, { type: rec.mimeType || 'audio/webm' }));
  };
  rec.start(1000);
  state.recorder = rec;
  $('record-button').classList.add('recording');
  $('record-label').textContent = t('record.stop');
  $('record-timer').classList.remove('hidden');
}

// ---------- result ----------
async function openJob(id) {
  const job = await apiJson(`/api/v1/jobs/${id}`);
  if (job.status !== 'done') return;
  const result = await apiJson(`/api/v1/jobs/${id}/result`);
  state.current = { job, result };
  showResult(job, result);
}

function showResult(job, r) {
  $('result-empty').classList.add('hidden');
  $('result').classList.remove('hidden');
  $('result').dataset.job = job.id;
  const l = LABEL[r.emotion] || { emoji: '❓' };
  $('result').classList.toggle('not-speech', notSpeech(r));
  if (notSpeech(r)) {
    // Not speech: the heading says so; the model's emotion is shown only as unreliable.
    $('verdict-emoji').textContent = REASON_EMOJI[r.verdict_reason] || '⚠';
    $('verdict-label').textContent = `${t('verdict.not_speech')} (${t('reason.' + r.verdict_reason)})`;
    $('verdict-confidence').textContent = `${t('verdict.unreliable')}: ${emotionText(r.emotion, r.confidence)}`;
  } else {
    $('verdict-emoji').textContent = l.emoji;
    $('verdict-label').textContent = labelText(r.emotion);
    $('verdict-confidence').textContent = `${pct(r.confidence)} ${t('result.confidence')}`;
  }
  $('verdict-label').title = notSpeech(r) ? '' : labelBoth(r.emotion);
  $('verdict-meta').textContent = `${job.file_name} · ${Number(r.duration).toFixed(1)} ${t('seconds')} · ${r.model.name} ${r.model.version}`;
  const flags = [];
  if (r.uncertain) flags.push(el('span', { class: 'badge' }, t('result.uncertain')));
  if (r.low_reliability) flags.push(el('span', { class: 'badge' }, t('result.lowrel')));
  const hasTimeline = (r.frames && r.frames.count > 0) || (r.segments && r.segments.length > 0);
  for (const w of r.warnings || []) flags.push(warningBadge(w, hasTimeline));
  if (r.text_conflicts > 0) {
    flags.push(el('span', { class: 'badge warning conflict', id: 'conflict-count' }, `⚡ ${r.text_conflicts} ${t(r.text_conflicts === 1 ? 'conflict.one' : 'conflict.count')}`));
  }
  $('verdict-flags').replaceChildren(...flags);

  $('score-bars').replaceChildren(...scoreBars(r.scores));

  const player = $('player');
  const audioUrl = `/api/v1/jobs/${job.id}/files/processed_audio.wav`;
  if (player.dataset.src !== audioUrl) {
    player.src = audioUrl;
    player.dataset.src = audioUrl;
  }
  $('timeline-card').classList.remove('hidden');
  $('timeline-block').classList.toggle('hidden', !hasTimeline);
  $('timeline-curves-row').classList.toggle('hidden', !(r.frames && r.frames.count > 0));
  if (hasTimeline) drawTimeline(r); else state.chart = null;

  $('speakers-block').classList.toggle('hidden', !(r.speakers && r.speakers.length));
  $('speakers').replaceChildren(...(r.speakers || []).map(s => el('div', { class: 'speaker', 'data-speaker': s.speaker },
    el('div', null, el('strong', null, s.speaker)),
    el('div', { class: 'big' }, (LABEL[s.emotion] || {}).emoji || ''),
    el('div', { title: labelBoth(s.emotion) }, `${labelText(s.emotion)} ${pct(s.confidence)}`),
    el('div', { class: 'hint' }, `${Number(s.speech_seconds).toFixed(1)} ${t('speakers.speech')} · ${s.segments} `
      + t(s.segments === 1 ? 'speakers.segment' : 'speakers.segments')),
    // The same chips as the main card: the core's judgement of this speaker's verdict.
    s.uncertain || s.low_reliability ? el('div', null,
      s.uncertain ? el('span', { class: 'badge' }, t('result.uncertain')) : null,
      s.low_reliability ? el('span', { class: 'badge' }, t('result.lowrel')) : null) : null)));

  showTranscript(r);

  const links = [
    el('a', { href: `/api/v1/jobs/${job.id}/files/result.json`, download: 'result.json', id: 'download-result' }, '⬇ ' + t('download.result')),
    el('a', { href: audioUrl, download: 'processed_audio.wav', id: 'download-audio' }, '⬇ ' + t('download.audio')),
  ];
  if (r.embedding) {
    links.push(el('a', { href: `/api/v1/jobs/${job.id}/files/embedding.npy`, download: 'embedding.npy', id: 'download-embedding' }, '⬇ ' + t('download.embedding')));
  }
  links.push(...sendToReviewControls(job.id, r));
  $('downloads').replaceChildren(...links);
}

/** One bar per label for a verdict's nine scores (the result card and the review page). */
function scoreBars(scores) {
  return LABELS.map(lb => {
    const v = (scores && scores[lb.key]) || 0;
    const fill = el('div', { class: 'bar-fill' });
    fill.style.width = pct(v);
    fill.style.background = lb.color;
    return el('div', { class: 'bar', 'data-emotion': lb.key },
      el('span', { title: labelBoth(lb.key) }, `${lb.emoji} ${labelText(lb.key)}`),
      el('div', { class: 'bar-track' }, fill),
      el('span', { class: 'bar-value' }, pct(v)));
  });
}

/**
 * The transcript under the result: each segment's words with its emotion and, where the voice
 * contradicts the words, a conflict chip; a click plays the segment. Without segments (whole
 * recording, frames), the whole text. Hidden for results without a transcript.
 */
function showTranscript(r) {
  const has = typeof r.text === 'string';
  $('transcript-block').classList.toggle('hidden', !has);
  if (!has) {
    $('transcript').replaceChildren();
    return;
  }
  const line = (start, end, emotion, text, conflict) => {
    const row = el('div', { class: 'transcript-line' + (conflict ? ' conflict' : '') },
      start === null ? null : el('span', { class: 'hint' }, `${Number(start).toFixed(1)}–${Number(end).toFixed(1)} s`),
      el('span', { title: labelBoth(emotion) }, `${(LABEL[emotion] || {}).emoji || ''} ${labelText(emotion)}`),
      el('span', { class: 'segment-text' }, text),
      conflict ? el('span', { class: 'badge warning conflict', title: conflictText(conflict) },
        `⚡ ${t('conflict.chip')}: ${conflictText(conflict)}`) : null);
    if (start !== null) {
      row.addEventListener('click', () => { $('player').currentTime = start; $('player').play().catch(() => {}); });
    }
    return row;
  };
  const segs = (r.segments || []).filter(s => typeof s.text === 'string');
  const rows = (r.segments || []).length
    ? segs.map(s => line(s.start, s.end, s.emotion, s.text, s.text_conflict))
    : [line(null, null, r.emotion, r.text, r.text_conflict)];
  $('transcript').replaceChildren(...rows);
}

function conflictText(c) {
  return t('conflict.detail').replace('{text}', labelText(c.text_emotion)).replace('{voice}', labelText(c.voice_emotion))
    .replace('{words}', c.words.join(', '));
}

/**
 * A warning chip: translated text, the core's English message in the tooltip. A mixed recording
 * points to the timeline (a click scrolls to it), or says how to get one when there is none.
 */
function warningBadge(w, hasTimeline) {
  if (w.code !== 'mixed') return el('span', { class: 'badge warning', title: w.message }, warningText(w));
  if (!hasTimeline) {
    return el('span', { class: 'badge warning mixed', title: w.message }, `${warningText(w)} (${t('warn.mixed.segments')})`);
  }
  return el('button', { type: 'button', class: 'badge warning mixed', title: w.message,
    onclick: () => $('timeline-block').scrollIntoView({ behavior: 'smooth', block: 'center' }) },
  `${warningText(w)} → ${t('warn.mixed.link')}`);
}

// ---------- timeline (drawn by timeline.js) ----------
function drawTimeline(r) {
  const chart = EmovoxTimeline.draw($('timeline'), r, {
    labels: LABEL, t, curves: state.curves && r.frames && r.frames.count > 0, notSpeech: notSpeech(r),
  });
  state.chart = chart;
  $('timeline').dataset.drawMs = chart.drawMs.toFixed(1);
  // The legend never drops a class: every class present in a lane, then what the hatching means.
  const shown = LABELS.filter(l => chart.present.has(l.key) || chart.drawn.has(l.key));
  $('timeline-legend').replaceChildren(...shown.map(l => {
    const s = el('span', { 'data-emotion': l.key, title: labelBoth(l.key) }, `${l.emoji} ${labelText(l.key)}`);
    s.style.setProperty('--c', l.color);
    return s;
  }), el('span', { class: 'hatch uncertain' }, t('timeline.uncertain')), el('span', { class: 'hatch pause' }, t('timeline.pause')));
  paintCursor();
  showReadout(null);
}

function paintCursor() {
  if (!state.chart) return;
  EmovoxTimeline.paintCursor(state.chart, $('player').currentTime || 0);
  if (!state.hovering) showReadout(null);
}

/** One line under the chart: what the lanes say at the mouse, or else at the player's position. */
function showReadout(seconds) {
  const c = state.chart;
  if (!c) return;
  const at = c.what(seconds === null ? ($('player').currentTime || 0) : seconds);
  const parts = [EmovoxTimeline.fmtTime(at.time)];
  if (at.pause) parts.push(t('timeline.pause'));
  if (at.emotion) {
    parts.push(`${(LABEL[at.emotion] || {}).emoji || ''} ${labelText(at.emotion)} ${pct(at.confidence)}`
      + (at.uncertain ? ` (${t('timeline.uncertain')})` : ''));
  }
  for (const seg of at.segments) {
    if (seg.speaker) parts.push(`${seg.speaker}: ${labelText(seg.emotion)} ${pct(seg.confidence)}`);
  }
  $('timeline-readout').textContent = parts.join(' · ');
}

function seekFromTimeline(ev) {
  if (!state.chart) return;
  $('player').currentTime = EmovoxTimeline.timeAt(state.chart, ev.clientX);
  paintCursor();
}

// ---------- history ----------
let historyTimer = null;
async function loadHistory() {
  const q = $('history-search').value.trim();
  let b;
  try {
    b = await apiJson(`/api/v1/jobs?limit=${HISTORY_PAGE}&offset=${state.historyOffset}` + (q ? '&q=' + encodeURIComponent(q) : ''));
  } catch (e) { return; }
  if (b.jobs.length === 0 && state.historyOffset > 0 && b.total > 0) {
    // The page emptied (deletions): show the last page there is.
    state.historyOffset = Math.max(0, Math.floor((b.total - 1) / HISTORY_PAGE) * HISTORY_PAGE);
    return loadHistory();
  }
  showHistoryPager(b);
  $('history-empty').classList.toggle('hidden', b.jobs.length > 0);
  $('history-body').replaceChildren(...b.jobs.map(j => {
    const pin = el('button', { class: 'small ghost', title: j.pinned ? t('history.unpin') : t('history.pin'),
      onclick: async ev => { ev.stopPropagation(); await api(`/api/v1/jobs/${j.id}/pin?pinned=${!j.pinned}`, { method: 'POST' }); loadHistory(); } },
      j.pinned ? '📌' : '📍');
    const del = el('button', { class: 'small danger', 'data-action': 'delete',
      onclick: async ev => {
        ev.stopPropagation();
        if (!confirm(t('history.confirm'))) return;
        try { await api(`/api/v1/jobs/${j.id}`, { method: 'DELETE' }); } catch (e) { alert(errorText(e)); }
        if (state.current && state.current.job.id === j.id) {
          state.current = null;
          $('result').classList.add('hidden');
          $('timeline-card').classList.add('hidden');
          $('result-empty').classList.remove('hidden');
        }
        loadHistory();
      } }, t('history.delete'));
    const emo = j.emotion ? verdictText(j) : (j.error ? errorText(j.error) : '');
    return el('tr', { 'data-job': j.id, class: notSpeech(j) ? 'not-speech' : null, onclick: () => openJob(j.id) },
      el('td', null, j.file_name), ...(state.admin ? [el('td', { class: 'owner' }, j.owner)] : []),
      el('td', { title: j.error ? j.error.message : null }, emo),
      el('td', { class: 'status-' + j.status }, t('status.' + j.status)),
      el('td', null, new Date(j.created_at).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB')),
      el('td', { class: 'actions' }, pin, ' ', del));
  }));
}

/** "11–20 of 23" with newer/older buttons; hidden while everything fits on one page. */
function showHistoryPager(b) {
  const from = b.total === 0 ? 0 : b.offset + 1, to = b.offset + b.jobs.length;
  $('history-pager').classList.toggle('hidden', b.total <= HISTORY_PAGE && b.offset === 0);
  live($('history-range'), () => t('history.range').replace('{from}', from).replace('{to}', to).replace('{total}', b.total));
  $('history-prev').disabled = b.offset === 0;
  $('history-next').disabled = to >= b.total;
}

function pageHistory(delta) {
  state.historyOffset = Math.max(0, state.historyOffset + delta * HISTORY_PAGE);
  loadHistory();
}

// ---------- tokens ----------
async function loadTokens() {
  let b;
  try { b = await apiJson('/api/v1/tokens'); } catch (e) { $('tokens-card').classList.add('hidden'); return; }
  $('tokens-card').classList.remove('hidden');
  $('token-list').replaceChildren(...b.tokens.map(tk => el('li', { 'data-role': tk.admin ? 'admin' : 'user' },
    el('span', null, `${tk.name} · ${tk.id} · ${t(tk.admin ? 'tokens.role.admin' : 'tokens.role.user')}`
      + (tk.active ? '' : ` (${t('tokens.revoked')})`)),
    tk.active ? el('button', { class: 'small danger', onclick: async () => { await api(`/api/v1/tokens/${tk.id}`, { method: 'DELETE' }); loadTokens(); } }, t('tokens.revoke')) : '')));
}

async function createToken(ev) {
  ev.preventDefault();
  const b = await apiJson('/api/v1/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: $('token-name').value, admin: $('token-admin').checked }) });
  $('token-new').textContent = b.token;
  $('token-new').classList.remove('hidden');
  $('token-name').value = '';
  $('token-admin').checked = false;
  loadTokens();
}

// ---------- models (admin) ----------
async function loadAdminModels() {
  let b;
  try { b = await apiJson('/api/v1/admin/models'); } catch (e) { $('models-card').classList.add('hidden'); return; }
  $('models-card').classList.remove('hidden');
  const json = body => ({ method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  $('model-list').replaceChildren(...b.models.map(m => el('li', { 'data-model': m.name, 'data-default': m.default },
    el('span', null, m.name + (m.builtin ? ` · ${t('models.builtin')}`
      : ` · ${m.size} · D=${m.dim} · ${(m.parameters / 1e6).toFixed(1)}M`) + (m.default ? ` · ★ ${t('models.default')}` : '')),
    el('span', null,
      m.default ? null : el('button', { class: 'small secondary make-default',
        onclick: () => modelAction('/api/v1/admin/models/default', json({ name: m.name })) }, t('models.makeDefault')),
      m.builtin ? null : el('button', { class: 'small danger remove-model', onclick: () => {
        if (confirm(t('models.confirm'))) modelAction(`/api/v1/admin/models/${encodeURIComponent(m.name)}`, { method: 'DELETE' });
      } }, t('models.remove'))))));
  const running = b.downloads.find(d => d.status === 'queued' || d.status === 'running');
  if (running && !state.modelPoll) pollDownload(running.id);
}

function showModelError(e) {
  liveError($('model-error'), e);
  $('model-error').classList.remove('hidden');
}

async function modelAction(path, opts) {
  $('model-error').classList.add('hidden');
  try { await api(path, opts); } catch (e) { showModelError(e); }
  await Promise.all([loadAdminModels(), loadModels()]);
}

async function startDownload(ev) {
  ev.preventDefault();
  $('model-error').classList.add('hidden');
  try {
    const d = await apiJson('/api/v1/admin/models/downloads', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: $('model-name').value, from: $('model-hub').value }) });
    pollDownload(d.id);
  } catch (e) { showModelError(e); }
}

/** Follows a download until it ends (polled twice a second), then shows the new list. */
function pollDownload(id) {
  state.modelPoll = id;
  $('model-download').classList.remove('hidden');
  const mb = n => (n / 1e6).toFixed(1);
  const step = async () => {
    let d;
    try { d = await apiJson(`/api/v1/admin/models/downloads/${id}`); } catch (e) { state.modelPoll = null; showModelError(e); return; }
    $('model-download-bar').style.width = `${(100 * d.fraction).toFixed(1)}%`;
    live($('model-download-text'), () => d.status === 'done' ? `${d.installed}: ${t('models.installed')}`
      : `${d.model} (${d.from}): ${t('models.stage.' + d.stage)}${d.file ? ' ' + d.file : ''} · ${mb(d.bytes_done)} / ${mb(d.bytes_total)} MB`);
    if (d.status === 'done' || d.status === 'failed') {
      state.modelPoll = null;
      if (d.status === 'failed') showModelError(d.error);
      await Promise.all([loadAdminModels(), loadModels()]);
      return;
    }
    setTimeout(step, 500);
  };
  step();
}

// ---------- start ----------
function wire() {
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  $('lang-toggle').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('emovox.lang', state.lang);
    applyLang();
  });
  const zone = $('drop-zone'), input = $('file-input');
  zone.addEventListener('click', () => input.click());
  zone.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') input.click(); });
  input.addEventListener('change', () => { uploadFiles([...input.files]); input.value = ''; });
  ['dragenter', 'dragover'].forEach(n => zone.addEventListener(n, e => { e.preventDefault(); zone.classList.add('over'); }));
  ['dragleave', 'drop'].forEach(n => zone.addEventListener(n, e => { e.preventDefault(); zone.classList.remove('over'); }));
  zone.addEventListener('drop', e => uploadFiles([...e.dataTransfer.files]));
  $('record-button').addEventListener('click', toggleRecording);
  $('opt-speakers').addEventListener('change',
    () => $('rttm-row').classList.toggle('hidden', $('opt-speakers').value !== 'rttm'));
  $('history-search').addEventListener('input', () => {
    clearTimeout(historyTimer);
    historyTimer = setTimeout(() => { state.historyOffset = 0; loadHistory(); }, 250);
  });
  $('history-prev').addEventListener('click', () => pageHistory(-1));
  $('history-next').addEventListener('click', () => pageHistory(1));
  $('token-form').addEventListener('submit', createToken);
  $('model-form').addEventListener('submit', startDownload);
  wireReview();
  $('timeline').addEventListener('click', seekFromTimeline);
  $('timeline').addEventListener('mousemove', ev => {
    if (!state.chart) return;
    state.hovering = true;
    showReadout(EmovoxTimeline.timeAt(state.chart, ev.clientX));
  });
  $('timeline').addEventListener('mouseleave', () => { state.hovering = false; showReadout(null); });
  $('timeline-curves').addEventListener('change', () => {
    state.curves = $('timeline-curves').checked;
    if (state.current) drawTimeline(state.current.result);
  });
  const player = $('player');
  const tick = () => { paintCursor(); if (!player.paused) requestAnimationFrame(tick); };
  player.addEventListener('play', tick);
  player.addEventListener('seeked', paintCursor);
  player.addEventListener('timeupdate', paintCursor);
  window.addEventListener('resize', () => { if (state.current && state.chart) drawTimeline(state.current.result); });
}

async function boot() {
  state.lang = localStorage.getItem('emovox.lang') || ((navigator.language || '').startsWith('zh') ? 'zh' : 'en');
  wire();
  applyLang();
  try {
    const s = await apiJson('/api/v1/session');
    state.csrf = s.csrf || null;
    await showApp();
  } catch (e) {
    showLogin();
  }
}

document.addEventListener('DOMContentLoaded', boot);
