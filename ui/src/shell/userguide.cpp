#include "cqrs/ui/shell/userguide.h"

#include "cqrs/ui/common/focusring.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/common/windowkeys.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFile>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHash>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBlock>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

// The guide's pages live in the static library's resources: make sure the linker keeps them.
static void initGuideResources()
{
    Q_INIT_RESOURCE(guide);
}

namespace cqrs {

namespace {

const QString kRoot = QStringLiteral("qrc:/guide/");

/// A page's resource, or its fragment-free file name when `url` is one of the guide's.
QString guideFile(const QUrl &url)
{
    const QString whole = url.adjusted(QUrl::RemoveFragment | QUrl::RemoveQuery).toString();
    return whole.startsWith(kRoot) ? whole.mid(kRoot.size()) : QString();
}

/// A page's Markdown, read from the resources once (the search reads every
/// page at each keystroke).
QString pageText(const QString &file)
{
    static QHash<QString, QString> texts;
    const auto it = texts.constFind(file);
    if (it != texts.constEnd())
        return *it;
    QFile f(QStringLiteral(":/guide/") + file);
    return texts[file] = f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

/// Widest picture in the text, in pixels: a 1920-pixel screenshot is shown
/// at a width that fits beside the list of pages.
constexpr int kPictureWidth = 900;

/// The browser of the guide: pictures shrunk to kPictureWidth, smoothly.
class GuideBrowser final : public QTextBrowser
{
public:
    using QTextBrowser::QTextBrowser;

    QVariant loadResource(int type, const QUrl &name) override
    {
        const QVariant loaded = QTextBrowser::loadResource(type, name);
        if (type != QTextDocument::ImageResource)
            return loaded;
        QImage image = loaded.typeId() == QMetaType::QImage
                           ? loaded.value<QImage>()
                           : QImage::fromData(loaded.toByteArray());
        // As wide as the page is, within kPictureWidth.
        const int room = std::clamp(
            viewport()->width() - 2 * int(document()->documentMargin()) - 24, 320, kPictureWidth);
        if (image.width() > room)
            image = image.scaledToWidth(room, Qt::SmoothTransformation);
        return image;
    }
};

} // namespace

QStringList UserGuideWindow::pageFiles()
{
    // Reading order: what the figures mean and the examples first, the
    // application's tools next, the files and the command line, then how
    // the engine works and what it was checked against.
    return {QStringLiteral("concepts.md"),
            QStringLiteral("examples.md"),
            QStringLiteral("workshop.md"),
            QStringLiteral("traces.md"),
            QStringLiteral("history.md"),
            QStringLiteral("challenges-app.md"),
            QStringLiteral("challenge-catalog.md"),
            QStringLiteral("accessibility.md"),
            QStringLiteral("model-format.md"),
            QStringLiteral("results.md"),
            QStringLiteral("challenges.md"),
            QStringLiteral("cli.md"),
            QStringLiteral("simulation.md"),
            QStringLiteral("fidelity.md"),
            QStringLiteral("limits.md"),
            QStringLiteral("performance.md")};
}

QString UserGuideWindow::pageTitle(const QString &file)
{
    static const QHash<QString, QString> titles = {
        {QStringLiteral("concepts.md"), tr("Concepts: what the figures mean")},
        {QStringLiteral("examples.md"), tr("Example models")},
        {QStringLiteral("workshop.md"), tr("Running a workshop")},
        {QStringLiteral("traces.md"), tr("Traces: one command's journey")},
        {QStringLiteral("history.md"), tr("Run history and comparing runs")},
        {QStringLiteral("challenges-app.md"), tr("Practising with challenges")},
        {QStringLiteral("challenge-catalog.md"), tr("The shipped challenges")},
        {QStringLiteral("accessibility.md"), tr("Keyboard, screen readers, languages")},
        {QStringLiteral("model-format.md"), tr("The model file")},
        {QStringLiteral("results.md"), tr("The result file")},
        {QStringLiteral("challenges.md"), tr("Challenge files and scoring")},
        {QStringLiteral("cli.md"), tr("The command line (cqrs-sim)")},
        {QStringLiteral("simulation.md"), tr("How the simulation works")},
        {QStringLiteral("fidelity.md"), tr("Fidelity: checked against theory")},
        {QStringLiteral("limits.md"), tr("Limits")},
        {QStringLiteral("performance.md"), tr("Performance")},
    };
    return titles.value(file, file);
}

UserGuideWindow::UserGuideWindow(QWidget *parent)
    : QDialog(parent)
    , m_search(new QLineEdit(this))
    , m_pages(new QListWidget(this))
    , m_found(new QLabel(this))
    , m_back(new QToolButton(this))
    , m_forward(new QToolButton(this))
    , m_browser(new GuideBrowser(this))
{
    initGuideResources();
    setObjectName(QStringLiteral("userGuide"));
    setWindowTitle(tr("CQRS Studio User Guide"));

    m_search->setObjectName(QStringLiteral("guideSearch"));
    m_search->setPlaceholderText(tr("Search the guide"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search the guide"));
    m_search->setToolTip(
        tr("Lists only the pages that contain these words, and marks them on the page"));
    m_pages->setObjectName(QStringLiteral("guidePages"));
    m_pages->setAccessibleName(tr("Pages of the guide"));
    m_pages->setSpacing(2);
    for (const QString &file : pageFiles()) {
        auto *item = new QListWidgetItem(pageTitle(file), m_pages);
        item->setData(Qt::UserRole, file);
    }
    m_found->setObjectName(QStringLiteral("guideFound"));
    m_found->setWordWrap(true);
    m_found->hide();

    m_back->setObjectName(QStringLiteral("guideBack"));
    m_back->setArrowType(Qt::LeftArrow);
    m_back->setToolTip(
        tr("Back (%1)").arg(QKeySequence(QKeySequence::Back).toString(QKeySequence::NativeText)));
    m_back->setAccessibleName(tr("Back"));
    m_back->setShortcut(QKeySequence::Back);
    m_back->setEnabled(false);
    m_forward->setObjectName(QStringLiteral("guideForward"));
    m_forward->setArrowType(Qt::RightArrow);
    m_forward->setToolTip(
        tr("Forward (%1)")
            .arg(QKeySequence(QKeySequence::Forward).toString(QKeySequence::NativeText)));
    m_forward->setAccessibleName(tr("Forward"));
    m_forward->setShortcut(QKeySequence::Forward);
    m_forward->setEnabled(false);

    m_browser->setObjectName(QStringLiteral("guideText"));
    m_browser->setAccessibleName(tr("Page of the guide"));
    FocusRing::mark(m_browser);     // Tab reached the page and nothing said so
    m_browser->setOpenLinks(false); // the guide's own pages here, the rest in the system's browser
    m_browser->document()->setDocumentMargin(14);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_found);
    leftLayout->addWidget(m_pages, 1);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *navigation = new QHBoxLayout;
    navigation->addWidget(m_back);
    navigation->addWidget(m_forward);
    navigation->addStretch(1);
    rightLayout->addLayout(navigation);
    rightLayout->addWidget(m_browser, 1);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({260, 900});
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setToolTip(tr("Close the guide"));
    // Enter in the search box goes to the next match: it must not press Close too.
    buttons->button(QDialogButtonBox::Close)->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Close)->setDefault(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    resizeWithinScreen(this, QSize(1180, 800));

    connect(m_pages, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item && item->data(Qt::UserRole).toString() != currentPage())
            showPage(item->data(Qt::UserRole).toString());
    });
    connect(m_browser, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        const QUrl target = m_browser->source().resolved(url);
        if (!guideFile(target).isEmpty() || target.scheme() == QLatin1String("qrc")) {
            m_browser->setSource(target);
            // Headings carry no anchors: "limits.md#memory-of-a-run" goes to
            // the heading "Memory of a run".
            if (target.hasFragment())
                scrollToText(target.fragment().replace(QLatin1Char('-'), QLatin1Char(' ')));
        } else if (target.scheme() == QLatin1String("http")
                   || target.scheme() == QLatin1String("https")
                   || target.scheme() == QLatin1String("mailto"))
            QDesktopServices::openUrl(target);
    });
    // historyChanged comes with every page shown (setSource, Back, Forward, a link).
    connect(m_browser, &QTextBrowser::historyChanged, this, [this] {
        selectCurrentInList();
        if (!m_search->text().trimmed().isEmpty())
            m_browser->find(m_search->text().trimmed());
    });
    connect(m_browser, &QTextBrowser::backwardAvailable, m_back, &QWidget::setEnabled);
    connect(m_browser, &QTextBrowser::forwardAvailable, m_forward, &QWidget::setEnabled);
    connect(m_back, &QToolButton::clicked, m_browser, &QTextBrowser::backward);
    connect(m_forward, &QToolButton::clicked, m_browser, &QTextBrowser::forward);
    connect(m_search, &QLineEdit::textChanged, this, &UserGuideWindow::search);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        // Enter: the next place on the page, from the top again after the last.
        const QString text = m_search->text().trimmed();
        if (!text.isEmpty() && !m_browser->find(text)) {
            m_browser->moveCursor(QTextCursor::Start);
            m_browser->find(text);
        }
    });
    showPage(pageFiles().constFirst());
}

