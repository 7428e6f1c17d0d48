#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

class QFileSystemWatcher;

namespace cqrs {

class Document;

/// Notices when another program changes the document's file (a git pull or
/// checkout, an editor): the model as last read or written here is
/// remembered by the file's content, so a save that rewrites the same bytes,
/// or a tool that only touches the file, is no change. Editors and git that
/// replace the file by renaming another over it are followed too.
class FileWatch : public QObject
{
    Q_OBJECT

public:
    explicit FileWatch(Document *document, QObject *parent = nullptr);

    /// The file's content now is the document's: after it was opened, saved
    /// or reloaded.
    void remember();
    /// Whether the file differs from what was read or written here, and is
    /// not a version the user chose to keep theirs over (not offered for
    /// reloading again).
    bool changedOnDisk() const;
    /// Whether the file differs from what was read or written here, a kept
    /// version too: saving over it asks first.
    bool differsFromOurs() const;
    /// Whether the user chose to keep their model over the file's content as
    /// it is now.
    bool keptOverCurrent() const;
    /// The file's content as it is now, to name the version a question is
    /// about (empty when it cannot be read).
    QByteArray diskVersion() const { return diskHash(); }
    /// The user keeps their model over that version of the file (a newer
    /// one that came while they were asked is asked about again): it is not
    /// offered for reloading again; saving over it still asks (their changes would go).
    void keepMine(const QByteArray &version);

signals:
    /// The file changed on disk and differs from the document's version;
    /// sent once the application is in front (a question while the user
    /// works in a terminal would wait unseen).
    void changed();
    /// The file is gone (deleted, or moved away): once, until it is back.
    void removed();

private:
    void watch();
    void check();
    QByteArray diskHash() const;

    Document *m_document;
    QFileSystemWatcher *m_watcher;
    QTimer m_settle; ///< a writer's several steps, one check
    QString m_path;
    QByteArray m_known; ///< the file's content hash as read or written here
    QByteArray m_kept;  ///< a changed content the user chose not to load
    bool m_checkWhenActive = false;
    bool m_gone = false;
};

} // namespace cqrs
