// emovox web UI: the emotion timeline. Plain JS, no dependencies.
//
// One canvas, lanes on one time axis: the dominant-emotion band (colour = the smoothed top class,
// height = its probability, striped where the core judged it uncertain, faded where nobody speaks),
// optionally every class's curve, the segments and one lane per speaker. The player cursor runs
// through all lanes and a click anywhere seeks. The numbers are result.json's: frames.smoothed for
// the band's colour and height, frames.dominant for uncertain and pauses (the core's
// UncertaintyPolicy and VAD: the page decides neither), segments as scored.
'use strict';

const EmovoxTimeline = (() => {
  const PAD = { l: 92, r: 10, t: 6, b: 22 };
  const BAND = 64, CURVES = 120, LANE = 22, GAP = 8;
  const INK = '#1f2333', MUTED = '#6b7080', LINE = '#e3e5ee';

  /** Diagonal stripes: white over the band's colour (uncertain), or grey (the whole input is not speech). */
  function stripes(g, color, spacing, width) {
    const c = document.createElement('canvas');
    c.width = c.height = spacing;
    const p = c.getContext('2d');
    p.strokeStyle = color;
    p.lineWidth = width;
    p.beginPath();
    p.moveTo(0, spacing); p.lineTo(spacing, 0);
    p.moveTo(-1, 1); p.lineTo(1, -1);
    p.moveTo(spacing - 1, spacing + 1); p.lineTo(spacing + 1, spacing - 1);
    p.stroke();
    return g.createPattern(c, 'repeat');
  }

  /**
   * Per pixel column, the share of its time that the core's runs call uncertain and that is a
   * pause: a column is striped or faded only when most of it is, so a long recording's many short
   * pauses do not turn the band to noise.
   */
  function runShares(runs, plotW, duration) {
    const uncertain = new Float64Array(plotW), pause = new Float64Array(plotW), col = duration / plotW;
    for (const d of runs) {
      if (d.speech && !d.uncertain) continue;
      const c0 = Math.max(0, Math.floor(d.start / col)), c1 = Math.min(plotW - 1, Math.floor(d.end / col));
      for (let c = c0; c <= c1; c++) {
        const overlap = (Math.min(d.end, (c + 1) * col) - Math.max(d.start, c * col)) / col;
        if (overlap > 0) (d.speech ? uncertain : pause)[c] += overlap;
      }
    }
    return { uncertain, pause };
  }

  /** Index of the last item whose start is at or before t (items sorted by start), or -1. */
  function findAt(items, t, start) {
    let lo = 0, hi = items.length - 1, best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (start(items[mid]) <= t) { best = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return best;
  }

  function argmax(row) {
    let k = 0;
    for (let i = 1; i < row.length; i++) if (row[i] > row[k]) k = i;
    return k;
  }

  /**
   * The band's columns from the smoothed series: per pixel column the mean smoothed row of its
   * frames, its top class and that class's mean probability. With one frame per column this is the
   * frame's own row.
   */
  function frameColumns(f, x0, plotW, duration) {
    const rows = f.smoothed || f.scores, n = rows.length, k = f.labels.length;
    const cols = [];
    const frameAt = s => Math.round((s - f.first) * f.rate_hz);
    for (let c = 0; c < plotW; c++) {
      const a = Math.max(0, frameAt(duration * c / plotW)), b = Math.min(n, Math.max(a + 1, frameAt(duration * (c + 1) / plotW)));
      if (a >= n) break;
      const mean = new Float64Array(k);
      for (let i = a; i < b; i++) { const r = rows[i]; for (let j = 0; j < k; j++) mean[j] += r[j]; }
      const top = argmax(mean);
      cols.push({ x: x0 + c, top: f.labels[top], p: mean[top] / (b - a), mean, count: b - a });
    }
    return cols;
  }

  /**
   * Draws a result's timeline into {@code canvas} and returns the chart: geometry, the classes
   * present, the time it took, and what() for the readout at a time.
   *
   * @param opts { labels: {key: {color}}, t: i18n function, labelText: key => text, curves: bool,
   *               notSpeech: bool }
   */
  function draw(canvas, r, opts) {
    const t0 = performance.now();
    const f = r.frames && r.frames.count > 0 ? r.frames : null;
    const segments = r.segments || [];
    const speakers = [...new Set(segments.map(s => s.speaker).filter(s => s))];
    const showSegmentsLane = f && segments.length > 0;
    const curves = f && opts.curves;
    const lanes = [{ id: 'band', h: BAND, title: opts.t('lane.emotion') }];
    if (curves) lanes.push({ id: 'curves', h: CURVES, title: opts.t('lane.curves') });
    if (showSegmentsLane) lanes.push({ id: 'segments', h: LANE, title: opts.t('lane.segments') });
    speakers.forEach(sp => lanes.push({ id: 'speaker', h: LANE, title: sp, speaker: sp }));
    let y = PAD.t;
    for (const lane of lanes) { lane.y = y; y += lane.h + GAP; }
    const h = y - GAP + PAD.b;

    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(320, canvas.clientWidth || 900);
    canvas.style.height = h + 'px';
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    const base = document.createElement('canvas');
    base.width = canvas.width;
    base.height = canvas.height;
    const g = base.getContext('2d');
    g.scale(dpr, dpr);
    const duration = Math.max(0.001, Number(r.duration));
    const plotW = Math.max(1, Math.floor(w - PAD.l - PAD.r));
    const x = s => PAD.l + plotW * (s / duration);
    const color = key => (opts.labels[key] || {}).color || '#999';
    const uncertainStripes = stripes(g, 'rgba(255,255,255,.85)', 6, 1.6);
    const notSpeechStripes = stripes(g, 'rgba(107,112,128,.45)', 5, 1.2);
    const present = new Set();

    g.fillStyle = '#fff';
    g.fillRect(0, 0, w, h);
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'middle';
    for (const lane of lanes) {
      g.fillStyle = '#f7f8fb';
      g.fillRect(PAD.l, lane.y, plotW, lane.h);
      g.fillStyle = lane.id === 'speaker' ? INK : MUTED;
      g.fillText(ellipsis(g, lane.title, PAD.l - 8), 4, lane.y + Math.min(lane.h, BAND) / 2);
    }

    const band = lanes[0];
    let cols = [];
    const runs = (f && f.dominant) || [];
    if (f) {
      // The band: per column the smoothed top class, as tall as its probability; faded where most
      // of the column is a pause, striped where most of it is uncertain (the core's runs decide).
      cols = frameColumns(f, PAD.l, plotW, duration);
      const share = runShares(runs, plotW, duration);
      let stripeFrom = -1;
      for (const c of cols) {
        const i = c.x - PAD.l, hh = Math.max(1, band.h * c.p);
        const paused = share.pause[i] > 0.5, unsure = !paused && share.uncertain[i] > 0.5;
        g.globalAlpha = paused ? 0.22 : 1;
        g.fillStyle = color(c.top);
        g.fillRect(c.x, band.y + band.h - hh, 1, hh);
        g.globalAlpha = 1;
        if (unsure && stripeFrom < 0) stripeFrom = c.x;
        if (!unsure && stripeFrom >= 0) {
          g.fillStyle = uncertainStripes; g.fillRect(stripeFrom, band.y, c.x - stripeFrom, band.h); stripeFrom = -1;
        }
      }
      if (stripeFrom >= 0) { g.fillStyle = uncertainStripes; g.fillRect(stripeFrom, band.y, PAD.l + cols.length - stripeFrom, band.h); }
      // Every class that is top anywhere, from the core's runs (or every frame when a result has none).
      if (runs.length) runs.forEach(d => present.add(d.emotion));
      else (f.smoothed || f.scores).forEach(row => present.add(f.labels[argmax(row)]));
    } else {
      // No frames: the segments are the band; between them nobody speaks and the band stays empty.
      for (const s of segments) {
        const x1 = x(s.start), x2 = Math.max(x1 + 1, x(s.end)), hh = Math.max(2, band.h * s.confidence);
        g.fillStyle = color(s.emotion);
        g.fillRect(x1, band.y + band.h - hh, x2 - x1, hh);
        if (s.uncertain) { g.fillStyle = uncertainStripes; g.fillRect(x1, band.y, x2 - x1, band.h); }
        present.add(s.emotion);
      }
    }
    if (opts.notSpeech) {
      // The core says the input is not speech at all: the whole band is only what the model made of it.
      g.fillStyle = 'rgba(255,255,255,.55)';
      g.fillRect(PAD.l, band.y, plotW, band.h);
      g.fillStyle = notSpeechStripes;
      g.fillRect(PAD.l, band.y, plotW, band.h);
    }

    const drawn = new Set();
    if (curves) {
      // Detail: each class's smoothed probability, one point per column (the columns' means).
      const lane = lanes[1];
      const yv = v => lane.y + lane.h * (1 - v);
      g.strokeStyle = LINE;
      g.lineWidth = 1;
      for (const v of [0, 0.5, 1]) {
        g.beginPath(); g.moveTo(PAD.l, yv(v)); g.lineTo(PAD.l + plotW, yv(v)); g.stroke();
        g.fillStyle = MUTED;
        g.fillText(`${v * 100}%`, PAD.l - 30, yv(v));
      }
      f.labels.forEach((key, k) => {
        if (!cols.some(c => c.mean[k] > 0)) return; // a class the model cannot output
        drawn.add(key);
        g.strokeStyle = color(key);
        g.lineWidth = 1.4;
        g.beginPath();
        cols.forEach((c, i) => { const v = c.mean[k] / c.count; if (i === 0) g.moveTo(c.x, yv(v)); else g.lineTo(c.x, yv(v)); });
        g.stroke();
      });
    }

    // Segments and speakers: blocks in the segment's colour, hatched where uncertain.
    const laneBlocks = (lane, list) => {
      for (const s of list) {
        const x1 = x(s.start), x2 = Math.max(x1 + 1, x(s.end));
        g.fillStyle = color(s.emotion);
        g.globalAlpha = 0.35 + 0.65 * s.confidence;
        g.fillRect(x1, lane.y + 2, x2 - x1, lane.h - 4);
        g.globalAlpha = 1;
        if (s.uncertain) { g.fillStyle = uncertainStripes; g.fillRect(x1, lane.y + 2, x2 - x1, lane.h - 4); }
        present.add(s.emotion);
      }
    };
    for (const lane of lanes) {
      if (lane.id === 'segments') laneBlocks(lane, segments);
      if (lane.id === 'speaker') laneBlocks(lane, segments.filter(s => s.speaker === lane.speaker));
    }

    // Time axis.
    const step = niceStep(duration);
    g.fillStyle = MUTED;
    g.strokeStyle = LINE;
    g.textBaseline = 'alphabetic';
    for (let s = 0; s <= duration + 1e-9; s += step) {
      const xs = x(s);
      g.beginPath(); g.moveTo(xs, PAD.t); g.lineTo(xs, h - PAD.b); g.stroke();
      const label = fmtTime(s);
      g.fillText(label, Math.min(w - g.measureText(label).width - 2, Math.max(PAD.l, xs - g.measureText(label).width / 2)), h - 6);
    }

    const sortedSegments = [...segments].sort((a, b) => a.start - b.start);
    const maxSegment = segments.reduce((m, x) => Math.max(m, x.end - x.start), 0);
    /** What the lanes say at time s: the band's class and probability, its run, the segment. */
    const what = s => {
      const out = { time: s };
      if (f) {
        const rows = f.smoothed || f.scores;
        const i = Math.max(0, Math.min(rows.length - 1, Math.round((s - f.first) * f.rate_hz)));
        const k = argmax(rows[i]);
        out.emotion = f.labels[k];
        out.confidence = rows[i][k];
        // Before the first frame's half-hop the first run still speaks for the time.
        const ri = Math.max(0, findAt(runs, s, d => d.start));
        if (runs.length && s <= runs[ri].end) { out.uncertain = runs[ri].uncertain; out.pause = !runs[ri].speech; }
      }
      // Every segment under s (speakers by channel overlap): search back from the last one starting before s.
      out.segments = [];
      for (let i = findAt(sortedSegments, s, d => d.start); i >= 0 && s - sortedSegments[i].start <= maxSegment; i--) {
        if (s <= sortedSegments[i].end) out.segments.unshift(sortedSegments[i]);
      }
      const seg = out.segments[out.segments.length - 1];
      if (!f && seg) { out.emotion = seg.emotion; out.confidence = seg.confidence; out.uncertain = seg.uncertain; }
      if (!f && !seg) out.pause = true;
      return out;
    };
    const top = lanes[0].y, bottom = h - PAD.b;
    return { canvas, base, w, h, dpr, x, duration, plotW, top, bottom, present, drawn, what,
      drawMs: performance.now() - t0 };
  }

  /** The base image with the player cursor across every lane. */
  function paintCursor(chart, seconds) {
    if (!chart) return;
    const g = chart.canvas.getContext('2d');
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.drawImage(chart.base, 0, 0);
    g.scale(chart.dpr, chart.dpr);
    const xs = chart.x(Math.max(0, Math.min(chart.duration, seconds)));
    g.strokeStyle = INK;
    g.lineWidth = 1.5;
    g.beginPath();
    g.moveTo(xs, chart.top - 2);
    g.lineTo(xs, chart.bottom + 2);
    g.stroke();
  }

  /** Seconds at a client x position (a click or the mouse), clamped to the recording. */
  function timeAt(chart, clientX) {
    const rect = chart.canvas.getBoundingClientRect();
    const px = (clientX - rect.left) * (chart.w / rect.width);
    return Math.max(0, Math.min(chart.duration, (px - PAD.l) / chart.plotW * chart.duration));
  }

  function ellipsis(g, text, max) {
    if (g.measureText(text).width <= max) return text;
    let s = text;
    while (s.length > 1 && g.measureText(s + '…').width > max) s = s.slice(0, -1);
    return s + '…';
  }

  function niceStep(d) {
    for (const s of [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600]) if (d / s <= 10) return s;
    return 7200;
  }

  function fmtTime(s) {
    const m = Math.floor(s / 60), r = s - 60 * m;
    return m ? `${m}:${String(Math.floor(r)).padStart(2, '0')}` : `${Number(r.toFixed(1))}s`;
  }

  return { draw, paintCursor, timeAt, fmtTime, PAD };
})();
