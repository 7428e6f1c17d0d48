#include <cqrs/model/fileio.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <utility>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cqrs {

namespace {

constexpr int kMaxSymlinkHops = 40;

bool setError(std::string *error, std::string message)
{
    if (error)
        *error = std::move(message);
    return false;
}

// "no such file or directory": strerror's text, to follow a colon.
std::string errnoText(int code)
{
    std::string text = std::strerror(code);
    if (!text.empty() && text.front() >= 'A' && text.front() <= 'Z')
        text.front() = static_cast<char>(text.front() - 'A' + 'a');
    return text;
}

/// Closes a descriptor on every path out of a function.
class FileDescriptor
{
public:
    explicit FileDescriptor(int fd = -1) : m_fd(fd) {}
    FileDescriptor(const FileDescriptor &) = delete;
    FileDescriptor &operator=(const FileDescriptor &) = delete;
    ~FileDescriptor() { reset(); }
    int get() const { return m_fd; }
    void reset(int fd = -1)
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }
    int release() { return std::exchange(m_fd, -1); }

private:
    int m_fd;
};

std::string kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a plain file";
}

std::string folderOf(const std::string &path)
{
    const auto slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string fileNameOf(const std::string &path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool writeAll(int fd, std::string_view bytes, std::string *error)
{
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return setError(error, "cannot write: " + errnoText(errno));
        }
        written += static_cast<std::size_t>(n);
    }
    return true;
}

// A name of an open descriptor (/dev/stdout, /dev/fd/1, /proc/self/fd/1):
// whatever it is connected to (a pipe, a terminal, a file the shell opened)
// must be written through, never replaced. Other paths under /dev or /proc
// (such as /dev/shm) are ordinary files or devices, told apart by stat.
bool isDescriptorPath(const std::string &path)
{
    if (path == "/dev/stdout" || path == "/dev/stderr" || path.rfind("/dev/fd/", 0) == 0)
        return true;
    if (path.rfind("/proc/", 0) != 0)
        return false;
    const auto fd = path.find("/fd/");
    return fd != std::string::npos && path.find('/', fd + 4) == std::string::npos;
}

// Follows a chain of symbolic links to the path that is finally written. A
// dangling link resolves to where it points (the file is created there).
std::optional<std::string> resolveLinks(std::string path, std::string *error)
{
    for (int hop = 0; hop <= kMaxSymlinkHops; ++hop) {
        if (isDescriptorPath(path))
            return path; // its "link" names a pipe or a terminal, not a path
        struct stat info
        {
        };
        if (::lstat(path.c_str(), &info) != 0) {
            if (errno == ENOENT)
                return path;
            setError(error, errnoText(errno));
            return std::nullopt;
        }
        if (!S_ISLNK(info.st_mode))
            return path;
        std::string target(4096, '\0');
        const ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
        if (n < 0 || static_cast<std::size_t>(n) >= target.size()) {
            setError(error, n < 0 ? errnoText(errno) : std::string("symbolic link target too long"));
            return std::nullopt;
        }
        target.resize(static_cast<std::size_t>(n));
        path = target.front() == '/' ? target : folderOf(path) + "/" + target;
    }
    setError(error, errnoText(ELOOP));
    return std::nullopt;
}


// Temporaries named by a process that no longer runs are leftovers of a kill.
void removeStaleTemporaries(const std::string &folder, const std::string &fileName)
{
    const std::string prefix = "." + fileName + ".cqrs-tmp-";
    DIR *dir = ::opendir(folder.c_str());
    if (!dir)
        return;
    while (const dirent *entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name.rfind(prefix, 0) != 0)
            continue;
        const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
        if (pid <= 0 || pid == ::getpid())
            continue;
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            ::unlinkat(::dirfd(dir), name.c_str(), 0);
    }
    ::closedir(dir);
}

// Writes straight into a FIFO, a device or a descriptor path: these must
// not be replaced.
bool writeInPlace(const std::string &path, std::string_view bytes, std::string *error)
{
    FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0)
        return setError(error, "cannot open for writing: " + errnoText(errno));
    // /dev/stdout redirected to a file: add to what the shell left there
    // (truncated for >, kept for >>) instead of overwriting it from offset 0.
    struct stat info
    {
    };
    if (::fstat(fd.get(), &info) == 0 && S_ISREG(info.st_mode)) {
        const int flags = ::fcntl(fd.get(), F_GETFL);
        if (flags >= 0)
            ::fcntl(fd.get(), F_SETFL, flags | O_APPEND);
    }
    if (!writeAll(fd.get(), bytes, error))
        return false;
    if (::close(fd.release()) != 0)
        return setError(error, "cannot close: " + errnoText(errno));
    return true;
}

// The process's umask without changing it (umask() would race with other
// threads creating files).
mode_t currentUmask()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("Umask:", 0) == 0)
            return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
    }
    return 022;
}

std::string uniqueSuffix()
{
    static std::atomic<unsigned> counter{0};
    const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    return std::to_string(counter++) + "-" + std::to_string(static_cast<unsigned long long>(ticks) % 1000000007ull);
}

} // namespace

