// Help > User Guide: every page of docs/ is in the guide, opens with its
// title, and its links lead to pages and pictures of the guide; links move
// between pages with Back and Forward; the search keeps the pages that have
// the words and marks them. Help > About says what a bug report needs.
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/shell/userguide.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QToolButton>
#include <QtTest>

using namespace cqrs;

namespace {

const QString kDocs = QStringLiteral(CQRS_SOURCE_DIR "/docs");

/// The first heading of a page as the browser shows it (no '#', no backquotes).
QString headingOf(const QString &file)
{
    QFile f(kDocs + QLatin1Char('/') + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("# "))
            return QString::fromUtf8(line.mid(2)).remove(QLatin1Char('`')).trimmed();
    }
    return {};
}

/// Every link of the page on show, as written.
QStringList linksOf(const QTextBrowser *browser)
{
    QStringList links;
    for (QTextBlock block = browser->document()->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            if (format.isAnchor() && !format.anchorHref().isEmpty()
                && !links.contains(format.anchorHref()))
                links << format.anchorHref();
        }
    }
    return links;
}

/// Every picture of the page on show, as written.
QStringList picturesOf(const QTextBrowser *browser)
{
    QStringList pictures;
    for (QTextBlock block = browser->document()->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            if (format.isImageFormat())
                pictures << format.toImageFormat().name();
        }
    }
    return pictures;
}

int visibleRows(const QListWidget *list)
{
    int n = 0;
    for (int row = 0; row < list->count(); ++row)
        n += list->item(row)->isHidden() ? 0 : 1;
    return n;
}

} // namespace

class TestUserGuide : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void everyPageOfTheDocsIsInTheGuide();
    void everyPageOpensWithItsTitleAndLinksInside();
    void linksMoveBetweenPagesWithBackAndForward();
    void searchKeepsThePagesWithTheWords();
    void helpMenuOpensIt();
    void aboutSaysVersionsAndTheHistory();
};

void TestUserGuide::everyPageOfTheDocsIsInTheGuide()
{
    const QStringList docs
        = QDir(kDocs).entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name);
    QVERIFY(docs.size() > 10);
    QStringList pages = UserGuideWindow::pageFiles();
    pages.sort();
    QCOMPARE(pages, docs);
    for (const QString &file : docs) {
        QVERIFY2(QFile::exists(QStringLiteral(":/guide/") + file),
                 qPrintable(file + QStringLiteral(" is not built in")));
        QVERIFY2(UserGuideWindow::pageTitle(file) != file,
                 qPrintable(file + QStringLiteral(" has no title")));
    }
    // The pictures the pages show are built in too.
    for (const QString &picture : QDir(kDocs + QStringLiteral("/images")).entryList(QDir::Files))
        QVERIFY2(QFile::exists(QStringLiteral(":/guide/images/") + picture), qPrintable(picture));
}

void TestUserGuide::everyPageOpensWithItsTitleAndLinksInside()
{
    UserGuideWindow guide;
    guide.show();
    QVERIFY(QTest::qWaitForWindowExposed(&guide));
    int links = 0;
    int pictures = 0;
    for (const QString &file : UserGuideWindow::pageFiles()) {
        guide.showPage(file);
        QCOMPARE(guide.currentPage(), file);
        QCOMPARE(guide.pageList()->currentItem()->data(Qt::UserRole).toString(), file);
        // Rendered from Markdown: the heading is the first line, without '#'.
        const QString text = guide.browser()->toPlainText();
        QVERIFY2(text.startsWith(headingOf(file)),
                 qPrintable(file + QStringLiteral(": ") + text.left(80)));
        for (const QString &link : linksOf(guide.browser())) {
            const QUrl target = guide.browser()->source().resolved(QUrl(link));
            if (target.scheme() == QLatin1String("http")
                || target.scheme() == QLatin1String("https"))
                continue;
            // Another page of the guide (a page the guide lacks would open blank).
            const QString page = target.adjusted(QUrl::RemoveFragment).fileName();
            QVERIFY2(target.scheme() == QLatin1String("qrc")
                         && UserGuideWindow::pageFiles().contains(page)
                         && target.path() == QStringLiteral("/guide/") + page,
                     qPrintable(file + QStringLiteral(" links to ") + link));
            ++links;
        }
        for (const QString &name : picturesOf(guide.browser())) {
            const QUrl url = guide.browser()->source().resolved(QUrl(name));
            const QImage image = guide.browser()
                                     ->document()
                                     ->resource(QTextDocument::ImageResource, url)
                                     .value<QImage>();
            QVERIFY2(!image.isNull(), qPrintable(file + QStringLiteral(": picture ") + name));
            // A 1920-pixel screenshot fits the page.
            QVERIFY2(image.width() <= guide.browser()->viewport()->width(),
                     qPrintable(QStringLiteral("%1: %2 px in a page %3 px wide")
                                    .arg(name)
                                    .arg(image.width())
                                    .arg(guide.browser()->viewport()->width())));
            ++pictures;
        }
    }
    QVERIFY(links >= 20);
    QVERIFY(pictures >= 2);
}

