package io.emovox.cli;

import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = EmovoxCli.class.getPackage().getImplementationVersion();
        return new String[] {"emovox " + (v == null ? "dev" : v)};
    }
}