std::string atomicWriteTemporaryPrefix(const std::string &fileName)
{
    return "." + fileName + ".cqrs-tmp-" + std::to_string(::getpid()) + "-";
}

std::string fileSizeText(unsigned long long bytes)
{
    if (bytes < 1024)
        return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
    const bool mebi = bytes >= 1024ull * 1024ull;
    const unsigned long long unit = mebi ? 1024ull * 1024ull : 1024ull;
    // Tenths of the unit, rounded up.
    const unsigned long long tenths = bytes / unit * 10 + ((bytes % unit) * 10 + unit - 1) / unit;
    std::string text = std::to_string(tenths / 10);
    if (tenths % 10 != 0) {
        text.push_back('.');
        text.push_back(static_cast<char>('0' + tenths % 10));
    }
    text.append(mebi ? " MiB" : " KiB");
    return text;
}

bool readToEnd(int fd, std::size_t maxBytes, std::string *text, std::string *error)
{
    char buffer[1 << 16];
    while (text->size() <= maxBytes) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return setError(error, "cannot read: " + errnoText(errno));
        }
        if (n == 0)
            break;
        text->append(buffer, static_cast<std::size_t>(n));
    }
    return true;
}

bool readRegularFile(const std::string &path, std::size_t maxBytes, std::string *text, std::string *error)
{
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0)
        return setError(error, errnoText(errno));
    struct stat info
    {
    };
    if (::fstat(fd.get(), &info) != 0)
        return setError(error, errnoText(errno));
    if (!S_ISREG(info.st_mode))
        return setError(error, "not a regular file (" + kindOf(info.st_mode) + ")");
    if (static_cast<unsigned long long>(info.st_size) > maxBytes)
        return setError(error, "the file is " + fileSizeText(static_cast<unsigned long long>(info.st_size))
                                   + "; the limit is " + fileSizeText(maxBytes));
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags >= 0)
        ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);

    std::string result;
    result.reserve(static_cast<std::size_t>(info.st_size));
    // The file may grow while it is read.
    if (!readToEnd(fd.get(), maxBytes, &result, error))
        return false;
    if (result.size() > maxBytes)
        return setError(error, "the file grew past the limit of " + fileSizeText(maxBytes) + " while it was read");
    *text = std::move(result);
    return true;
}

bool writeFileAtomically(const std::string &path, std::string_view bytes, std::string *error)
{
    if (path.empty())
        return setError(error, "no file name");
    const std::optional<std::string> resolved = resolveLinks(path, error);
    if (!resolved)
        return false;
    const std::string &target = *resolved;

    struct stat old
    {
    };
    const bool exists = ::stat(target.c_str(), &old) == 0;
    if (exists && S_ISDIR(old.st_mode))
        return setError(error, "cannot replace the file: it is a directory");
    if (isDescriptorPath(target) || (exists && !S_ISREG(old.st_mode)))
        return writeInPlace(target, bytes, error);

    const std::string folder = folderOf(target);
    const std::string fileName = fileNameOf(target);
    removeStaleTemporaries(folder, fileName);

    // The temporary gets a name only at the end (linkat), so a kill before
    // then leaves nothing behind; without O_TMPFILE it is named at once.
    std::string temp = folder + "/" + atomicWriteTemporaryPrefix(fileName) + "XXXXXX";
    FileDescriptor fd(::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666));
    const bool unnamed = fd.get() >= 0;
    if (!unnamed) {
        fd.reset(::mkstemp(temp.data()));
        if (fd.get() < 0)
            return setError(error, "cannot create a temporary file in " + folder + ": " + errnoText(errno));
        // mkstemp makes the file 0600; a new file gets what open() would give.
        ::fchmod(fd.get(), 0666 & ~currentUmask());
    }
    bool named = !unnamed;
    auto abandon = [&](std::string message) {
        fd.reset();
        if (named)
            ::unlink(temp.c_str());
        return setError(error, std::move(message));
    };
    if (exists)
        ::fchmod(fd.get(), old.st_mode & 07777);
    std::string writeError;
    if (!writeAll(fd.get(), bytes, &writeError))
        return abandon(writeError);
    if (::fsync(fd.get()) != 0)
        return abandon("cannot flush to disk: " + errnoText(errno));
    if (unnamed) {
        // A unique name for the finished file, then one atomic rename.
        const std::string procPath = "/proc/self/fd/" + std::to_string(fd.get());
        for (int attempt = 0; !named && attempt < 100; ++attempt) {
            temp = folder + "/" + atomicWriteTemporaryPrefix(fileName) + uniqueSuffix();
            if (::linkat(AT_FDCWD, procPath.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) == 0)
                named = true;
            else if (errno != EEXIST)
                return abandon("cannot create the file in " + folder + ": " + errnoText(errno));
        }
        if (!named)
            return abandon("cannot create the file in " + folder + ": no free temporary name");
    }
    if (::close(fd.release()) != 0)
        return abandon("cannot close: " + errnoText(errno));
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        const int code = errno;
        ::unlink(temp.c_str());
        return setError(error, "cannot replace the file: " + errnoText(code));
    }
    // Make the rename itself durable.
    FileDescriptor dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() >= 0)
        ::fsync(dir.get());
    return true;
}

} // namespace cqrs
