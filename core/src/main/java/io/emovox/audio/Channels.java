package io.emovox.audio;

/**
 * Which channel(s) of a multi-channel input become the mono signal.
 *
 * <p>{@link #MIX} (the default) takes the arithmetic mean of all channels, sample by sample:
 * {@code (c0 + c1 + ... + cN-1) / N}. Averaging never clips, keeps a mono file unchanged and keeps
 * the level of a centred voice in a stereo file. {@link #only(int)} takes one channel (0 = left,
 * 1 = right), e.g. one side of a call recorded as stereo.
 */
public final class Channels {

    /** Mean of all channels. */
    public static final Channels MIX = new Channels(-1);

    private final int index;

    private Channels(int index) {
        this.index = index;
    }

    /** Takes only the channel at {@code index} (0-based: 0 = left, 1 = right). */
    public static Channels only(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("A channel index is 0 or more, but was " + index + ".");
        }
        return new Channels(index);
    }

    public boolean isMix() {
        return index < 0;
    }

    /** The 0-based channel taken; only meaningful when {@link #isMix()} is false. */
    public int index() {
        if (isMix()) {
            throw new IllegalStateException("Channels.MIX takes every channel, so it has no single index.");
        }
        return index;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Channels c && c.index == index;
    }

    @Override
    public int hashCode() {
        return index;
    }

    @Override
    public String toString() {
        return isMix() ? "mix" : "channel " + index;
    }
}
