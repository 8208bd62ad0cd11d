/**
 * Transcripts the user brings (SRT, WebVTT, Whisper JSON, FunASR JSON), aligned by time to the
 * segments of a result, and the text/voice conflict check: a rules file maps words to the emotions
 * they suggest, and a confident voice emotion that contradicts them is flagged. Entry points:
 * {@link io.emovox.transcript.Transcript#read}, {@link io.emovox.transcript.TextRules} and
 * {@link io.emovox.transcript.TextCheck#apply}. See docs/analysis.md, "Transcripts and text/voice
 * conflicts".
 */
package io.emovox.transcript;
