#include "cqrs/ui/challenge/challengegallery.h"

#include "cqrs/ui/common/exportpath.h"
#include "cqrs/ui/common/filedialog.h"
#include "cqrs/ui/common/format.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QResizeEvent>
#include <QScreen>
#include <QScrollBar>
#include <QStyle>
#include <QVBoxLayout>
#include <algorithm>

namespace cqrs {

namespace {

constexpr int kCardWidth = 236;
constexpr int kCardHeight = 118;

QColor levelColor(const std::string &level)
{
    if (level == "beginner")
        return QColor(0x2e, 0x7d, 0x32);
    if (level == "intermediate")
        return QColor(0xef, 0x6c, 0x00);
    if (level == "advanced")
        return QColor(0xc6, 0x28, 0x28);
    return QColor(0x54, 0x6e, 0x7a);
}

/// One card: a frame of labels; the list item under it carries selection.
QWidget *makeCard(const ChallengeEntry &entry, std::optional<double> best, bool givenUp,
                  QString *text)
{
    auto *card = new QWidget;
    card->setAttribute(Qt::WA_TransparentForMouseEvents); // the item below takes clicks
    auto *layout = new QVBoxLayout(card);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(3);
    auto *title = new QLabel(entry.title(), card);
    title->setTextFormat(Qt::PlainText);
    title->setWordWrap(true);
    QFont font = title->font();
    font.setBold(true);
    title->setFont(font);
    layout->addWidget(title);
    QStringList lines{entry.title()};
    if (entry.ok()) {
        const Challenge &c = *entry.challenge;
        QString meta = QStringLiteral("<span style='color:%1'>●</span> %2")
                           .arg(levelColor(c.level).name(), levelTitle(c.level).toHtmlEscaped());
        QString plain = levelTitle(c.level);
        if (c.minutes) {
            meta += QStringLiteral(" · ") + ChallengeGallery::tr("%n min", nullptr, *c.minutes);
            plain += QStringLiteral(" · ") + ChallengeGallery::tr("%n min", nullptr, *c.minutes);
        }
        layout->addWidget(new QLabel(meta, card));
        lines << plain;
        const QString score = best ? ChallengeGallery::tr("Best score: %1/100").arg(qRound(*best))
                              : givenUp ? ChallengeGallery::tr("Given up, no score yet")
                                        : ChallengeGallery::tr("Not attempted yet");
        auto *scoreLabel = new QLabel(score, card);
        scoreLabel->setWordWrap(true); // a card's width in a long translation too
        if (best)
            scoreLabel->setStyleSheet(*best >= 100
                                          ? QStringLiteral("color:#1b5e20; font-weight:bold")
                                          : QStringLiteral("color:#37474f; font-weight:bold"));
        else
            scoreLabel->setStyleSheet(QStringLiteral("color:#78909c"));
        layout->addWidget(scoreLabel);
        lines << score;
    } else {
        // The first problem without the (long) path; the details line has them all.
        QString first = entry.problems.value(0);
        const QString prefix = QDir::toNativeSeparators(entry.path) + QStringLiteral(": ");
        if (first.startsWith(prefix))
            first = first.mid(prefix.size());
        if (first.size() > 110)
            first = first.left(107) + QStringLiteral("...");
        auto *problem = new QLabel(ChallengeGallery::tr("Cannot be read: %1").arg(first), card);
        problem->setTextFormat(Qt::PlainText);
        problem->setWordWrap(true);
        problem->setStyleSheet(QStringLiteral("color:#b71c1c"));
        layout->addWidget(problem);
        lines << ChallengeGallery::tr("Cannot be read");
    }
    layout->addStretch(1);
    *text = lines.join(QLatin1Char('\n'));
    return card;
}

/// The cards' list: the cards share the width among the columns that fit,
/// so no empty strip is left beside the last one at any width.
class CardList final : public QListWidget
{
public:
    using QListWidget::QListWidget;

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QListWidget::resizeEvent(event);
        // The view lays the cards out in the viewport's width less a scroll
        // bar's, whether the bar shows or not (so that it never flips
        // between layouts), and puts one spacing before each card and after
        // the last; it wraps a row that fills the width exactly.
        const int gap = spacing();
        int bar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, verticalScrollBar());
        if (style()->styleHint(QStyle::SH_ScrollView_FrameOnlyAroundContents, nullptr, this))
            bar += 2 * style()->pixelMetric(QStyle::PM_DefaultFrameWidth, nullptr, this);
        // 3: slack for a style's rounding
        const int available = maximumViewportSize().width() - bar - gap - 3;
        const int columns = std::max(1, available / (kCardWidth + gap));
        const int width = std::max(kCardWidth, available / columns - gap);
        if (width == m_cardWidth)
            return;
        m_cardWidth = width;
        for (int i = 0; i < count(); ++i)
            item(i)->setSizeHint(QSize(width, kCardHeight));
    }

private:
    int m_cardWidth = kCardWidth;
};

} // namespace

