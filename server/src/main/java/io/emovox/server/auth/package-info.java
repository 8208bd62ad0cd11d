/**
 * Authentication, always on: one admin login (PBKDF2-hashed password, created and printed once on
 * first start), API tokens (random secrets stored as SHA-256, revocable) and browser sessions
 * (HttpOnly, SameSite=Strict cookies plus a CSRF token). Secrets are compared in constant time.
 */
package io.emovox.server.auth;