void TestUserGuide::linksMoveBetweenPagesWithBackAndForward()
{
    UserGuideWindow guide;
    guide.show();
    QVERIFY(QTest::qWaitForWindowExposed(&guide));
    QCOMPARE(guide.currentPage(), QStringLiteral("concepts.md"));
    QCOMPARE(guide.pageList()->currentRow(), 0);
    auto *back = guide.findChild<QToolButton *>(QStringLiteral("guideBack"));
    auto *forward = guide.findChild<QToolButton *>(QStringLiteral("guideForward"));
    QVERIFY(back && forward);
    QVERIFY(!back->isEnabled());
    const QString cli = QStringLiteral("cli.md");
    guide.pageList()->setCurrentRow(int(UserGuideWindow::pageFiles().indexOf(cli)));
    QCOMPARE(guide.currentPage(), cli);

    // A link as the page writes it: the page opens, the list follows.
    const QStringList links = linksOf(guide.browser());
    QVERIFY2(links.contains(QStringLiteral("limits.md")), qPrintable(links.join(QLatin1Char(' '))));
    emit guide.browser()->anchorClicked(QUrl(QStringLiteral("limits.md")));
    QCOMPARE(guide.currentPage(), QStringLiteral("limits.md"));
    QCOMPARE(guide.pageList()->currentItem()->data(Qt::UserRole).toString(),
             QStringLiteral("limits.md"));
    QVERIFY(guide.browser()->toPlainText().startsWith(headingOf(QStringLiteral("limits.md"))));
    QVERIFY(back->isEnabled());

    // Back, then Forward.
    QTest::mouseClick(back, Qt::LeftButton);
    QCOMPARE(guide.currentPage(), cli);
    QCOMPARE(guide.pageList()->currentItem()->data(Qt::UserRole).toString(), cli);
    QVERIFY(forward->isEnabled());
    QTest::mouseClick(forward, Qt::LeftButton);
    QCOMPARE(guide.currentPage(), QStringLiteral("limits.md"));

    // A link to a section: the page opens at its heading, marked.
    emit guide.browser()->anchorClicked(QUrl(QStringLiteral("limits.md#memory-of-a-run")));
    QCOMPARE(guide.currentPage(), QStringLiteral("limits.md"));
    QCOMPARE(guide.browser()->textCursor().selectedText().toLower(),
             QStringLiteral("memory of a run"));
    QVERIFY(guide.browser()->verticalScrollBar()->value() > 0);
    QTest::mouseClick(back, Qt::LeftButton);
    QCOMPARE(guide.currentPage(), QStringLiteral("limits.md"));

    // Back to the first page, then no further.
    QTest::mouseClick(back, Qt::LeftButton);
    QTest::mouseClick(back, Qt::LeftButton);
    QCOMPARE(guide.currentPage(), QStringLiteral("concepts.md"));
    QVERIFY(!back->isEnabled());
}

