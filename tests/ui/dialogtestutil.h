#pragma once

// Shared by the GUI tests that answer the application's message boxes
// (the main window, the file controller): the boxes are modal, so the answer
// is given from a timer while the code under test waits in exec().

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <functional>
#include <memory>

namespace cqrs::testing {

/// What a message box said and which one it was.
struct DialogAnswer
{
    QString seenName;
    QString seenText;
    QStringList seenButtons; ///< the buttons' texts, mnemonics ("&Save") included
    bool answered = false;
};

/// Answers the next modal message box with `button`; records its object
/// name and text in `answer`.
inline void answerNextDialog(DialogAnswer *answer, QMessageBox::StandardButton button)
{
    auto poll = std::make_shared<std::function<void()>>();
    *poll = [answer, button, poll] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            QTimer::singleShot(20, *poll);
            return;
        }
        answer->seenName = box->objectName();
        answer->seenText = box->text() + "\n" + box->informativeText();
        for (QAbstractButton *b : box->buttons())
            answer->seenButtons.append(b->text());
        answer->answered = true;
        box->button(button)->click();
    };
    QTimer::singleShot(20, *poll);
}

} // namespace cqrs::testing
