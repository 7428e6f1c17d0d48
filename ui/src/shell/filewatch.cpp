#include "cqrs/ui/shell/filewatch.h"

#include "cqrs/ui/document/document.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QGuiApplication>

namespace cqrs {

namespace {
constexpr int kSettleMilliseconds = 200;
} // namespace

FileWatch::FileWatch(Document *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_watcher(new QFileSystemWatcher(this))
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMilliseconds);
    connect(&m_settle, &QTimer::timeout, this, &FileWatch::check);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, &m_settle, qOverload<>(&QTimer::start));
    // A file replaced by a rename is no longer watched: its folder says so.
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, &m_settle,
            qOverload<>(&QTimer::start));
    connect(m_document, &Document::filePathChanged, this, &FileWatch::remember);
    // Queued: not inside the window system's activation.
    connect(
        qApp, &QGuiApplication::applicationStateChanged, this,
        [this](Qt::ApplicationState state) {
            if (state == Qt::ApplicationActive && m_checkWhenActive)
                check();
        },
        Qt::QueuedConnection);
}

QByteArray FileWatch::diskHash() const
{
    QFile file(m_path);
    if (m_path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

void FileWatch::remember()
{
    m_path = m_document->filePath();
    m_known = diskHash();
    m_kept.clear();
    m_checkWhenActive = false;
    m_gone = false;
    watch();
}

void FileWatch::watch()
{
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    if (m_path.isEmpty())
        return;
    if (QFileInfo::exists(m_path))
        m_watcher->addPath(m_path);
    m_watcher->addPath(QFileInfo(m_path).absolutePath());
}

bool FileWatch::changedOnDisk() const
{
    if (m_path.isEmpty() || m_known.isEmpty())
        return false;
    const QByteArray now = diskHash();
    // A file gone (a checkout between branches) is nothing to load; saving
    // puts it back.
    return !now.isEmpty() && now != m_known && now != m_kept;
}

bool FileWatch::differsFromOurs() const
{
    if (m_path.isEmpty() || m_known.isEmpty())
        return false;
    const QByteArray now = diskHash();
    return !now.isEmpty() && now != m_known;
}

bool FileWatch::keptOverCurrent() const
{
    return !m_kept.isEmpty() && diskHash() == m_kept;
}

void FileWatch::keepMine(const QByteArray &version)
{
    m_kept = version;
}

void FileWatch::check()
{
    if (m_path != m_document->filePath())
        return;
    const bool exists = QFileInfo::exists(m_path);
    if (!m_watcher->files().contains(m_path) && exists)
        m_watcher->addPath(m_path);
    // A checkout between branches removes and writes again in a moment:
    // only a file still gone after the settling is said to be.
    if (!exists && !m_known.isEmpty() && !m_gone) {
        m_gone = true;
        emit removed();
        return;
    }
    if (exists)
        m_gone = false;
    if (!changedOnDisk())
        return;
    if (QGuiApplication::applicationState() != Qt::ApplicationActive) {
        m_checkWhenActive = true;
        return;
    }
    m_checkWhenActive = false;
    emit changed();
}

} // namespace cqrs
