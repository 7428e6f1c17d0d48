#include "chartcard.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QStyle>
#include <QTextDocumentFragment>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>

namespace cqrs {

namespace {

constexpr int kSwatchWidth = 22;
constexpr int kSwatchGap = 6;
constexpr int kEntryGap = 16;
constexpr int kRowGap = 2;

QFont legendFont()
{
    QFont font;
    font.setPointSizeF(10);
    return font;
}

QFont cardTitleFont()
{
    QFont font;
    font.setPointSizeF(12);
    font.setBold(true);
    return font;
}

} // namespace

QString boundedText(const std::string &text, int maxChars)
{
    // Never decode more than the bound needs (4 bytes per character at most):
    // when cut, the decoded part is longer than maxChars and loses its tail.
    const std::size_t limit = std::size_t(maxChars) * 4 + 4;
    const QString decoded = QString::fromUtf8(text.data(), qsizetype(std::min(text.size(), limit)));
    return text.size() > limit ? decoded.left(maxChars - 1) + QChar(0x2026) : boundedText(decoded, maxChars);
}

QString boundedText(const QString &text, int maxChars)
{
    if (text.size() <= maxChars)
        return text;
    return text.left(maxChars - 1) + QChar(0x2026);
}

ChartLegend::ChartLegend(QWidget *parent)
    : QWidget(parent)
{
    setFont(legendFont());
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void ChartLegend::setEntries(const QList<Entry> &entries)
{
    m_entries = entries;
    for (Entry &e : m_entries)
        e.name = boundedText(e.name);
    fitHeight();
    update();
}

void ChartLegend::fitHeight()
{
    // As many rows as this width needs (set here: a box layout inside a grid
    // cell would not ask heightForWidth()).
    const int h = heightForWidth(width());
    if (h != height() || minimumHeight() != h)
        setFixedHeight(h);
}

void ChartLegend::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitHeight();
}

QString ChartLegend::entryText(int index) const
{
    return boundedText(m_entries.value(index).name, kMaxEntryChars);
}

QString ChartLegend::entryToolTip(int index) const
{
    return m_entries.value(index).name;
}

int ChartLegend::entryWidth(int index) const
{
    return kSwatchWidth + kSwatchGap + fontMetrics().horizontalAdvance(entryText(index)) + 1;
}

QList<ChartLegend::Placed> ChartLegend::place(int width) const
{
    QList<Placed> placed;
    const int rowHeight = fontMetrics().height();
    int x = 0;
    int y = 0;
    for (int i = 0; i < entryCount(); ++i) {
        const int w = entryWidth(i);
        if (x > 0 && x + w > width) {
            x = 0;
            y += rowHeight + kRowGap;
        }
        Placed p;
        p.swatch = QRect(x, y, kSwatchWidth, rowHeight);
        p.text = QRect(x + kSwatchWidth + kSwatchGap, y, w - kSwatchWidth - kSwatchGap, rowHeight);
        placed.append(p);
        x += w + kEntryGap;
    }
    return placed;
}

QRect ChartLegend::entryTextRect(int index) const
{
    return place(width()).value(index).text;
}

int ChartLegend::heightForWidth(int width) const
{
    const QList<Placed> placed = place(width);
    return placed.isEmpty() ? 0 : placed.last().text.bottom() + 1;
}

QSize ChartLegend::sizeHint() const
{
    int w = 0;
    for (int i = 0; i < entryCount(); ++i)
        w += entryWidth(i) + (i ? kEntryGap : 0);
    return QSize(w, heightForWidth(w));
}

QSize ChartLegend::minimumSizeHint() const
{
    int w = 0;
    for (int i = 0; i < entryCount(); ++i)
        w = std::max(w, entryWidth(i));
    return QSize(w, 0);
}

void ChartLegend::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QList<Placed> placed = place(width());
    for (int i = 0; i < placed.size(); ++i) {
        QPen pen = m_entries[i].pen;
        pen.setWidthF(std::max(2.5, pen.widthF()));
        painter.setPen(pen);
        const QRect s = placed[i].swatch;
        painter.drawLine(QPointF(s.left() + 1, s.center().y() + 0.5), QPointF(s.right() - 1, s.center().y() + 0.5));
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(placed[i].text, Qt::AlignLeft | Qt::AlignVCenter, entryText(i));
    }
}

