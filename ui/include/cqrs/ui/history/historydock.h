#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QFontMetrics;
#include <vector>

class QAction;
class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QTableView;

namespace cqrs {

class HistoryFilterModel;
class HistoryModel;
class HistoryStore;

/// The History dock's contents: the recorded runs, newest first, with their
/// headline figures; filter by text and model, sort by any column; rename
/// (F2 or double-click on the name), tag, star (each undone with Ctrl+Z in
/// the list) and delete (with confirmation; the Delete key too); Enter opens a run; open a run
/// read-only, open its model, compare 2 to 6 runs. When the history file is refused, it says why
/// instead, and offers to set a damaged file aside and start a new history.
class HistoryDock final : public QWidget
{
    Q_OBJECT

public:
    /// The name column's width when the names are longer: wider only where
    /// the list has room to spare (fitNameColumn()).
    static constexpr int kNameWidth = 220;

    HistoryDock(HistoryStore *store, HistoryModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    HistoryFilterModel *filterModel() const { return m_filter; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    QComboBox *modelCombo() const { return m_modelCombo; }
    /// All runs, single runs, sweep points or starred runs.
    QComboBox *kindCombo() const { return m_kindCombo; }
    /// The reason the history is unavailable (hidden when it is fine).
    QLabel *problemLabel() const { return m_problem; }
    /// "Start a New History…": shown with the problem when the file can be set aside.
    QPushButton *newHistoryButton() const { return m_newHistory; }
    /// Asks, then sets the refused file aside and opens a new history.
    void startNewHistory();
    /// "3 runs", "1 of 4 runs".
    QLabel *countLabel() const { return m_count; }

    /// The ids of the selected runs, in the order shown.
    std::vector<qint64> selectedIds() const;
    /// Selects these runs (tests, and after a run is recorded).
    void selectIds(const std::vector<qint64> &ids);

    QAction *openRunAction() const { return m_openRun; }
    QAction *openModelAction() const { return m_openModel; }
    QAction *compareAction() const { return m_compare; }
    QAction *renameAction() const { return m_rename; }
    QAction *tagsAction() const { return m_tags; }
    QAction *starAction() const { return m_star; }
    QAction *deleteAction() const { return m_delete; }
    QAction *refreshAction() const { return m_refresh; }
    /// Undo and redo of the history's changes (rename, tags, star).
    QAction *undoAction() const { return m_undo; }
    QAction *redoAction() const { return m_redo; }
    /// Columns: which the list shows and "Reset Columns" (also the header's menu).
    QMenu *columnsMenu() const { return m_columnsMenu; }
    /// Shows or hides a column (HistoryModel::Column) and keeps the choice.
    /// The name is always shown; the model only where runs of several
    /// models are listed.
    void setColumnShown(int column, bool shown);
    /// Every column shown, in the first order (Tags after the name).
    void resetColumns();

    /// Asks, then deletes the selected runs.
    void deleteSelected();

    static constexpr int kMaxCompared = 6;

    /// A run's name as the list shows it in `width` pixels: a sweep point's
    /// "Model (readModels.x.update.interval = 0.5, readModels.x.consumers =
    /// 2)" first loses the paths' collections, then keeps only their fields,
    /// then the model's name, before the list cuts it in the middle, so
    /// that every swept value stays in sight. A sweep point's (sweepPoint)
    /// then gives up the fields' names ("… (inte… = 0.5, cons… = 2)", then
    /// "… (0.5, 2)"); another name that looks alike (a run renamed "Before
    /// fix (retries = 3)") keeps what its user wrote.
    static QString fittedName(const QString &name, const QFontMetrics &metrics, int width,
                              bool sweepPoint);

signals:
    void openRunRequested(qint64 id);
    void openModelRequested(qint64 id);
    void compareRequested(const std::vector<qint64> &ids);
    /// A new history was started; the refused file is kept as `keptAs`.
    void newHistoryStarted(const QString &keptAs);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateActions();
    void updateModels();
    void updateModelColumn();
    /// The name column as wide as its names, where the list has the room.
    void fitNameColumn(bool namesChanged = false);
    void layOutFilters(bool stacked);
    void updateCount();
    void editTags();
    void showProblem(const QString &problem);
    void hideProblem();
    void fillColumnsMenu();
    void restoreColumns();
    void saveColumns() const;

    HistoryStore *m_store;
    HistoryModel *m_model;
    HistoryFilterModel *m_filter;
    QLineEdit *m_filterEdit;
    QComboBox *m_modelCombo;
    QComboBox *m_kindCombo;
    QGridLayout *m_filters;
    bool m_filtersStacked = false;
    /// Narrower than this, the text filter has a row of its own.
    static constexpr int kOneFilterRowWidth = 520;
    QWidget *m_problemBox;
    QLabel *m_problem;
    QPushButton *m_newHistory;
    QLabel *m_count;
    QTableView *m_view;
    bool m_columnsFitted = false;  ///< fitted to the first runs listed (then the user's)
    bool m_fittingColumns = false; ///< the dock sizes them, not the user
    unsigned m_sizedColumns = 0;   ///< columns the user sized, one bit each
    bool userSized(int column) const { return (m_sizedColumns & (1u << column)) != 0; }
    int m_nameHint = -1;          ///< the width the names want, measured when they change
    bool m_nameFitQueued = false; ///< the rows listed changed: names measured again once
    QElapsedTimer m_typed;        ///< since a letter was typed in the list (to find a row)
    /// The selection and current cell while the list reloads (after a
    /// rename, a star, tags or Refresh), by run: selected again once loaded.
    std::vector<qint64> m_keptSelection;
    qint64 m_keptCurrent = 0;
    int m_keptColumn = 0;
    int m_keptScroll = 0;
    QMenu *m_columnsMenu = nullptr;
    unsigned m_hiddenColumns = 0;   ///< the columns the user hid, one bit each
    bool m_holdColumnSaves = false; ///< Reset Columns saves once, at its end
    QAction *m_openRun, *m_openModel, *m_compare, *m_rename, *m_tags, *m_star, *m_delete,
        *m_refresh, *m_undo, *m_redo;
};

} // namespace cqrs
