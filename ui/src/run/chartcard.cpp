#include "cqrs/ui/run/chartcard.h"

#include "cqrs/ui/common/focusring.h"
#include "cqrs/ui/run/presentation.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFontMetrics>
#include <QGraphicsItem>
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
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <cqrs/model/elements.h>

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

constexpr int kMarkerLabelRows = 3;
// The chart's least height: in the window, and while presenting.
constexpr int kViewMinimumHeight = 120;
constexpr int kViewMinimumHeightPresenting = 90;

QFont markerFont(double scale)
{
    QFont font;
    font.setPointSizeF(8.5 * scale);
    font.setBold(true);
    return font;
}

} // namespace

/// A card's chart view, which prefers its least height: a graphics view
/// prefers the size of its scene, which follows the view, so a chart once
/// made taller (on a projector) went on asking for that height in the
/// scrolling grid after presenting, and the cards stayed twice as tall.
class CardView final : public QChartView
{
public:
    using QChartView::QChartView;
    QSize sizeHint() const override { return {QChartView::sizeHint().width(), minimumHeight()}; }
};

/// Draws a card's markers inside its chart: one layer under the series (the
/// shaded bands), one over them (lines and labels).
class MarkerLayer final : public QGraphicsItem
{
public:
    MarkerLayer(const ChartCard *card, QChart *chart, bool foreground)
        : QGraphicsItem(chart)
        , m_card(card)
        , m_chart(chart)
        , m_foreground(foreground)
    {
        // Under the series and over the grid; or over everything the chart draws.
        setZValue(foreground ? 20 : 2.5);
        setAcceptedMouseButtons(Qt::NoButton);
    }
    QRectF boundingRect() const override { return m_chart->rect(); }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        m_card->paintMarkers(painter, m_foreground);
    }
    void refresh()
    {
        prepareGeometryChange();
        update();
    }

private:
    const ChartCard *m_card;
    QChart *m_chart;
    bool m_foreground;
};

QString boundedText(const std::string &text, int maxChars)
{
    // Never decode more than the bound needs (4 bytes per character at most):
    // when cut, the decoded part is longer than maxChars and loses its tail.
    const std::size_t limit = std::size_t(maxChars) * 4 + 4;
    const QString decoded = QString::fromUtf8(text.data(), qsizetype(std::min(text.size(), limit)));
    return text.size() > limit ? decoded.left(maxChars - 1) + QChar(0x2026)
                               : boundedText(decoded, maxChars);
}

QString elementDisplayName(const Model &model, const std::string &id, int maxChars)
{
    const std::optional<AnyElement> element = findElement(model, id);
    const bool named = element && !elementName(*element).empty();
    return boundedText(named ? elementName(*element) : id, maxChars);
}

int yAxisLabelRoom(const QChart *chart, const QFont &labels, int most)
{
    const qreal height = chart->plotArea().height();
    if (!(height > 0))
        return most;
    return std::clamp(int(height / (QFontMetrics(labels).height() + 10)), 2, most);
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
    for (Entry &e : m_entries) {
        e.name = boundedText(e.name);
        e.toolTip = boundedText(e.toolTip);
    }
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
    const Entry entry = m_entries.value(index);
    const int prefix = std::clamp(entry.prefixChars, 0, int(entry.name.size()));
    return entry.name.left(prefix) + boundedText(entry.name.mid(prefix), kMaxEntryChars)
           + entry.suffix;
}

QString ChartLegend::entryToolTip(int index) const
{
    const Entry entry = m_entries.value(index);
    return entry.toolTip.isEmpty() ? entry.name : entry.toolTip;
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
        painter.drawLine(QPointF(s.left() + 1, s.center().y() + 0.5),
                         QPointF(s.right() - 1, s.center().y() + 0.5));
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(placed[i].text, Qt::AlignLeft | Qt::AlignVCenter, entryText(i));
    }
}

