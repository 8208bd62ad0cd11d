/**
 * Managing the folders {@code emovox analyze} writes (trap 8 on the CLI): which folders under an
 * outputs root are emovox's ({@link io.emovox.cli.cleanup.OutputFolders}), which of them a cleanup
 * removes ({@link io.emovox.cli.cleanup.CleanupPlan}), and archiving them first into a verified
 * tar.gz ({@link io.emovox.cli.cleanup.TarGzArchive}). Used by {@code emovox cleanup --outputs}
 * and {@code emovox keep}.
 */
package io.emovox.cli.cleanup;
