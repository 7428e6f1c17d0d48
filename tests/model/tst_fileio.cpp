// The one reader and atomic writer under every file the programs read or write.
#include <cqrs/model/fileio.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace cqrs;

namespace {

std::string readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "<unreadable>";
    return f.readAll().toStdString();
}

void writeText(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

mode_t modeOf(const QString &path)
{
    struct stat info
    {
    };
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_mode : 0;
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
}

} // namespace

class TestFileIo : public QObject
{
    Q_OBJECT

private slots:
    void readsRegularFile();
    void readRefusesWhatIsNotARegularFile();
    void readRefusesOverTheLimit();
    void readNamesASymlinkLoop();
    void writeReplacesAndLeavesNoTemporary();
    void writeKeepsPermissions();
    void writeFollowsSymlinks();
    void writeIntoFifoAndDevices();
    void writeRemovesStaleTemporaries();
    void writeFailureLeavesNothingBehind();
    void writeUnderDevIsAnOrdinaryFile();

private:
    QTemporaryDir m_dir;
};

void TestFileIo::readsRegularFile()
{
    const QString path = m_dir.filePath("a.txt");
    writeText(path, "hello");
    std::string text, error;
    QVERIFY2(readRegularFile(path.toStdString(), 100, &text, &error), error.c_str());
    QCOMPARE(text, std::string("hello"));
    QVERIFY(!readRegularFile(m_dir.filePath("missing").toStdString(), 100, &text, &error));
    QCOMPARE(error, std::string("no such file or directory"));
}

// A FIFO with no writer would block a plain open() forever; it must be
// refused at once.
void TestFileIo::readRefusesWhatIsNotARegularFile()
{
    const QString fifo = m_dir.filePath("fifo");
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    std::string text, error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!readRegularFile(fifo.toStdString(), 100, &text, &error));
    QVERIFY(timer.elapsed() < 2000);
    QCOMPARE(error, std::string("not a regular file (a FIFO)"));

    QVERIFY(!readRegularFile(m_dir.path().toStdString(), 100, &text, &error));
    QCOMPARE(error, std::string("not a regular file (a directory)"));
    QVERIFY(!readRegularFile("/dev/zero", 100, &text, &error));
    QCOMPARE(error, std::string("not a regular file (a character device)"));
}

void TestFileIo::readRefusesOverTheLimit()
{
    const QString path = m_dir.filePath("big.txt");
    writeText(path, QByteArray(101, 'x'));
    std::string text, error;
    QVERIFY(!readRegularFile(path.toStdString(), 100, &text, &error));
    QCOMPARE(error, std::string("the file is 101 bytes; the limit is 100 bytes"));
    QVERIFY(readRegularFile(path.toStdString(), 101, &text, &error));
    QCOMPARE(text.size(), std::size_t(101));

    // The model limit: the file's size is said, in MiB (a sparse file: no disk used).
    const QString huge = m_dir.filePath("huge.cqrs.json");
    QFile file(huge);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(100ll * 1024 * 1024));
    file.close();
    QVERIFY(!readRegularFile(huge.toStdString(), 64u * 1024u * 1024u, &text, &error));
    QCOMPARE(error, std::string("the file is 100 MiB; the limit is 64 MiB"));

    QCOMPARE(fileSizeText(1), std::string("1 byte"));
    QCOMPARE(fileSizeText(1023), std::string("1023 bytes"));
    QCOMPARE(fileSizeText(1536), std::string("1.5 KiB"));
    QCOMPARE(fileSizeText(64ull * 1024 * 1024), std::string("64 MiB"));
    QCOMPARE(fileSizeText(64ull * 1024 * 1024 + 1), std::string("64.1 MiB")); // never "64 MiB" above the limit
}

void TestFileIo::readNamesASymlinkLoop()
{
    const QString a = m_dir.filePath("loop-a"), b = m_dir.filePath("loop-b");
    QVERIFY(QFile::link(b, a));
    QVERIFY(QFile::link(a, b));
    std::string text, error;
    QVERIFY(!readRegularFile(a.toStdString(), 100, &text, &error));
    QCOMPARE(error, std::string("too many levels of symbolic links"));
    QVERIFY(!writeFileAtomically(a.toStdString(), "x", &error));
    QCOMPARE(error, std::string("too many levels of symbolic links"));
}

void TestFileIo::writeReplacesAndLeavesNoTemporary()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("out.json");
    std::string error;
    QVERIFY2(writeFileAtomically(path.toStdString(), "first", &error), error.c_str());
    QVERIFY2(writeFileAtomically(path.toStdString(), "second", &error), error.c_str());
    QCOMPARE(readAll(path), std::string("second"));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("out.json")});
    // A new file gets 0666 less the umask, as any program's new file does.
    const mode_t mask = ::umask(022);
    ::umask(mask);
    QCOMPARE(modeOf(path) & 0777, 0666 & ~mask);
}

void TestFileIo::writeKeepsPermissions()
{
    const QString path = m_dir.filePath("secret.json");
    writeText(path, "old");
    QCOMPARE(::chmod(QFile::encodeName(path).constData(), 0600), 0);
    std::string error;
    QVERIFY2(writeFileAtomically(path.toStdString(), "new", &error), error.c_str());
    QCOMPARE(modeOf(path) & 07777, mode_t(0600));
    QCOMPARE(readAll(path), std::string("new"));
}

