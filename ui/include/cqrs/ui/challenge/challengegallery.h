#pragma once

#include "cqrs/ui/challenge/challengecatalog.h"

#include <QDialog>
#include <map>
#include <set>
#include <string>

class QCheckBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace cqrs {

/// File > Challenges...: a card per challenge (title, level, suggested
/// minutes, the best score recorded in the run history), an Interview mode
/// checkbox, and Open Challenge File... for any *.challenge.json. A file
/// that cannot be loaded gets a card that says why.
class ChallengeGallery final : public QDialog
{
    Q_OBJECT

public:
    /// Lists `entries` with the scores of `best` (by challenge id); those of
    /// `givenUp` without a score say that their solution was seen.
    ChallengeGallery(const QList<ChallengeEntry> &entries,
                     const std::map<std::string, double> &best,
                     const std::set<std::string> &givenUp = {}, QWidget *parent = nullptr);
    /// The shipped challenges and the user's history.
    explicit ChallengeGallery(QWidget *parent = nullptr);

    /// The chosen file (a card, or one picked with Open Challenge File...).
    QString selectedPath() const;
    bool interviewMode() const;

    QListWidget *list() const { return m_list; }
    QCheckBox *interviewBox() const { return m_interview; }
    QPushButton *openFileButton() const { return m_openFile; }
    /// The text a card shows (for tests and screen readers).
    QString cardText(int row) const;

private:
    /// The shipped challenges, scanned once for the list and their scores.
    struct Shipped
    {
        QList<ChallengeEntry> entries;
        ChallengeStanding standing;
    };
    /// The shipped challenges, with the user's scores and give-ups.
    static Shipped findShipped();
    ChallengeGallery(const Shipped &shipped, QWidget *parent);
    /// Sizes the dialog to three cards a row and, where the screen has room, every row.
    void fitCards();
    QListWidget *m_list;
    QCheckBox *m_interview;
    QPushButton *m_openFile;
    QPushButton *m_openButton;
    QLabel *m_details;
    QString m_pickedPath;
    QList<ChallengeEntry> m_entries;
};

} // namespace cqrs
