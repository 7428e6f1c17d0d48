#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cqrs {

/// Reads a whole file of at most maxBytes into *text. Anything that is not a
/// regular file (a directory, a FIFO, a device) is refused before a byte is
/// read, so a FIFO can never block the caller. On failure returns false and
/// sets *error to a message without the path ("not a regular file (a FIFO)",
/// "too many levels of symbolic links", "the file is 100 MiB; the limit is
/// 64 MiB").
bool readRegularFile(const std::string &path, std::size_t maxBytes, std::string *text, std::string *error);

/// Reads an open descriptor (a file, a pipe, standard input) to its end, or
/// one byte past maxBytes at most: a text longer than maxBytes means the
/// limit was passed. False with *error ("cannot read: ...") when a read fails.
bool readToEnd(int fd, std::size_t maxBytes, std::string *text, std::string *error);

/// A size for a message: "100 bytes", "1.5 KiB", "64 MiB", "64.1 MiB", one
/// decimal at most, rounded up (a size above a limit never reads as the limit).
std::string fileSizeText(unsigned long long bytes);

/// Writes bytes to path so that a reader, a crash or a kill leaves either the
/// old file or the new one, never a mix and never a partial file:
/// - a regular file (or a new one) is written to an unnamed temporary file in
///   the same folder (O_TMPFILE; a named one where the file system has none),
///   flushed to disk, then renamed over the target; the folder is flushed too.
///   An existing file keeps its permissions; a new one gets 0666 less the umask.
/// - a symbolic link is followed: the file it points to is replaced, the link
///   stays.
/// - a target that is not a regular file (a FIFO, /dev/null, /dev/stdout, a
///   terminal) is written into directly: renaming over it would destroy it.
/// Temporary files of this naming that a killed process left in the folder
/// are removed. On failure returns false, sets *error (without the path) and
/// leaves the target as it was.
bool writeFileAtomically(const std::string &path, std::string_view bytes, std::string *error);

/// The prefix of the temporary files writeFileAtomically() names in a folder
/// (for tests): ".<file name>.cqrs-tmp-<pid>-".
std::string atomicWriteTemporaryPrefix(const std::string &fileName);

} // namespace cqrs
