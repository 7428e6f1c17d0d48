#pragma once

// Whether this process still holds the run history's SQLite locks, as
// another process sees them. Header-only (POSIX).

#include <QByteArray>
#include <QFile>
#include <QString>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cqrs::testing {

/// Whether another process sees a read lock of this one on SQLite's shared
/// byte range of `file`: the lock every open connection in WAL mode keeps,
/// and by which a closing connection elsewhere knows it is not the last one
/// (the last one deletes the write-ahead log). Asked from a forked child,
/// since a process never sees its own locks with F_GETLK.
inline bool othersSeeSharedLock(const QString &file)
{
    const QByteArray name = QFile::encodeName(file); // no allocation in the child
    const pid_t child = fork();
    if (child < 0)
        return false;
    if (child == 0) {
        const int fd = ::open(name.constData(), O_RDWR | O_CLOEXEC);
        struct flock probe
        {
        };
        probe.l_type = F_WRLCK;
        probe.l_whence = SEEK_SET;
        probe.l_start = 0x40000000 + 2; // SQLite's SHARED_FIRST
        probe.l_len = 510;              // SHARED_SIZE
        const bool held = fd >= 0 && fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type == F_RDLCK
                          && probe.l_pid == getppid();
        _exit(held ? 0 : 1);
    }
    int status = 0;
    return waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

} // namespace cqrs::testing
