/** The emovox command line: one class per subcommand, a thin shell over emovox-core. */
package io.emovox.cli;
