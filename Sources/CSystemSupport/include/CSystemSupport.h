#ifndef CSYSTEMSUPPORT_H
#define CSYSTEMSUPPORT_H

/// The calls glibc declares only with _GNU_SOURCE, which Swift's Glibc module does not define: SystemSupport
/// reaches them through these one-line wrappers.

/// accept4(fd, NULL, NULL, flags).
int csystemsupport_accept4(int fd, int flags);

/// pipe2(ends, flags).
int csystemsupport_pipe2(int ends[2], int flags);

#endif