void TestUserGuide::searchKeepsThePagesWithTheWords()
{
    UserGuideWindow guide;
    guide.show();
    QVERIFY(QTest::qWaitForWindowExposed(&guide));
    const int all = guide.pageList()->count();
    QCOMPARE(visibleRows(guide.pageList()), all);

    // Typed: only the pages that have it, the first of them on show with the words marked.
    QTest::keyClicks(guide.searchField(), QStringLiteral("Replay on Canvas"));
    const int kept = visibleRows(guide.pageList());
    QVERIFY2(kept >= 1 && kept < all, qPrintable(QString::number(kept)));
    for (int row = 0; row < guide.pageList()->count(); ++row) {
        QListWidgetItem *item = guide.pageList()->item(row);
        QFile f(kDocs + QLatin1Char('/') + item->data(Qt::UserRole).toString());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(!item->isHidden(),
                 QString::fromUtf8(f.readAll())
                     .contains(QStringLiteral("Replay on Canvas"), Qt::CaseInsensitive));
    }
    QVERIFY(!guide.pageList()
                 ->item(UserGuideWindow::pageFiles().indexOf(guide.currentPage()))
                 ->isHidden());
    QCOMPARE(guide.browser()->textCursor().selectedText().toLower(),
             QStringLiteral("replay on canvas"));
    auto *found = guide.findChild<QLabel *>(QStringLiteral("guideFound"));
    QVERIFY(found && found->isVisible());
    QVERIFY2(found->text().contains(QString::number(kept)), qPrintable(found->text()));
    QVERIFY2(!found->text().contains(QStringLiteral("(s)")), qPrintable(found->text()));

    // Enter goes to the next match, and the guide stays open: it used to
    // press the guide's Close button too.
    guide.activateWindow();
    guide.searchField()->setFocus();
    QTest::keyClick(guide.searchField(), Qt::Key_Return);
    QVERIFY(guide.isVisible());
    QCOMPARE(guide.browser()->textCursor().selectedText().toLower(),
             QStringLiteral("replay on canvas"));

    // Words no page has: said so.
    guide.searchField()->setText(QStringLiteral("zzqx no such words"));
    QCOMPARE(visibleRows(guide.pageList()), 0);
    QVERIFY2(found->text().contains(QStringLiteral("No page")), qPrintable(found->text()));

    // Cleared: every page again.
    guide.searchField()->clear();
    QCOMPARE(visibleRows(guide.pageList()), all);
    QVERIFY(!found->isVisible());
}

void TestUserGuide::helpMenuOpensIt()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *action = window.findChild<QAction *>(QStringLiteral("userGuideAction"));
    QVERIFY(action);
    action->trigger();
    auto *guide = window.findChild<UserGuideWindow *>();
    QVERIFY(guide);
    QTRY_VERIFY(guide->isVisible());
    QVERIFY(!guide->isModal());
    QVERIFY(guide->browser()->toPlainText().startsWith(headingOf(QStringLiteral("concepts.md"))));
    // Once per window: the same guide again.
    action->trigger();
    QCOMPARE(window.findChildren<UserGuideWindow *>().size(), 1);
}

void TestUserGuide::aboutSaysVersionsAndTheHistory()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("about-runs.sqlite"));
    qputenv("CQRS_STUDIO_DB", db.toLocal8Bit());
    QApplication::setApplicationVersion(QStringLiteral("9.8.7-about"));
    MainWindow window;
    const QString text = window.aboutText();
    qunsetenv("CQRS_STUDIO_DB");
    // What a bug report needs: the version, the Qt versions, the history's file.
    QVERIFY2(text.contains(QStringLiteral("9.8.7-about")), qPrintable(text));
    QVERIFY2(text.contains(QString::fromLatin1(qVersion())), qPrintable(text));
    QVERIFY2(text.contains(QDir::toNativeSeparators(db)), qPrintable(text));
    QVERIFY(window.findChild<QAction *>(QStringLiteral("about")));
    QVERIFY(window.findChild<QAction *>(QStringLiteral("aboutQt")));
}

QTEST_MAIN(TestUserGuide)
#include "tst_userguide.moc"