ChallengeGallery::Shipped ChallengeGallery::findShipped()
{
    Shipped found{scanChallenges(challengeDirectories()), {}};
    found.standing = challengeStanding(challengeHistoryPath(), found.entries);
    return found;
}

ChallengeGallery::ChallengeGallery(QWidget *parent)
    : ChallengeGallery(findShipped(), parent)
{}

ChallengeGallery::ChallengeGallery(const Shipped &shipped, QWidget *parent)
    : ChallengeGallery(shipped.entries, shipped.standing.best, shipped.standing.givenUp, parent)
{}

ChallengeGallery::ChallengeGallery(const QList<ChallengeEntry> &entries,
                                   const std::map<std::string, double> &best,
                                   const std::set<std::string> &givenUp, QWidget *parent)
    : QDialog(parent)
    , m_entries(entries)
{
    setObjectName(QStringLiteral("challengeGallery"));
    setWindowTitle(tr("Challenges"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Practise designing the read side like in an interview: each challenge gives the "
           "commands, queries and traffic, asks for figures to reach and checks your answer "
           "under stress. Hints cost 10 points each."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_list = new CardList(this);
    m_list->setObjectName(QStringLiteral("challengeList"));
    m_list->setViewMode(QListView::IconMode);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setMovement(QListView::Static);
    m_list->setSpacing(6);
    m_list->setUniformItemSizes(true);
    m_list->setWrapping(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    // Cards: a frame per item, the chosen one stands out even without focus.
    m_list->setStyleSheet(QStringLiteral(
        "QListWidget::item { border: 1px solid #cfd8dc; border-radius: 6px; }"
        "QListWidget::item:selected { border: 2px solid #1976d2; background: #e3f2fd; }"));
    for (const ChallengeEntry &entry : m_entries) {
        auto *item = new QListWidgetItem(m_list);
        item->setSizeHint(QSize(kCardWidth, kCardHeight));
        item->setData(Qt::UserRole, entry.path);
        std::optional<double> score;
        if (entry.ok()) {
            if (const auto it = best.find(entry.challenge->id); it != best.end())
                score = it->second;
        }
        QString text;
        m_list->setItemWidget(
            item,
            makeCard(entry, score, entry.ok() && givenUp.contains(entry.challenge->id), &text));
        item->setData(Qt::AccessibleTextRole, text);
        item->setData(Qt::UserRole + 1, text);
        item->setToolTip(entry.ok() ? QDir::toNativeSeparators(entry.path)
                                    : entry.problems.join(QLatin1Char('\n')));
    }
    layout->addWidget(m_list, 1);
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("challengeDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_details);
    if (m_entries.isEmpty())
        m_details->setText(
            tr("No challenges were found (looked in: %1). Open Challenge File... opens any "
               "*.challenge.json.")
                .arg(challengeDirectories().join(QStringLiteral(", ")).toHtmlEscaped()));

    auto *bottom = new QHBoxLayout;
    m_interview = new QCheckBox(tr("&Interview mode"), this);
    m_interview->setObjectName(QStringLiteral("interviewMode"));
    m_interview->setToolTip(
        tr("A visible clock with the challenge's minutes (pausing is recorded), the figures on "
           "the canvas hidden until your first run, and a debrief report to save at the end."));
    bottom->addWidget(m_interview);
    bottom->addStretch(1);
    m_openFile = new QPushButton(tr("Open Challenge &File..."), this);
    m_openFile->setObjectName(QStringLiteral("openChallengeFile"));
    bottom->addWidget(m_openFile);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_openButton = buttons->addButton(tr("&Start"), QDialogButtonBox::AcceptRole);
    m_openButton->setObjectName(QStringLiteral("startChallenge"));
    bottom->addWidget(buttons);
    layout->addLayout(bottom);

    // What a screen reader announces (each card's item reads its title, level and score).
    m_list->setAccessibleName(tr("Challenges"));
    m_list->setAccessibleDescription(tr("The practice challenges: choose one and press Start"));
    m_openFile->setToolTip(tr("Open a challenge file that is not in the list"));
    m_openButton->setToolTip(tr("Start the chosen challenge on a new canvas"));
    buttons->button(QDialogButtonBox::Cancel)->setToolTip(tr("Close without starting a challenge"));

    auto updateDetails = [this] {
        const int row = m_list->currentRow();
        const bool valid = row >= 0 && row < m_entries.size() && m_entries[row].ok();
        m_openButton->setEnabled(valid);
        if (row < 0 || row >= m_entries.size())
            return;
        const ChallengeEntry &entry = m_entries[row];
        if (!entry.ok()) {
            m_details->setText(tr("<b>%1 cannot be opened:</b><br>%2")
                                   .arg(QDir::toNativeSeparators(entry.path).toHtmlEscaped(),
                                        entry.problems.join(QLatin1Char('\n'))
                                            .toHtmlEscaped()
                                            .replace(QLatin1Char('\n'), QStringLiteral("<br>"))));
            return;
        }
        const Challenge &c = *entry.challenge;
        const int requirements = int(c.requirements.size()), stresses = int(c.stresses.size()),
                  hints = int(c.hints.size());
        m_details->setText(
            tr("<b>%1</b>: %2, %3, %4.")
                .arg(entry.title().toHtmlEscaped(),
                     plural(tr("%n requirement(s)", nullptr, requirements), requirements),
                     plural(tr("%n stress(es)", nullptr, stresses), stresses),
                     plural(tr("%n hint(s)", nullptr, hints), hints)));
    };
    connect(m_list, &QListWidget::currentRowChanged, this, updateDetails);
    connect(m_list, &QListWidget::itemDoubleClicked, this, [this] {
        if (m_openButton->isEnabled())
            accept();
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_openFile, &QPushButton::clicked, this, [this] {
        const QString path
            = askOpenFileName(this, tr("Open challenge"), modelDirectory(),
                              tr("Challenges (*.challenge.json);;JSON (*.json);;All files (*)"));
        if (path.isEmpty())
            return;
        m_pickedPath = path;
        accept();
    });
    int first = 0;
    while (first < m_entries.size() && !m_entries[first].ok())
        ++first;
    m_list->setCurrentRow(first < m_entries.size() ? first : -1);
    updateDetails();
    fitCards();
}

void ChallengeGallery::fitCards()
{
    // Three cards a row (a fixed 840 x 560 left a strip right of the third
    // column) and every row in view where the screen has room (it cut the
    // fourth row in half).
    constexpr int kColumns = 3;
    const int gap = m_list->spacing();
    const int rows = std::max(1, int((m_entries.size() + kColumns - 1) / kColumns));
    const int frame = 2 * m_list->frameWidth();
    const int scrollBar = m_list->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_list);
    const int listWidth = kColumns * (kCardWidth + gap) + gap + 3 + frame + scrollBar;
    const int listHeight = rows * (kCardHeight + gap) + 2 * gap + frame;
    const QMargins margins = layout()->contentsMargins();
    const int width = listWidth + margins.left() + margins.right();
    // What the dialog needs beside the list, at this width (the texts wrap).
    const int others = layout()->totalHeightForWidth(width) - m_list->sizeHint().height();
    int height = others + listHeight;
    if (const QScreen *screen = this->screen())
        height = std::min(height, screen->availableGeometry().height() * 85 / 100);
    resize(width, std::max(height, 420));
}

QString ChallengeGallery::selectedPath() const
{
    if (!m_pickedPath.isEmpty())
        return m_pickedPath;
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

bool ChallengeGallery::interviewMode() const
{
    return m_interview->isChecked();
}

QString ChallengeGallery::cardText(int row) const
{
    const QListWidgetItem *item = m_list->item(row);
    return item ? item->data(Qt::UserRole + 1).toString() : QString();
}

} // namespace cqrs
