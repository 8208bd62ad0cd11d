/** The server's embedded SQLite database (WAL) and its numbered, versioned migrations. */
package io.emovox.server.db;
