#pragma once

#include <QDialog>
#include <QStringList>

class QLabel;
class QLineEdit;
class QListWidget;
class QTextBrowser;
class QToolButton;

namespace cqrs {

/// Help > User Guide: the user's documentation (the pages of docs/, built
/// into the program), read with Qt's own Markdown: a list of the pages, a
/// search over all of them, links between pages, Back and Forward.
class UserGuideWindow final : public QDialog
{
    Q_OBJECT

public:
    explicit UserGuideWindow(QWidget *parent = nullptr);

    /// The guide's pages in reading order: file names ("concepts.md").
    static QStringList pageFiles();
    /// The title of a page in the list ("Concepts").
    static QString pageTitle(const QString &file);

    /// Shows `file` ("traces.md"), optionally at a fragment.
    void showPage(const QString &file);
    /// The file of the page on show ("" before any).
    QString currentPage() const;
    /// Keeps the pages that contain `text` (all when empty) and marks its
    /// first place on the page on show.
    void search(const QString &text);

    QTextBrowser *browser() const { return m_browser; }
    QListWidget *pageList() const { return m_pages; }
    QLineEdit *searchField() const { return m_search; }

    /// Shows the guide of `parent` (one per window, created on first use),
    /// not modal, so it can stay open beside the canvas.
    /// With `at`, the page scrolls to the first place of that text (a heading).
    static UserGuideWindow *showFor(QWidget *parent, const QString &file = QString(),
                                    const QString &at = QString());

private:
    QLineEdit *m_search;
    QListWidget *m_pages;
    QLabel *m_found;
    QToolButton *m_back;
    QToolButton *m_forward;
    QTextBrowser *m_browser;
    void selectCurrentInList();
    /// Scrolls the page to the first place of `text` and marks it.
    void scrollToText(const QString &text);
};

} // namespace cqrs
