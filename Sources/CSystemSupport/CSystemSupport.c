#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <sys/socket.h>
#include <unistd.h>

#include "CSystemSupport.h"

int csystemsupport_accept4(int fd, int flags) { return accept4(fd, NULL, NULL, flags); }

int csystemsupport_pipe2(int ends[2], int flags) { return pipe2(ends, flags); }
