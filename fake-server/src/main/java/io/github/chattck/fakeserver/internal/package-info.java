/**
 * Internals of the fake server: a small HTTP/1.1 server on blocking sockets (so that a client that goes away is
 * seen even while the script stalls or delays) and the four dialects' request parsers and frame writers. Not API:
 * may change in any release.
 */
package io.github.chattck.fakeserver.internal;
