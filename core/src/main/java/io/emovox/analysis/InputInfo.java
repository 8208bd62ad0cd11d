package io.emovox.analysis;

/**
 * The analysed input as it was before conversion to 16 kHz mono.
 *
 * @param file       the file name as given (or "stdin", or an upload's name)
 * @param container  demuxer name
 * @param codec      audio codec name
 * @param sampleRate original sample rate in Hz
 * @param channels   original channel count
 */
public record InputInfo(String file, String container, String codec, int sampleRate, int channels) {}