void UserGuideWindow::showPage(const QString &file)
{
    m_browser->setSource(QUrl(kRoot + file), QTextDocument::MarkdownResource);
}

QString UserGuideWindow::currentPage() const
{
    return guideFile(m_browser->source());
}

void UserGuideWindow::selectCurrentInList()
{
    const QString file = currentPage();
    for (int row = 0; row < m_pages->count(); ++row) {
        if (m_pages->item(row)->data(Qt::UserRole).toString() == file) {
            const QSignalBlocker blocker(m_pages);
            m_pages->setCurrentRow(row);
            return;
        }
    }
}

void UserGuideWindow::search(const QString &words)
{
    const QString text = words.trimmed();
    int shown = 0;
    for (int row = 0; row < m_pages->count(); ++row) {
        QListWidgetItem *item = m_pages->item(row);
        const bool has
            = text.isEmpty()
              || pageText(item->data(Qt::UserRole).toString()).contains(text, Qt::CaseInsensitive);
        item->setHidden(!has);
        shown += has ? 1 : 0;
    }
    m_found->setVisible(!text.isEmpty());
    m_found->setText(shown == 0 ? tr("No page contains \"%1\".").arg(text)
                                : plural(tr("Found on %n page(s).", nullptr, shown), shown));
    if (text.isEmpty())
        return;
    const QString file = currentPage();
    if (!pageText(file).contains(text, Qt::CaseInsensitive)) {
        // The first page that has it.
        for (int row = 0; row < m_pages->count(); ++row) {
            if (!m_pages->item(row)->isHidden()) {
                showPage(m_pages->item(row)->data(Qt::UserRole).toString());
                return;
            }
        }
        return;
    }
    m_browser->moveCursor(QTextCursor::Start);
    m_browser->find(text);
}

