#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

namespace cqrs {

class Document;

/// Keeps a recovery copy of a document's unsaved changes, so that a crash or a
/// kill loses at most the last few seconds of work: a valid model file in
/// `AppDataLocation/recovery/`, written atomically at most 5 s after the last
/// edit (2 s after typing stops, and at least every 5 s while it goes on).
/// The copy is removed when the document is saved, when its changes are undone
/// back to the saved state, and on discard().
class RecoveryWriter final : public QObject
{
    Q_OBJECT

public:
    static constexpr int kIdleMs = 2000;
    static constexpr int kDeadlineMs = 5000;

    explicit RecoveryWriter(Document *document, QObject *parent = nullptr);
    ~RecoveryWriter() override;

    /// Where this process keeps its copy (one per writer).
    QString copyPath() const { return m_copyPath; }
    /// Writes the copy now if the document has unsaved changes.
    void flush();
    /// Removes the copy: the user saved, or chose to throw the changes away.
    void discard();
    /// The last write's error, empty when it worked.
    QString lastError() const { return m_lastError; }

signals:
    void copyWritten(const QString &path);
    /// The copy could not be written (a full disk, a read-only folder):
    /// unsaved work is not protected until a later write succeeds.
    void copyFailed(const QString &error);

private:
    void schedule();

    Document *m_document;
    QString m_copyPath;
    QString m_metaPath;
    QString m_lastError;
    QTimer m_idle;
    QTimer m_deadline;
};

/// A recovery copy left by a process that is gone (it crashed or was killed).
struct RecoveryEntry
{
    QString copyPath;     ///< the model as it was
    QString metaPath;     ///< what it belonged to
    QString originalPath; ///< the file the user was editing; empty when untitled
    QString modelName;
    QDateTime writtenAt;
};

/// The folder recovery copies live in (created on demand).
QString recoveryFolder();
/// Copies whose process no longer runs, newest first.
QList<RecoveryEntry> orphanedRecoveries();
/// Deletes a copy and its description.
void removeRecovery(const RecoveryEntry &entry);
/// Loads a copy into the document as unsaved changes to its original file
/// (nothing is written to that file until the user saves). The copy stays
/// until the caller has a new one (RecoveryWriter::flush()), then it goes
/// with removeRecovery(). False and *error when the copy cannot be read.
bool restoreRecovery(const RecoveryEntry &entry, Document *document, QString *error = nullptr);

} // namespace cqrs
