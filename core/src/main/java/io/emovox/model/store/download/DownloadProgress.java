package io.emovox.model.store.download;

/**
 * How far a download is, reported as bytes arrive.
 *
 * @param stage      {@link #LISTING}, {@link #DOWNLOADING}, {@link #VERIFYING} or {@link #INSTALLING}
 * @param file       the file being fetched or checked (null while listing or installing)
 * @param bytesDone  bytes of all files on disk so far (resumed bytes included)
 * @param bytesTotal bytes of all files, as the hub lists them
 */
public record DownloadProgress(String stage, String file, long bytesDone, long bytesTotal) {
    public static final String LISTING = "listing";
    public static final String DOWNLOADING = "downloading";
    public static final String VERIFYING = "verifying";
    public static final String INSTALLING = "installing";

    /** Share of the bytes done, in [0, 1]. */
    public double fraction() {
        return bytesTotal <= 0 ? 0 : Math.min(1.0, (double) bytesDone / bytesTotal);
    }
}
