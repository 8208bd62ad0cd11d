/**
 * The HTTP shell: routes (controllers only parse, call and respond), the one mapping of errors to
 * statuses and JSON bodies, authentication and CSRF checks, rate limits, uploads with size
 * limits, and Prometheus metrics.
 */
package io.emovox.server.http;
