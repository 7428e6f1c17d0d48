#pragma once

// Shared by the challenge GUI tests (the session, the panel's layout): the
// tiny challenge, the window shown at a desktop size with it open, and
// pictures for the record.

#include "cqrs/ui/challenge/challengecatalog.h"
#include "cqrs/ui/challenge/challengeui.h"
#include "cqrs/ui/shell/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

namespace cqrs::testing {

/// Settings, home folder (where the debrief's save dialog starts) and run
/// history of the test program `name` in `dir`, set before the settings find
/// their file; returns the history's path.
inline QString isolateChallengeTest(const QTemporaryDir &dir, const char *name)
{
    qputenv("HOME", QFile::encodeName(dir.path()));
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName("cqrs-studio-tests");
    QApplication::setApplicationName(name);
    QSettings().clear();
    QDir().mkpath(QStringLiteral(CQRS_BINARY_DIR "/screenshots"));
    const QString db = dir.filePath(QStringLiteral("runs.sqlite"));
    qputenv("CQRS_STUDIO_DB", QFile::encodeName(db));
    return db;
}

inline const QString kTiny = QStringLiteral(CQRS_SOURCE_DIR "/tests/data/ui-challenges/tiny.challenge.json");

inline Challenge loadTiny()
{
    ChallengeLoadResult result = loadChallengeFile(kTiny.toStdString());
    if (!result.ok())
        qFatal("tiny.challenge.json does not load");
    return *result.challenge;
}

/// The window at `size`, shown, with the tiny challenge open (practice).
inline bool openShownAt(MainWindow &window, QSize size)
{
    window.resize(size);
    window.show();
    return QTest::qWaitForWindowExposed(&window) && window.challengeUi()->openChallengeFile(kTiny, false);
}

/// The window at a desktop size, shown, with the challenge open.
inline bool openShown(MainWindow &window, const QString &file = kTiny, bool interview = false)
{
    window.resize(1600, 1000);
    window.show();
    return QTest::qWaitForWindowExposed(&window) && window.challengeUi()->openChallengeFile(file, interview);
}

/// The window's picture, in the build's screenshots folder.
inline void shot(QWidget *window, const QString &name)
{
    QApplication::processEvents();
    QVERIFY(window->grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/") + name));
}

} // namespace cqrs::testing
