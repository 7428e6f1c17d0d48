#pragma once

#include <QColor>
#include <QPen>
#include <QWidget>
#include <cqrs/history/compare.h>
#include <cqrs/history/runstore.h>
#include <vector>

class QChart;
class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QEvent;
class QScrollArea;
class QTableWidget;

namespace cqrs {

class ChartCard;

/// A value's change against the first run's, as the Key Figures show it:
/// "+12%", "-50%", "+0.3%", and from ten times on a factor, "×68".
QString relativeChangeText(double relative);

/// Two to six recorded runs side by side: the same charts overlaid (one
/// colour per run, the same in every chart; the legend names the run), the
/// key figures with each run's value and its change against the first
/// (oldest) run
/// (green when better, red when worse, by the figure's direction), and the
/// model parameters that differ between the runs.
class CompareView final : public QWidget
{
    Q_OBJECT

public:
    enum ChartId { Accepted, Window, Backlog, Lag, Stale, Published, ChartCount };

    explicit CompareView(std::vector<history::RunRecord> runs, QWidget *parent = nullptr);

    const std::vector<history::RunRecord> &runs() const { return m_runs; }
    /// The colour of the i-th run, in every chart and table.
    static QColor runColor(int index);
    /// The i-th run's line: its colour, and dashes of its own for every run
    /// but the first.
    static QPen runPen(int index);
    /// "#12 name", the legend's and the tables' name of a run (the name cut
    /// at maxChars).
    QString runLabel(int index, int maxChars = 60) const;
    /// chartLabel(), cut to a table column's width.
    QString columnLabel(int index) const;
    /// "#12" and what sets the run's name apart from the others' ("#12
    /// wait-for-version" among "Shop — GetCart: …"): the charts' short legends,
    /// which would otherwise cut every name before the part that differs.
    QString chartLabel(int index) const;
    /// What is left of each name without the words all of them begin and end
    /// with; a name of which nothing would be left stays whole, and all the
    /// names do when the parts would not tell them apart.
    static QStringList distinctParts(const QStringList &names);
    /// The y axis's tick step for 0..top with at most `labels` labels: one
    /// that ends on the top, of 1, 2, 2.5 or 5 x 10^n; else the top itself.
    static double yTickStep(double top, int labels);
    /// Each value of a key figure's row as the table writes it: three
    /// significant digits, unless that hides the change given beside it
    /// ("0.4%" and "0.3%" for a change of −1.7%); then as many more digits as
    /// it takes ("0.35%", "0.344%"). An empty text for a missing value.
    static std::vector<QString> figureTexts(const history::CompareRow &row);

    ChartCard *card(ChartId id) const { return m_cards[id]; }
    QChart *chart(ChartId id) const;
    QTableWidget *figuresTable() const { return m_figures; }
    QTableWidget *parametersTable() const { return m_parameters; }
    /// "Only figures that differ": hides the key figures' rows that are the same in every run.
    QCheckBox *onlyDifferingCheck() const { return m_onlyDiffering; }
    QComboBox *readModelCombo() const { return m_readModel; }
    QComboBox *queryCombo() const { return m_query; }
    /// Why some of the compared runs cannot differ (empty: nothing to say).
    QLabel *noteLabel() const { return m_note; }
    /// Names what runs stored but cannot be read again (hidden when nothing).
    QLabel *unreadableLabel() const { return m_unreadable; }
    const std::vector<history::CompareRow> &rows() const { return m_rows; }
    int differenceCount() const { return m_differences; }
    /// This comparison as one self-contained HTML page (Export Report…).
    QString reportHtml() const;
    /// The name its report offers: "User profile runs 3-4" (the model, when
    /// every run has the same, and the run numbers).
    QString exportBaseName() const;

signals:
    /// A run's column header was double-clicked.
    void openRunRequested(qint64 id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// As many columns of charts as the window's width holds (one to three).
    void layOutCards();
    void fillCharts();
    /// The y axis's labels as many as its plot's height holds (yAxisLabelRoom()).
    void fitYTicks(ChartId id);
    void fillFigures();
    void showFigureRows();
    void fillParameters(const std::vector<history::ParameterDifference> &diffs);
    void selectComparedElements(const std::vector<const Model *> &models,
                                const std::vector<history::ParameterDifference> &diffs);

    std::vector<history::RunRecord> m_runs;
    QStringList m_distinctNames;    ///< distinctParts() of the runs' names
    std::vector<bool> m_rowDiffers; ///< per key figure: not the same in every run
    std::vector<Json> m_series;
    /// Per run: "#5 stopped after 41 s of 10 min" when it ended early, else empty.
    std::vector<QString> m_partial;
    std::vector<history::CompareRow> m_rows;
    ChartCard *m_cards[ChartCount] = {};
    QGridLayout *m_grid = nullptr;
    QScrollArea *m_gridScroll = nullptr;
    int m_gridColumns = 0;
    QComboBox *m_readModel;
    QComboBox *m_query;
    QLabel *m_note;
    QLabel *m_unreadable;
    QTableWidget *m_figures = nullptr;
    QTableWidget *m_parameters = nullptr;
    QCheckBox *m_onlyDiffering;
    int m_differences = 0;
};

} // namespace cqrs