// The link stays a link; the file it points to gets the new bytes (also
// through a relative link and a dangling one).
void TestFileIo::writeFollowsSymlinks()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir("real"));
    const QString target = dir.filePath("real/data.json");
    writeText(target, "old");
    const QString link = dir.filePath("link.json");
    QCOMPARE(::symlink("real/data.json", QFile::encodeName(link).constData()), 0);
    std::string error;
    QVERIFY2(writeFileAtomically(link.toStdString(), "new", &error), error.c_str());
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(readAll(target), std::string("new"));

    const QString dangling = dir.filePath("dangling.json");
    QCOMPARE(::symlink("real/created.json", QFile::encodeName(dangling).constData()), 0);
    QVERIFY2(writeFileAtomically(dangling.toStdString(), "made", &error), error.c_str());
    QVERIFY(QFileInfo(dangling).isSymLink());
    QCOMPARE(readAll(dir.filePath("real/created.json")), std::string("made"));
    QCOMPARE(entries(dir.filePath("real")), (QStringList{QStringLiteral("created.json"), QStringLiteral("data.json")}));
}

// Renaming over a FIFO or a device would replace it with a regular file.
void TestFileIo::writeIntoFifoAndDevices()
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath("pipe");
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    std::string received;
    std::thread reader([&] { received = readAll(fifo); });
    std::string error;
    const bool written = writeFileAtomically(fifo.toStdString(), "through the pipe", &error);
    reader.join();
    QVERIFY2(written, error.c_str());
    QCOMPARE(received, std::string("through the pipe"));
    QVERIFY(S_ISFIFO(modeOf(fifo)));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("pipe")});

    QVERIFY2(writeFileAtomically("/dev/null", "discarded", &error), error.c_str());
    QVERIFY(S_ISCHR(modeOf(QStringLiteral("/dev/null"))));

    // /proc/self/fd/N (what /dev/stdout is) reaches the descriptor.
    int fds[2];
    QCOMPARE(::pipe(fds), 0);
    QVERIFY2(writeFileAtomically("/proc/self/fd/" + std::to_string(fds[1]), "via fd", &error), error.c_str());
    ::close(fds[1]);
    char buffer[32] = {};
    QCOMPARE(::read(fds[0], buffer, sizeof buffer), ssize_t(6));
    ::close(fds[0]);
    QCOMPARE(std::string(buffer), std::string("via fd"));
}

// A process killed while writing leaves a temporary of its own naming where
// O_TMPFILE is not available; the next write cleans those of dead processes.
void TestFileIo::writeRemovesStaleTemporaries()
{
    QTemporaryDir dir;
    const QString stale = dir.filePath(".result.json.cqrs-tmp-999999999-ab12");
    writeText(stale, "half");
    const QString live = dir.filePath(QString::fromStdString(atomicWriteTemporaryPrefix("result.json")) + "x");
    writeText(live, "this process: in use");
    const QString other = dir.filePath(".other.json.cqrs-tmp-999999999-cd34");
    writeText(other, "another file's");
    std::string error;
    QVERIFY2(writeFileAtomically(dir.filePath("result.json").toStdString(), "done", &error), error.c_str());
    QVERIFY(!QFile::exists(stale));
    QVERIFY(QFile::exists(live));
    QVERIFY(QFile::exists(other));
}

// Only descriptor names are written through; a regular file under /dev
// (/dev/shm) is replaced like any other, not appended to.
void TestFileIo::writeUnderDevIsAnOrdinaryFile()
{
    if (!QFileInfo(QStringLiteral("/dev/shm")).isDir())
        QSKIP("no /dev/shm here");
    const std::string path = "/dev/shm/cqrs-fileio-" + std::to_string(::getpid()) + ".json";
    std::string error, text;
    QVERIFY2(writeFileAtomically(path, "first", &error), error.c_str());
    QVERIFY2(writeFileAtomically(path, "second", &error), error.c_str());
    QVERIFY(readRegularFile(path, 100, &text, &error));
    ::unlink(path.c_str());
    QCOMPARE(text, std::string("second"));
}

// The old file surviving a failed write is checked through saveModelFile in
// tst_model_json (saveFailureLeavesOldFileIntact: a write cut short by the
// file size limit); here: failures leave nothing of their own behind.
void TestFileIo::writeFailureLeavesNothingBehind()
{
    QTemporaryDir dir;
    std::string error;
    QVERIFY(!writeFileAtomically(dir.filePath("missing/out.json").toStdString(), "x", &error));
    QVERIFY2(error.find("no such file or directory") != std::string::npos, error.c_str());

    QVERIFY(QDir(dir.path()).mkpath("target.json/inner"));
    QVERIFY(!writeFileAtomically(dir.filePath("target.json").toStdString(), "x", &error));
    QCOMPARE(error, std::string("cannot replace the file: it is a directory"));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("target.json")});
}

QTEST_GUILESS_MAIN(TestFileIo)
#include "tst_fileio.moc"