bool ChartLegend::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QList<Placed> placed = place(width());
        for (int i = 0; i < placed.size(); ++i) {
            if (placed[i].swatch.united(placed[i].text).contains(help->pos())) {
                QToolTip::showText(help->globalPos(), entryToolTip(i).toHtmlEscaped(), this);
                return true;
            }
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QWidget::event(event);
}

ChartCard::ChartCard(QChart *chart, Mode mode, QWidget *parent)
    : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setObjectName(QStringLiteral("chartCard"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->setSpacing(2);

    auto *header = new QHBoxLayout;
    header->setSpacing(2);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("chartTitle"));
    m_title->setFont(cardTitleFont());
    m_title->setWordWrap(true); // a narrow card wraps its title rather than cutting it
    m_title->setTextFormat(Qt::PlainText);
    header->addWidget(m_title, 1);
    if (mode == Mode::Interactive) {
        m_enlarge = new QToolButton(this);
        m_enlarge->setObjectName(QStringLiteral("enlargeChart"));
        m_enlarge->setAutoRaise(true);
        m_enlarge->setCheckable(true);
        connect(m_enlarge, &QToolButton::clicked, this, &ChartCard::enlargeToggled);
        m_save = new QToolButton(this);
        m_save->setObjectName(QStringLiteral("saveChart"));
        m_save->setAutoRaise(true);
        m_save->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
        m_save->setToolTip(tr("Save this chart as a picture (PNG or SVG)"));
        m_save->setAccessibleName(tr("Save chart"));
        connect(m_save, &QToolButton::clicked, this, &ChartCard::saveRequested);
        header->addWidget(m_enlarge, 0, Qt::AlignTop);
        header->addWidget(m_save, 0, Qt::AlignTop);
        setEnlarged(false);
    }
    layout->addLayout(header);

    m_view = new QChartView(chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(200, 120);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->viewport()->installEventFilter(this);
    m_view->installEventFilter(this);
    layout->addWidget(m_view, 1);
    m_noData = new QLabel(m_view);
    m_noData->setObjectName(QStringLiteral("noData"));
    m_noData->setAlignment(Qt::AlignCenter);
    m_noData->setWordWrap(true);
    m_noData->setTextFormat(Qt::PlainText);
    m_noData->setStyleSheet(QStringLiteral("color: palette(mid); font-size: 12pt;"));
    m_noData->hide();

    m_legend = new ChartLegend(this);
    m_legend->setObjectName(QStringLiteral("chartLegend"));
    layout->addWidget(m_legend);
}

QChart *ChartCard::chart() const
{
    return m_view->chart();
}

void ChartCard::setTitle(const QString &title, const QString &toolTip)
{
    m_title->setText(title);
    m_title->setToolTip(toolTip);
    setAccessibleText(title, QTextDocumentFragment::fromHtml(toolTip).toPlainText().simplified());
}

void ChartCard::setAccessibleText(const QString &name, const QString &description)
{
    for (QWidget *w : {static_cast<QWidget *>(this), static_cast<QWidget *>(m_view)}) {
        w->setAccessibleName(name);
        w->setAccessibleDescription(description);
    }
}

void ChartCard::setNoData(const QString &text)
{
    if (text == m_noDataText)
        return;
    m_noDataText = text;
    for (QAbstractAxis *axis : chart()->axes())
        axis->setVisible(text.isEmpty());
    m_noData->setText(text);
    m_noData->setVisible(!text.isEmpty());
    placeNoData();
}

QString ChartCard::noDataText() const
{
    return m_noDataText;
}

void ChartCard::setEnlarged(bool enlarged)
{
    if (!m_enlarge)
        return;
    m_enlarge->setChecked(enlarged);
    m_enlarge->setIcon(style()->standardIcon(enlarged ? QStyle::SP_TitleBarNormalButton : QStyle::SP_TitleBarMaxButton));
    m_enlarge->setToolTip(enlarged ? tr("Back to all charts (Esc or double-click)")
                                   : tr("Enlarge this chart (or double-click it)"));
    m_enlarge->setAccessibleName(enlarged ? tr("Back to all charts") : tr("Enlarge chart"));
}

void ChartCard::placeNoData()
{
    const QRect r = m_view->rect().adjusted(12, 12, -12, -12);
    m_noData->setGeometry(r);
}

bool ChartCard::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::Resize)
        placeNoData();
    if (watched == m_view->viewport() && event->type() == QEvent::MouseButtonDblClick && m_enlarge) {
        if (static_cast<QMouseEvent *>(event)->button() == Qt::LeftButton) {
            emit enlargeToggled();
            return true;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace cqrs