bool ChartLegend::event(QEvent *event)
{
    if (event->type() == QEvent::FontChange) {
        fitHeight(); // rows of the new font's height
        update();
    }
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

    m_view = new CardView(chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(200, kViewMinimumHeight);
    m_view->setFrameShape(QFrame::NoFrame);
    // A Tab stop (a screen reader reads the chart's name and latest values
    // there) that the style draws no focus on.
    FocusRing::mark(m_view);
    m_view->viewport()->installEventFilter(this);
    m_view->installEventFilter(this);
    layout->addWidget(m_view, 1);
    m_noData = new QLabel(m_view);
    m_noData->setObjectName(QStringLiteral("noData"));
    m_noData->setAlignment(Qt::AlignCenter);
    m_noData->setWordWrap(true);
    m_noData->setTextFormat(Qt::PlainText);
    m_noData->hide();

    m_legend = new ChartLegend(this);
    m_legend->setObjectName(QStringLiteral("chartLegend"));
    layout->addWidget(m_legend);

    m_markerBands = new MarkerLayer(this, chart, false);
    m_markerLines = new MarkerLayer(this, chart, true);
    connect(chart, &QChart::plotAreaChanged, this, &ChartCard::updateMarkers);
    if (auto *x = qobject_cast<QValueAxis *>(chart->axes(Qt::Horizontal).value(0)))
        connect(x, &QValueAxis::rangeChanged, this, &ChartCard::updateMarkers);
}

void ChartCard::setMarkers(const QList<ChartMarker> &markers)
{
    if (markers == m_markers)
        return;
    m_markers = markers;
    updateMarkers();
}

void ChartCard::setMarkerScale(double scale)
{
    m_markerScale = scale > 0 ? scale : 1;
    updateMarkers();
}

double ChartCard::markerLineWidth() const
{
    return 2.0 * m_markerScale;
}

QFont ChartCard::markerLabelFont() const
{
    return markerFont(m_markerScale);
}

void ChartCard::setPresenting(bool presenting, double scale)
{
    if (presenting == m_presenting)
        return;
    m_presenting = presenting;
    const QList<QAbstractAxis *> axes = chart()->axes();
    if (presenting) {
        m_normalAxes.clear();
        for (QAbstractAxis *axis : axes)
            m_normalAxes.append({axis->labelsFont(), axis->titleFont(), axis->linePen(),
                                 axis->gridLinePen(), axis->labelsBrush(), axis->titleBrush()});
    }
    // Pixel sizes: what a projector's 1920x1080 shows whatever the screen's
    // dpi, in proportion on a screen of fewer lines.
    const auto pixels = [scale](int atFullSize) {
        return PresentationMode::scaledPixels(atFullSize, scale);
    };
    QFont title = cardTitleFont();
    QFont legend = legendFont();
    if (presenting) {
        title.setPixelSize(pixels(26));
        legend.setPixelSize(pixels(20));
    }
    m_title->setFont(title);
    m_legend->setFont(legend);
    for (int i = 0; i < axes.size() && i < m_normalAxes.size(); ++i) {
        QAbstractAxis *axis = axes[i];
        const AxisLook &normal = m_normalAxes[i];
        if (!presenting) {
            axis->setLabelsFont(normal.labels);
            axis->setTitleFont(normal.title);
            axis->setLinePen(normal.line);
            axis->setGridLinePen(normal.grid);
            axis->setLabelsBrush(normal.labelBrush);
            axis->setTitleBrush(normal.titleBrush);
            continue;
        }
        QFont labels = normal.labels;
        labels.setPixelSize(pixels(20));
        QFont axisTitle = normal.title;
        axisTitle.setPixelSize(pixels(20));
        axis->setLabelsFont(labels);
        axis->setTitleFont(axisTitle);
        axis->setLinePen(QPen(Qt::black, 2.5));
        axis->setGridLinePen(QPen(QColor(0x80, 0x80, 0x80), 1));
        axis->setLabelsBrush(Qt::black);
        axis->setTitleBrush(Qt::black);
    }
    setMarkerScale(presenting ? std::max(1.0, 2.0 * scale) : 1.0);
    // Four charts share a small projector's height (presentation mode does
    // not scroll): the plot may then be shorter than in the window.
    m_view->setMinimumHeight(presenting ? kViewMinimumHeightPresenting : kViewMinimumHeight);
}

void ChartCard::updateMarkers()
{
    m_markerBands->refresh();
    m_markerLines->refresh();
}

double ChartCard::chartX(double x) const
{
    const auto *axis = qobject_cast<QValueAxis *>(chart()->axes(Qt::Horizontal).value(0));
    const QRectF plot = chart()->plotArea();
    if (!axis || !(axis->max() > axis->min()) || plot.width() <= 0)
        return std::nan("");
    return plot.left() + (x - axis->min()) / (axis->max() - axis->min()) * plot.width();
}

QString ChartCard::cutMarkerLabel(const QFontMetricsF &metrics, const QString &label, double width)
{
    const QString middle = metrics.elidedText(label, Qt::ElideMiddle, width);
    const QString last = label.section(QLatin1Char(' '), -1);
    if (middle == label || last == label)
        return middle;
    // Where the end kept after "…" may start: at a word (with the space
    // before it) or at a capitalised part of a name ("Index" of
    // "UserSearchIndex"); never inside one ("UserSe…x down").
    const auto startsPart = [&label](qsizetype i) {
        return i <= 0 || i >= label.size() || label[i].isSpace() != label[i - 1].isSpace()
               || (label[i].isUpper() && label[i - 1].isLower());
    };
    // The end: from where the middle cut would start it, at least the last
    // word whole ("consumers = 4" keeps its value, "… down" what happened).
    const qsizetype cut = middle.indexOf(QChar(0x2026));
    qsizetype from = std::min(cut < 0 ? label.size() : label.size() - (middle.size() - cut - 1),
                              label.size() - last.size() - 1);
    while (!startsPart(from))
        ++from;
    if (from > 0 && label[from - 1].isSpace())
        --from; // a word keeps the space before it: "… = 4"
    const QString end = label.mid(from);
    // The start takes the room that is left: "UserSea… down".
    const QString start = metrics.elidedText(label.left(from), Qt::ElideRight,
                                             width - metrics.horizontalAdvance(end));
    if (start.size() > 1)
        return start + end;
    // No room for a letter of the start: the end alone ("…Index down", "…down").
    for (qsizetype i = 1; i < label.size(); ++i) {
        const QString alone = QChar(0x2026) + label.mid(i);
        if (startsPart(i) && !label[i].isSpace() && metrics.horizontalAdvance(alone) <= width)
            return alone;
    }
    return metrics.elidedText(label, Qt::ElideLeft, width);
}

QList<ChartCard::LabelPlace> ChartCard::labelPlaces() const
{
    // Each label in the first of a few rows at the top of the plot where it
    // does not cover another: right of its line; else, near the plot's right
    // edge, right of it cut ("…") at the plot's edge when most of it stays,
    // or whole left of it, or cut right of it with less, or cut left of it
    // when the right has no room for a few letters. When
    // every row is taken there, the label before it in one row is shortened
    // to make room, as long as a few letters of it stay; none when no row
    // allows that.
    QList<LabelPlace> places;
    const QRectF plot = chart()->plotArea();
    const QFontMetricsF metrics(markerFont(m_markerScale));
    const double height = metrics.height() + 2 * m_markerScale;
    const double padding = 8 * m_markerScale;
    const double gap = 4;
    const double shortest = metrics.horizontalAdvance(QStringLiteral("Mmm…")) + padding;
    // The least a label shortened for another keeps: four letters of its
    // start and its last word ("User… down"; "Us… down" told UserView from
    // UserSearchIndex for nobody). The other then has no label rather
    // (its tool tip still tells it).
    const auto least = [&](const QString &label) {
        const QString last = label.section(QLatin1Char(' '), -1);
        const QString cut
            = label.left(4) + QChar(0x2026) + (last == label ? QString() : QLatin1Char(' ') + last);
        return std::min(metrics.horizontalAdvance(label),
                        std::max(metrics.horizontalAdvance(QStringLiteral("Mmm…")),
                                 metrics.horizontalAdvance(cut)))
               + padding;
    };
    QList<int> rowLast(kMarkerLabelRows, -1); // the index of each row's last label
    // Per label: drawn left of its line (not to be shortened: it would leave its line).
    QList<bool> leftOfLine;
    const auto rowEnd = [&](int row) {
        return rowLast[row] < 0 ? -1e300 : places[rowLast[row]].rect.right();
    };
    const auto rowTop = [&](int row) {
        return plot.top() + 2 + row * (height + 2);
    };
    const auto rowFits = [&](int row) {
        return rowTop(row) + height <= plot.bottom();
    };
    const auto freeRow = [&](double left) {
        for (int row = 0; left >= plot.left() && row < kMarkerLabelRows && rowFits(row); ++row) {
            if (left > rowEnd(row) + gap)
                return row;
        }
        return -1;
    };
    for (const ChartMarker &m : m_markers) {
        const double x = chartX(m.x0);
        LabelPlace place;
        // A marker on the plot's right edge (the axis ends where it starts)
        // has no label: shifted inside, it would stand beside other markers.
        if (hasData() && !m.label.isEmpty() && std::isfinite(x) && x < plot.right() - 1) {
            const double whole = metrics.horizontalAdvance(m.label) + padding;
            const double right
                = std::max(x, plot.left()) + 3 * m_markerScale; // its left edge, right of the line
            const double roomRight = plot.right() - 1 - right;  // its border inside the plot
            double left = right;
            double width = whole;
            int chosen = -1;
            // Cut beside its line reads better than whole across the others'
            // lines, while most of it stays.
            const bool mostFitsRight = roomRight >= std::max(shortest, 0.6 * whole);
            // Whole left of its line, a short label that covers another
            // marker's line reads as that one's ("rate ×1" over the line where
            // the rate went ×4): cut right of its own line rather, as long as
            // most of it stays, even with less room than a few letters need.
            const double leftEdge = x - 3 * m_markerScale - whole;
            const auto onTheLeft = [&](double at) {
                const double lineX = chartX(at);
                return std::isfinite(lineX) && lineX > leftEdge && lineX < x - 1;
            };
            const bool coversAnother
                = std::any_of(m_markers.begin(), m_markers.end(), [&](const ChartMarker &other) {
                      return onTheLeft(other.x0) || (other.band && onTheLeft(other.x1));
                  });
            const bool cutRight = mostFitsRight || (coversAnother && roomRight >= 0.6 * whole);
            if (whole <= roomRight) {
                chosen = freeRow(right);
            } else if (cutRight && (chosen = freeRow(right)) >= 0) {
                width = roomRight;
            } else {
                left = x - 3 * m_markerScale - whole;
                chosen = freeRow(left);
                if (chosen < 0 && roomRight >= shortest) {
                    left = right;
                    width = roomRight;
                    chosen = freeRow(right);
                }
                // Too little room right of a line near the plot's right
                // edge (a small chart, presenting's larger letters): cut left of it.
                const double roomLeft = x - 3 * m_markerScale - (plot.left() + 1);
                if (chosen < 0 && roomRight < shortest && roomLeft >= shortest) {
                    width = std::min(whole, roomLeft);
                    left = x - 3 * m_markerScale - width;
                    chosen = freeRow(left);
                }
            }
            // Every row is taken here: shorten the row's last label that keeps the most of itself.
            if (chosen < 0 && roomRight >= shortest) {
                left = right;
                width = std::min(whole, roomRight);
                double kept = 0;
                int from = -1;
                for (int row = 0; row < kMarkerLabelRows && rowFits(row); ++row) {
                    const double room = rowLast[row] < 0 || leftOfLine[rowLast[row]]
                                            ? 0
                                            : left - gap - places[rowLast[row]].rect.left();
                    if (room > kept && room >= least(m_markers[rowLast[row]].label)) {
                        kept = room;
                        from = row;
                    }
                }
                if (from >= 0) {
                    LabelPlace &before = places[rowLast[from]];
                    before.rect.setWidth(kept);
                    before.text = ChartCard::cutMarkerLabel(metrics, before.text, kept - padding);
                    chosen = from;
                }
            }
            if (chosen >= 0) {
                place.rect = QRectF(left, rowTop(chosen), width, height);
                // Cut in the middle: "consumers = 4" keeps its value (cutMarkerLabel()).
                place.text = width < whole
                                 ? ChartCard::cutMarkerLabel(metrics, m.label, width - padding)
                                 : m.label;
                rowLast[chosen] = int(places.size());
            }
        }
        leftOfLine.append(!place.rect.isEmpty() && place.rect.left() < x);
        places.append(place);
    }
    return places;
}

void ChartCard::paintMarkers(QPainter *painter, bool foreground) const
{
    if (m_markers.isEmpty() || !hasData())
        return;
    const QRectF plot = chart()->plotArea();
    painter->save();
    painter->setClipRect(plot);
    painter->setRenderHint(QPainter::Antialiasing);
    const QList<LabelPlace> labels = foreground ? labelPlaces() : QList<LabelPlace>();
    for (int i = 0; i < m_markers.size(); ++i) {
        const ChartMarker &m = m_markers[i];
        const double x0 = chartX(m.x0);
        const double x1 = m.band ? chartX(m.x1) : x0;
        if (!std::isfinite(x0) || !std::isfinite(x1))
            continue;
        if (!foreground) {
            if (m.band && x1 > x0) {
                QColor fill = m.color;
                fill.setAlpha(45);
                painter->fillRect(QRectF(QPointF(x0, plot.top()), QPointF(x1, plot.bottom())),
                                  fill);
            }
            continue;
        }
        QPen pen(m.color, markerLineWidth());
        if (!m.band)
            pen.setStyle(Qt::DashLine);
        painter->setPen(pen);
        painter->drawLine(QPointF(x0, plot.top()), QPointF(x0, plot.bottom()));
        if (m.band && x1 > x0) {
            QColor edge = m.color;
            edge.setAlpha(150);
            painter->setPen(QPen(edge, markerLineWidth() * 0.6));
            painter->drawLine(QPointF(x1, plot.top()), QPointF(x1, plot.bottom()));
        }
    }
    if (foreground) {
        painter->setFont(markerFont(m_markerScale));
        for (int i = 0; i < m_markers.size(); ++i) {
            if (labels[i].rect.isEmpty())
                continue;
            const ChartMarker &m = m_markers[i];
            painter->setPen(QPen(m.color, 1));
            // See-through: the lines under a label stay visible, the text readable.
            painter->setBrush(QColor(255, 255, 255, 170));
            painter->drawRoundedRect(labels[i].rect, 3, 3);
            painter->setPen(m.color.darker(130));
            painter->drawText(labels[i].rect, Qt::AlignCenter, labels[i].text);
        }
    }
    painter->restore();
}

QRectF ChartCard::markerRect(int index) const
{
    if (index < 0 || index >= m_markers.size() || !hasData())
        return {};
    const ChartMarker &m = m_markers[index];
    const QRectF plot = chart()->plotArea();
    double x0 = chartX(m.x0);
    double x1 = m.band ? chartX(m.x1) : x0;
    if (!std::isfinite(x0) || x0 > plot.right() || x1 < plot.left())
        return {};
    x0 = std::max(x0, plot.left());
    x1 = std::min(x1, plot.right());
    const QRectF inChart(QPointF(x0, plot.top()), QPointF(x1, plot.bottom()));
    return m_view->mapFromScene(chart()->mapToScene(inChart)).boundingRect();
}

QRectF ChartCard::markerLabelRect(int index) const
{
    const QList<LabelPlace> places = labelPlaces();
    if (index < 0 || index >= places.size() || places[index].rect.isEmpty())
        return {};
    return m_view->mapFromScene(chart()->mapToScene(places[index].rect)).boundingRect();
}

QString ChartCard::markerLabelText(int index) const
{
    const QList<LabelPlace> places = labelPlaces();
    return index >= 0 && index < places.size() ? places[index].text : QString();
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
    // On the chart's own background (a theme's is a gradient, whose colour
    // is no colour: its top), so a budget's line, drawn without data, does
    // not strike the text through.
    const QBrush brush = chart()->backgroundBrush();
    QColor background = brush.gradient() && !brush.gradient()->stops().isEmpty()
                            ? brush.gradient()->stops().front().second
                            : brush.color();
    if (!background.isValid() || brush.style() == Qt::NoBrush)
        background = palette().color(QPalette::Base);
    m_noData->setStyleSheet(
        QStringLiteral("color: palette(mid); font-size: 12pt; background-color: %1;")
            .arg(background.name()));
    placeNoData();
    updateMarkers();
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
    m_enlarge->setIcon(style()->standardIcon(enlarged ? QStyle::SP_TitleBarNormalButton
                                                      : QStyle::SP_TitleBarMaxButton));
    m_enlarge->setToolTip(enlarged ? tr("Back to all charts (Esc or double-click)")
                                   : tr("Enlarge this chart (or double-click it)"));
    m_enlarge->setAccessibleName(enlarged ? tr("Back to all charts") : tr("Enlarge chart"));
}

void ChartCard::placeNoData()
{
    // As tall as its text, in the middle.
    QRect r = m_view->rect().adjusted(12, 12, -12, -12);
    const int height = std::min(r.height(), m_noData->heightForWidth(r.width()) + 8);
    m_noData->setGeometry(r.left(), r.center().y() - height / 2, r.width(), height);
}

bool ChartCard::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::Resize)
        placeNoData();
    if (watched == m_view->viewport() && event->type() == QEvent::ToolTip && !m_markers.isEmpty()) {
        // What a marker stands for, when hovering its line, band or label.
        auto *help = static_cast<QHelpEvent *>(event);
        const QPointF pos = help->pos();
        QStringList texts;
        for (int i = 0; i < m_markers.size(); ++i) {
            const QRectF r = markerRect(i);
            const QRectF near = r.adjusted(-4, 0, 4, 0);
            if ((!r.isNull() && near.contains(pos)) || markerLabelRect(i).contains(pos))
                texts.append(m_markers[i].toolTip.toHtmlEscaped());
        }
        if (!texts.isEmpty()) {
            QToolTip::showText(help->globalPos(), texts.join(QStringLiteral("<br>")),
                               m_view->viewport());
            return true;
        }
    }
    if (watched == m_view->viewport() && event->type() == QEvent::MouseButtonDblClick
        && m_enlarge) {
        if (static_cast<QMouseEvent *>(event)->button() == Qt::LeftButton) {
            emit enlargeToggled();
            return true;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace cqrs