void UserGuideWindow::scrollToText(const QString &text)
{
    // A heading that starts with it, else its first place in the text.
    bool found = false;
    for (QTextBlock block = m_browser->document()->begin(); block.isValid() && !found;
         block = block.next()) {
        if (block.blockFormat().headingLevel() > 0
            && block.text().startsWith(text, Qt::CaseInsensitive)) {
            QTextCursor cursor(block);
            cursor.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor, int(text.size()));
            m_browser->setTextCursor(cursor);
            found = true;
        }
    }
    if (!found) {
        m_browser->moveCursor(QTextCursor::Start);
        if (!m_browser->find(text))
            return;
    }
    // The place at the top of the page, not at its bottom edge.
    QScrollBar *bar = m_browser->verticalScrollBar();
    bar->setValue(std::min(bar->maximum(), bar->value() + m_browser->cursorRect().top() - 8));
}

UserGuideWindow *UserGuideWindow::showFor(QWidget *parent, const QString &file, const QString &at)
{
    auto *guide = parent
                      ? parent->findChild<UserGuideWindow *>(QString(), Qt::FindDirectChildrenOnly)
                      : nullptr;
    if (!guide)
        guide = new UserGuideWindow(parent);
    if (!file.isEmpty())
        guide->showPage(file);
    guide->show();
    if (!at.isEmpty())
        guide->scrollToText(at);
    guide->raise();
    guide->activateWindow();
    return guide;
}

} // namespace cqrs
