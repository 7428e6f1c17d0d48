#pragma once

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QFrame>
#include <QList>
#include <QPen>
#include <QRectF>
#include <QString>

#include <cqrs/model/model.h>
#include <string>

class QChart;
class QChartView;
class QLabel;
class QPainter;
class QToolButton;

class QFontMetricsF;

namespace cqrs {

/// A user's name made safe for a widget: at most maxChars characters
/// (a 100 KB name never reaches a legend or a layout), "…" when cut.
QString boundedText(const std::string &text, int maxChars = 200);
QString boundedText(const QString &text, int maxChars = 200);
/// An element's name as the canvas shows it, bounded as boundedText() does;
/// its id when the model has no such element or it has no name.
QString elementDisplayName(const Model &model, const std::string &id, int maxChars = 60);
/// How many labels a chart's vertical axis shows whole, from 2 to `most`:
/// Qt Charts gives each the plot's height over the label count, less 4 px
/// above and below, and draws one that does not fit as "…". `most` while
/// the chart is not laid out yet.
int yAxisLabelRoom(const QChart *chart, const QFont &labels, int most);

/// A chart's legend as a widget: entries flow into as many rows as the width
/// needs, so no entry is ever cut to "a...". Names longer than
/// kMaxEntryChars are shortened with "…" (a run's prefix, "A · " or
/// "B (variant) · ", is not counted); the tooltip has the full name.
class ChartLegend final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMaxEntryChars = 28;
    struct Entry
    {
        QString name; ///< the full (bounded) name
        QPen pen;
        QString toolTip = {}; ///< when the name is a short form: the long one
        int prefixChars = 0;  ///< a leading prefix kept whole, not counted in kMaxEntryChars
        QString suffix = {};  ///< kept whole after the (shortened) name: " = #4"
    };

    explicit ChartLegend(QWidget *parent = nullptr);
    void setEntries(const QList<Entry> &entries);
    int entryCount() const { return int(m_entries.size()); }
    /// The text an entry shows (the name, shortened when long).
    QString entryText(int index) const;
    QString entryToolTip(int index) const;
    /// Where the entry's text is drawn at the current width.
    QRect entryTextRect(int index) const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;

private:
    void fitHeight();
    struct Placed
    {
        QRect swatch;
        QRect text;
    };
    QList<Placed> place(int width) const;
    int entryWidth(int index) const;

    QList<Entry> m_entries;
};

/// A fault or change drawn on a chart's time axis (x in the axis's units):
/// a shaded band from x0 to x1, or a vertical line at x0, with a short label.
struct ChartMarker
{
    double x0 = 0;
    double x1 = 0;
    bool band = false;
    QString label;
    QString toolTip;
    QColor color;
    bool operator==(const ChartMarker &) const = default;
};

class MarkerLayer;

/// One chart of the live panel: a header with the title (its tooltip says
/// what the chart means) and buttons to enlarge and save it, the chart, and
/// its legend. A clean card (for pictures) has the header without buttons.
class ChartCard final : public QFrame
{
    Q_OBJECT

public:
    enum class Mode { Interactive, Clean };
    ChartCard(QChart *chart, Mode mode, QWidget *parent = nullptr);

    QChartView *view() const { return m_view; }
    QChart *chart() const;
    ChartLegend *legend() const { return m_legend; }
    QLabel *titleLabel() const { return m_title; }
    QToolButton *enlargeButton() const { return m_enlarge; }
    QToolButton *saveButton() const { return m_save; }

    void setTitle(const QString &title, const QString &toolTip);
    /// What a screen reader announces for the card and its chart: the title
    /// (setTitle() sets it, with the tooltip as plain text for description).
    void setAccessibleText(const QString &name, const QString &description);
    /// Shows text in place of the plot and hides its axes ("" = data to show).
    void setNoData(const QString &text);
    QString noDataText() const;
    bool hasData() const { return m_noDataText.isEmpty(); }
    void setEnlarged(bool enlarged);

    /// The faults and changes drawn over the plot (the one drawing routine of
    /// every chart card); hidden while the card shows no data.
    void setMarkers(const QList<ChartMarker> &markers);
    const QList<ChartMarker> &markers() const { return m_markers; }
    /// Where marker `index` is drawn, in the chart view's coordinates (a
    /// zero-width rectangle for a line, the plot's height); empty when it is
    /// outside the axis or not drawn.
    QRectF markerRect(int index) const;
    /// Where its label is drawn, in the view's coordinates (empty when there is no room for it).
    QRectF markerLabelRect(int index) const;
    /// The text its label shows: the marker's label, elided when a later
    /// label needed the room; empty when it has none.
    QString markerLabelText(int index) const;
    /// A marker's label cut to `width` pixels: in the middle while its last
    /// word stays whole ("consumers = 4", "UserSe…x down"), else at its
    /// start ("…dex down", not "Us…wn").
    static QString cutMarkerLabel(const QFontMetricsF &metrics, const QString &label, double width);
    /// Line widths and label size of the markers (1 = normal, larger for a projector).
    void setMarkerScale(double scale);
    double markerScale() const { return m_markerScale; }
    /// The pen width marker lines are drawn with.
    double markerLineWidth() const;
    /// The font marker labels are drawn with.
    QFont markerLabelFont() const;

    /// For a projector: large title, legend and axis text (pixel sizes, times
    /// `scale`: 1 on a 1080-line screen, less on a smaller one), thick axis
    /// lines and markers, black text on white; false puts back exactly what
    /// was there before.
    void setPresenting(bool presenting, double scale = 1.0);
    bool isPresenting() const { return m_presenting; }

signals:
    void enlargeToggled();
    void saveRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    friend class MarkerLayer;
    void placeNoData();
    /// x of a marker in the chart's coordinates, on the plot (nullopt-like NaN off the axis).
    double chartX(double x) const;
    struct LabelPlace
    {
        QRectF rect; ///< in the chart's coordinates; empty: no label
        QString text;
    };
    QList<LabelPlace> labelPlaces() const;
    void paintMarkers(QPainter *painter, bool foreground) const;
    void updateMarkers();

    QChartView *m_view;
    QLabel *m_title;
    QLabel *m_noData;
    ChartLegend *m_legend;
    QToolButton *m_enlarge = nullptr;
    QToolButton *m_save = nullptr;
    QString m_noDataText;
    QList<ChartMarker> m_markers;
    MarkerLayer *m_markerBands = nullptr;
    MarkerLayer *m_markerLines = nullptr;
    double m_markerScale = 1;
    bool m_presenting = false;
    struct AxisLook
    {
        QFont labels, title;
        QPen line, grid;
        QBrush labelBrush, titleBrush;
    };
    QList<AxisLook> m_normalAxes; ///< the axes as they were before presenting
};

} // namespace cqrs
