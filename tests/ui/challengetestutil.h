#pragma once

// Shared by the challenge GUI tests (the session, the panel's layout): the
// tiny challenge, the window shown at a desktop size with it open, and
// pictures for the record.

#include "cqrs/ui/challenge/challengecatalog.h"
#include "cqrs/ui/challenge/challengeui.h"
#include "cqrs/ui/shell/mainwindow.h"

#include <QApplication>
#include <QTest>
#include <QWidget>

namespace cqrs::testing {

inline const QString kTiny = QStringLiteral(CQRS_SOURCE_DIR "/tests/data/ui-challenges/tiny.challenge.json");

inline Challenge loadTiny()
{
    ChallengeLoadResult result = loadChallengeFile(kTiny.toStdString());
    if (!result.ok())
        qFatal("tiny.challenge.json does not load");
    return *result.challenge;
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
