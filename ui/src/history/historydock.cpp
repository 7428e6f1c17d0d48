#include "cqrs/ui/history/historydock.h"

#include "cqrs/ui/common/windowkeys.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/history/historystore.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QResizeEvent>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QSettings>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QToolTip>
#include <QUndoStack>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

namespace cqrs {

namespace {

/// A column's own drawing: the cell's option as the view fills it in.
class CellDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    QStyleOptionViewItem cellOption(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        return opt;
    }
    static QStyle *styleOf(const QStyleOptionViewItem &opt)
    {
        return opt.widget ? opt.widget->style() : QApplication::style();
    }
};

/// The Star column as a star, gold when set and hollow when not. A check
/// box there read as "select this run", and Compare works on the selected
/// rows: ticking two runs to compare them starred them instead. A click on
/// the star sets or clears it as the box did (Space: the Star action).
class StarDelegate final : public CellDelegate
{
public:
    using CellDelegate::CellDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = cellOption(option, index);
        const bool starred = opt.checkState == Qt::Checked;
        opt.features &= ~QStyleOptionViewItem::HasCheckIndicator;
        opt.text.clear();
        styleOf(opt)->drawControl(QStyle::CE_ItemViewItem, &opt, painter,
                                  opt.widget); // background, selection, focus
        painter->save();
        QFont font = opt.font;
        font.setPixelSize(std::max(12, opt.rect.height() * 2 / 3));
        painter->setFont(font);
        const bool selected = opt.state & QStyle::State_Selected;
        painter->setPen(starred ? QColor(0xc8, 0x8a, 0x00)
                                : opt.palette.color(selected ? QPalette::HighlightedText
                                                             : QPalette::PlaceholderText));
        painter->drawText(opt.rect, Qt::AlignCenter,
                          starred ? QStringLiteral("\u2605") : QStringLiteral("\u2606"));
        painter->restore();
    }

    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override
    {
        if (!(index.flags() & Qt::ItemIsUserCheckable) || !(index.flags() & Qt::ItemIsEnabled))
            return false;
        bool toggle = false;
        switch (event->type()) {
        case QEvent::MouseButtonRelease: {
            const auto *mouse = static_cast<QMouseEvent *>(event);
            toggle = mouse->button() == Qt::LeftButton
                     && option.rect.contains(mouse->position().toPoint());
            break;
        }
        case QEvent::MouseButtonDblClick:
            return true; // not "open this run"; the release that follows toggles again, as a check
                         // box does
        case QEvent::KeyPress: {
            // Not Ctrl+Space: that adds the run to the selection or takes it
            // out, as in any list (it starred a run that was not selected).
            const auto *key = static_cast<QKeyEvent *>(event);
            toggle = (key->key() == Qt::Key_Space || key->key() == Qt::Key_Select)
                     && !(key->modifiers()
                          & (Qt::ControlModifier | Qt::ShiftModifier | Qt::AltModifier));
            break;
        }
        default:
            break;
        }
        if (!toggle)
            return false;
        const bool starred = index.data(Qt::CheckStateRole).toInt() == Qt::Checked;
        return model->setData(index, starred ? Qt::Unchecked : Qt::Checked, Qt::CheckStateRole);
    }
};

/// The Name column: names that do not fit shortened by HistoryDock::fittedName
/// (the whole name is the cell's tool tip).
class NameDelegate final : public CellDelegate
{
public:
    using CellDelegate::CellDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = cellOption(option, index);
        QStyle *style = styleOf(opt);
        const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget);
        const int margin
            = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, opt.widget) + 1;
        opt.text = HistoryDock::fittedName(opt.text, opt.fontMetrics, textRect.width() - 2 * margin,
                                           index.data(HistoryModel::SweepPointRole).toBool());
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    }
};

/// Home and End go to the first and the last run, as in a file list, in the
/// current column; Shift selects the runs on the way from the anchor. The
/// table's own went to the row's first or last column (the list scrolled
/// sideways), and with Ctrl moved without selecting: F2 then renamed one run
/// and Delete offered another.
class HistoryTable final : public QTableView
{
public:
    using QTableView::QTableView;

protected:
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override
    {
        if (action != MoveHome && action != MoveEnd)
            return QTableView::moveCursor(action, modifiers);
        const int rows = model() ? model()->rowCount(rootIndex()) : 0;
        if (rows == 0)
            return {};
        const QModelIndex current = currentIndex();
        const int column = current.isValid() ? current.column() : int(HistoryModel::Name);
        return model()->index(action == MoveHome ? 0 : rows - 1, column, rootIndex());
    }

    void keyPressEvent(QKeyEvent *event) override
    {
        QTableView::keyPressEvent(event);
        // Already on the first run (the list just opened, nothing selected):
        // the view selects only when the current cell moves.
        if ((event->key() == Qt::Key_Home || event->key() == Qt::Key_End)
            && !(event->modifiers() & Qt::ShiftModifier) && currentIndex().isValid()
            && !selectionModel()->isRowSelected(currentIndex().row(), rootIndex()))
            selectionModel()->select(currentIndex(), QItemSelectionModel::ClearAndSelect
                                                         | QItemSelectionModel::Rows);
    }

    QItemSelectionModel::SelectionFlags selectionCommand(const QModelIndex &index,
                                                         const QEvent *event) const override
    {
        if (event && event->type() == QEvent::KeyPress) {
            const auto *key = static_cast<const QKeyEvent *>(event);
            if ((key->key() == Qt::Key_Home || key->key() == Qt::Key_End)
                && !(key->modifiers() & Qt::ShiftModifier))
                return QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows;
        }
        return QTableView::selectionCommand(index, event);
    }
};

} // namespace

QString HistoryDock::fittedName(const QString &name, const QFontMetrics &metrics, int width,
                                bool sweepPoint)
{
    const auto fits = [&](const QString &text) {
        return metrics.horizontalAdvance(text) <= width;
    };
    if (fits(name) || !name.contains(QLatin1String(" = ")))
        return name;
    // "readModels.search-index.consumers = 2" → "search-index.consumers = 2".
    static const QRegularExpression collection(QStringLiteral(
        R"((?<![\w.-])(?:readModels|queries|commands|policies|aggregates|events|workload|eventBus)\.(?=[\w.-]+ = ))"));
    QString shorter = name;
    shorter.remove(collection);
    if (fits(shorter))
        return shorter;
    // "search-index.consumers = 2" → "consumers = 2".
    static const QRegularExpression path(QStringLiteral(R"([\w-]+(?:\.[\w-]+)+(?= = ))"));
    QString fields;
    qsizetype at = 0;
    for (auto it = path.globalMatch(shorter); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        fields += QStringView(shorter).mid(at, m.capturedStart() - at);
        fields += m.captured().section(QLatin1Char('.'), -1);
        at = m.capturedEnd();
    }
    fields += QStringView(shorter).mid(at);
    if (fits(fields))
        return fields;
    // "User profile (consumers = 2, …)" → "… (consumers = 2, …)".
    const qsizetype open = fields.lastIndexOf(QLatin1String(" ("));
    if (open <= 0 || !fields.endsWith(QLatin1Char(')')))
        return fields;
    const QString values = QStringLiteral("…") + fields.mid(open);
    if (fits(values) || !sweepPoint)
        return values;
    // "… (consumers = 2, interval = 14400)" → "… (cons… = 2, inte… = 14400)",
    // then "… (2, 14400)": the values are what tell a sweep's points apart
    // (cut in the middle, the first was gone).
    static const QRegularExpression field(QStringLiteral(R"(([\w-]{4})[\w-]+ = )"));
    QString abbreviated = values;
    abbreviated.replace(field, QStringLiteral("\\1… = "));
    if (fits(abbreviated))
        return abbreviated;
    static const QRegularExpression named(QStringLiteral(R"([\w-]+ = )"));
    return QString(values).remove(named);
}

HistoryDock::HistoryDock(HistoryStore *store, HistoryModel *model, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_model(model)
    , m_filter(new HistoryFilterModel(this))
{
    setObjectName(QStringLiteral("historyPanel"));
    m_filter->setSourceModel(model);
    m_filter->setSortRole(HistoryModel::SortRole);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);

    m_problemBox = new QWidget(this);
    auto *problemLayout = new QVBoxLayout(m_problemBox);
    problemLayout->setContentsMargins(0, 0, 0, 0);
    m_problem = new QLabel(m_problemBox);
    m_problem->setObjectName(QStringLiteral("historyProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(
        QStringLiteral("QLabel { background: #fdecea; color: #8a1c1c; padding: 6px; }"));
    problemLayout->addWidget(m_problem);
    m_newHistory = new QPushButton(tr("Start a New History…"), m_problemBox);
    m_newHistory->setObjectName(QStringLiteral("historyStartNew"));
    m_newHistory->setToolTip(tr("Rename the file that cannot be used, keeping it as it is, and "
                                "record runs in a new, empty history"));
    auto *newRow = new QHBoxLayout;
    newRow->addWidget(m_newHistory);
    newRow->addStretch(1);
    problemLayout->addLayout(newRow);
    connect(m_newHistory, &QPushButton::clicked, this, &HistoryDock::startNewHistory);
    m_problemBox->hide();
    layout->addWidget(m_problemBox);

    m_filters = new QGridLayout;
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("historyFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter by name, model or tag"));
    m_filterEdit->setClearButtonEnabled(true);
    m_modelCombo = new QComboBox(this);
    m_modelCombo->setObjectName(QStringLiteral("historyModelFilter"));
    m_modelCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_modelCombo->setMinimumContentsLength(14);
    m_modelCombo->addItem(tr("All models"), QString());
    m_kindCombo = new QComboBox(this);
    m_kindCombo->setObjectName(QStringLiteral("historyKindFilter"));
    m_kindCombo->addItem(tr("All runs"), int(HistoryFilterModel::Kind::All));
    m_kindCombo->addItem(tr("Single runs"), int(HistoryFilterModel::Kind::SingleRuns));
    m_kindCombo->addItem(tr("Sweep points"), int(HistoryFilterModel::Kind::SweepPoints));
    m_kindCombo->addItem(tr("Attempts"), int(HistoryFilterModel::Kind::Attempts));
    m_kindCombo->addItem(tr("Starred"), int(HistoryFilterModel::Kind::Starred));
    m_kindCombo->setToolTip(
        tr("Which runs to list: all, runs that are not points of a sweep, only "
           "sweep points, only the attempts at challenges, or only starred runs"));
    layOutFilters(false);
    layout->addLayout(m_filters);

    m_view = new HistoryTable(this);
    // One Tab stop: Tab leaves it, the arrows move inside (a table's Tab went
    // cell to cell and round again, a trap for the keyboard).
    m_view->setTabKeyNavigation(false);
    m_view->setObjectName(QStringLiteral("historyTable"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // Renaming goes through Rename (F2), which checks that one run is chosen.
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(HistoryModel::Id, Qt::DescendingOrder);
    m_view->verticalHeader()->hide();
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    // A sweep's points are named "Model (path = value, seed n)": what tells
    // them apart is at the end, which an elided right end hid.
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setItemDelegateForColumn(HistoryModel::Star, new StarDelegate(m_view));
    m_view->setItemDelegateForColumn(HistoryModel::Name, new NameDelegate(m_view));
    // The room a wide dock has goes to the names (fitNameColumn()), not to
    // the last figure's column.
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    connect(m_view->horizontalHeader(), &QHeaderView::sectionResized, this,
            [this](int section, int oldSize, int newSize) {
                // Hiding a column sizes it to 0 and showing it back: not the user's.
                if (m_fittingColumns || oldSize == 0 || newSize == 0 || section < 0
                    || section >= HistoryModel::ColumnCount)
                    return;
                m_sizedColumns |= 1u << section;
            });
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->installEventFilter(this);
    layout->addWidget(m_view, 1);

    auto *bottom = new QHBoxLayout;
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("historyCount"));
    bottom->addWidget(m_count);
    layout->addLayout(bottom);

    auto make = [this](const QString &text, const char *name, const QString &tip) {
        auto *a = new QAction(text, this);
        a->setObjectName(QLatin1String(name));
        a->setToolTip(tip);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_view->addAction(a);
        return a;
    };
    m_openRun = make(tr("Open Run"), "openRunAction",
                     tr("Show the run's charts and summary again, read-only"));
    m_openModel = make(tr("Open This Model"), "openRunModelAction",
                       tr("Open the model exactly as the run used it, as a new document"));
    m_compare
        = make(tr("Compare"), "compareRunsAction", tr("Put 2 to 6 selected runs side by side"));
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_view->addAction(separator);
    m_rename = make(tr("Rename"), "renameRunAction", tr("Rename the run"));
    m_rename->setShortcut(QKeySequence(Qt::Key_F2)); // shown in the menu; the view's edit key too
    m_tags = make(tr("Edit Tags…"), "tagsRunAction", tr("Tags to find runs by (comma separated)"));
    m_star = make(tr("Star"), "starRunAction", tr("Star or unstar the selected runs"));
    // Wherever the current cell is, not only on the star (an editor's
    // space is its own: a line edit takes the keys it types).
    m_star->setShortcut(QKeySequence(Qt::Key_Space));
    m_delete
        = make(tr("Delete…"), "deleteRunAction", tr("Delete the selected runs from the history"));
    auto *separator2 = new QAction(this);
    separator2->setSeparator(true);
    m_view->addAction(separator2);
    m_refresh = make(tr("Refresh"), "refreshHistoryAction",
                     tr("Read the history again (runs recorded by cqrs-sim or another window)"));
    // Columns: which to show, from the list's menu (the keyboard's way) or
    // the header's; dragged in the header to another place. A narrow dock
    // hides the seed or the start time and keeps the figures in sight.
    auto *separator4 = new QAction(this);
    separator4->setSeparator(true);
    m_view->addAction(separator4);
    m_columnsMenu = new QMenu(tr("Columns"), this);
    m_columnsMenu->setObjectName(QStringLiteral("historyColumnsMenu"));
    m_columnsMenu->menuAction()->setObjectName(QStringLiteral("historyColumnsAction"));
    m_columnsMenu->menuAction()->setToolTip(tr("Choose the columns the list shows"));
    m_view->addAction(m_columnsMenu->menuAction());
    connect(m_columnsMenu, &QMenu::aboutToShow, this, &HistoryDock::fillColumnsMenu);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionsMovable(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this,
            [this, header](const QPoint &at) { m_columnsMenu->popup(header->mapToGlobal(at)); });
    restoreColumns();
    connect(header, &QHeaderView::sectionMoved, this, &HistoryDock::saveColumns);
    // The history's own undo (rename, tags, star), apart from the model's:
    // "Undo Rename run #3 to “eventual reads”". Ctrl+Z in the list (the
    // window's Undo takes back edits of the model).
    auto *separator3 = new QAction(this);
    separator3->setSeparator(true);
    m_view->addAction(separator3);
    m_undo = m_model->undoStack()->createUndoAction(this, tr("Undo"));
    m_undo->setObjectName(QStringLiteral("historyUndoAction"));
    m_redo = m_model->undoStack()->createRedoAction(this, tr("Redo"));
    m_redo->setObjectName(QStringLiteral("historyRedoAction"));
    // The Keyboard Shortcuts list names them so, whatever step they would take back.
    m_undo->setProperty("shortcutsName", tr("Undo"));
    m_redo->setProperty("shortcutsName", tr("Redo"));
    for (QAction *a : {m_undo, m_redo}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_view->addAction(a);
    }
    // Shown in the menu; the list's key filter below takes the keys first.
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo->setShortcut(QKeySequence(tr("Ctrl+Shift+Z")));

    // In a tool bar: in a narrow dock the buttons that do not fit go into
    // its » menu, instead of the row's width holding the window wider than
    // the screen.
    auto *buttons = new QToolBar(this);
    buttons->setObjectName(QStringLiteral("historyButtons"));
    buttons->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (QAction *a : {m_openRun, m_openModel, m_compare, m_delete, m_refresh}) {
        buttons->addAction(a);
        buttons->widgetForAction(a)->setFocusPolicy(Qt::TabFocus); // a tool bar's buttons take none
    }
    // As wide for "Compare (at most 6)" as for "Compare": the buttons after
    // it stay where they are (Delete… moved to where Refresh had been, under
    // the pointer).
    if (QWidget *compare = buttons->widgetForAction(m_compare)) {
        const QString longest = tr("Compare (at most %1)").arg(kMaxCompared);
        const QString shown = m_compare->text();
        m_compare->setText(longest);
        const int width = compare->sizeHint().width();
        m_compare->setText(shown);
        compare->setMinimumWidth(width);
    }
    bottom->addWidget(buttons, 1);

    // What a screen reader announces (the buttons read their action's text and tooltip).
    m_filterEdit->setAccessibleName(tr("Filter runs"));
    m_filterEdit->setAccessibleDescription(
        tr("Shows only the runs whose name, model or tags contain this text"));
    m_modelCombo->setAccessibleName(tr("Model filter"));
    m_modelCombo->setAccessibleDescription(tr("Model filter: shows only the runs of this model"));
    m_kindCombo->setAccessibleName(tr("Kind of runs"));
    m_kindCombo->setAccessibleDescription(
        tr("Kind of runs: all runs, only runs that are not sweep points, "
           "only sweep points, only challenge attempts, or only starred runs"));
    m_view->setAccessibleName(tr("Recorded runs"));
    m_view->setAccessibleDescription(
        tr("The runs in the history, newest first, with their headline figures; "
           "the context menu opens, compares, renames, tags, stars or deletes them"));

    connect(m_openRun, &QAction::triggered, this, [this] {
        const std::vector<qint64> ids = selectedIds();
        if (!ids.empty())
            emit openRunRequested(ids.front());
    });
    connect(m_openModel, &QAction::triggered, this, [this] {
        const std::vector<qint64> ids = selectedIds();
        if (!ids.empty())
            emit openModelRequested(ids.front());
    });
    connect(m_compare, &QAction::triggered, this, [this] {
        const std::vector<qint64> ids = selectedIds();
        if (ids.size() >= 2 && ids.size() <= std::size_t(kMaxCompared))
            emit compareRequested(ids);
    });
    connect(m_rename, &QAction::triggered, this, [this] {
        const QModelIndex current = m_view->currentIndex();
        if (current.isValid())
            m_view->edit(current.siblingAtColumn(HistoryModel::Name));
    });
    connect(m_tags, &QAction::triggered, this, &HistoryDock::editTags);
    connect(m_star, &QAction::triggered, this, [this] {
        const QModelIndexList rows = m_view->selectionModel()->selectedRows(HistoryModel::Star);
        bool all = !rows.isEmpty();
        for (const QModelIndex &i : rows)
            all &= i.data(Qt::CheckStateRole).toInt() == Qt::Checked;
        // By the runs' ids: with only starred runs listed, each run unstarred
        // leaves the list and moves the rows below it. One undo step.
        m_model->setStarred(selectedIds(), !all);
    });
    connect(m_delete, &QAction::triggered, this, &HistoryDock::deleteSelected);
    connect(m_refresh, &QAction::triggered, m_model, &HistoryModel::reload);
    // A double click opens the run wherever it lands, on the name too (the
    // first place a user clicks); F2 and Rename edit the name.
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.column() != HistoryModel::Star)
            emit openRunRequested(index.data(HistoryModel::IdRole).toLongLong());
    });

    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setText(text);
        updateCount();
    });
    connect(m_modelCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setModelName(m_modelCombo->currentData().toString());
        updateCount();
        updateModelColumn();
    });
    // Unstarring a run while only starred runs are listed takes it off the list.
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &HistoryDock::updateCount);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &HistoryDock::updateCount);
    // Other runs listed (a filter typed or cleared): their names measured
    // again, once for all the rows that came and went.
    const auto namesListedChanged = [this] {
        if (std::exchange(m_nameFitQueued, true))
            return;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_nameFitQueued = false;
                fitNameColumn(true);
            },
            Qt::QueuedConnection);
    };
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, namesListedChanged);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, namesListedChanged);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, namesListedChanged);
    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setKind(HistoryFilterModel::Kind(m_kindCombo->currentData().toInt()));
        updateCount();
        QSettings().setValue(QStringLiteral("history/listed"), m_kindCombo->currentData());
    });
    // The kind of runs listed last time (the other filters start empty).
    if (const int kind
        = m_kindCombo->findData(QSettings().value(QStringLiteral("history/listed"), 0).toInt());
        kind > 0)
        m_kindCombo->setCurrentIndex(kind);
    // A reload resets the list: the same runs stay selected (Open Run and
    // the others went grey after each rename, star or Refresh).
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_keptSelection = selectedIds();
        const QModelIndex current = m_view->currentIndex();
        m_keptCurrent = current.isValid() ? current.data(HistoryModel::IdRole).toLongLong() : 0;
        m_keptColumn = current.isValid() ? current.column() : 0;
        m_keptScroll = m_view->verticalScrollBar()->value();
    });
    connect(m_model, &HistoryModel::loaded, this, [this] {
        if (!m_keptSelection.empty())
            selectIds(std::exchange(m_keptSelection, {}));
        if (const int row = m_keptCurrent ? m_model->rowOf(std::exchange(m_keptCurrent, 0)) : -1;
            row >= 0) {
            const QModelIndex current = m_filter->mapFromSource(m_model->index(row, m_keptColumn));
            if (current.isValid())
                m_view->selectionModel()->setCurrentIndex(current, QItemSelectionModel::NoUpdate);
        }
        // Scrolled where it was: a current cell set again scrolls to itself,
        // and every run recorded meanwhile pulled the list back to it.
        m_view->verticalScrollBar()->setValue(m_keptScroll);
        updateModels();
        updateCount();
        updateActions();
        // Fitted once, to the first runs listed: fitted to an empty history's
        // headers, a new user's first runs read "Am...3)".
        // Later runs with longer names (a sweep's points, Compare Read
        // Strategies) widen the name column up to the same limit, until the
        // user sizes it.
        const QScopedValueRollback<bool> fitting(m_fittingColumns, true);
        if (!m_columnsFitted && m_filter->rowCount() > 0) {
            m_columnsFitted = true;
            m_view->resizeColumnsToContents();
            m_view->setColumnWidth(HistoryModel::Name,
                                   std::min(m_view->columnWidth(HistoryModel::Name), kNameWidth));
            // Room for the longest form of a start time, not only today's.
            const QDateTime late(QDate(2026, 12, 31), QTime(23, 59, 59));
            int started = m_view->columnWidth(HistoryModel::Started);
            for (const QString &form : {QLocale().toString(late, QStringLiteral("d MMM HH:mm")),
                                        late.toString(QStringLiteral("yyyy-MM-dd")),
                                        late.toString(QStringLiteral("HH:mm:ss"))})
                started = std::max(started, m_view->fontMetrics().horizontalAdvance(form) + 16);
            m_view->setColumnWidth(HistoryModel::Started, started);
        } else if (m_columnsFitted) {
            // Texts longer since (tags edited, another model's runs) widen
            // their column as far as a name's, unless the user sized it:
            // "ba…ns" stayed cut until the next start.
            const QAbstractItemView *view = m_view; // public there, protected in QTableView
            for (const int column : {int(HistoryModel::Tags), int(HistoryModel::ModelName)}) {
                if (m_view->isColumnHidden(column) || userSized(column))
                    continue;
                const int wanted = std::min(view->sizeHintForColumn(column), kNameWidth);
                if (wanted > m_view->columnWidth(column))
                    m_view->setColumnWidth(column, wanted);
            }
        }
        fitNameColumn(true);
    });
    connect(m_model, &HistoryModel::failed, this, [this](const QString &message) {
        QMessageBox::warning(this, tr("Run History"), message);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &HistoryDock::updateActions);
    connect(m_store, &HistoryStore::unavailable, this, &HistoryDock::showProblem);
    connect(m_store, &HistoryStore::ready, this, &HistoryDock::hideProblem);
    if (m_store->state() == HistoryStore::State::Unavailable)
        showProblem(m_store->problem());
    updateCount();
    updateActions();
}

bool HistoryDock::eventFilter(QObject *watched, QEvent *event)
{
    // Keys of the list itself: Return in the name editor (which has the
    // focus) reaches the list too, and must only finish the rename.
    const QWidget *focus = QApplication::focusWidget();
    const bool editing = focus && focus != m_view && m_view->isAncestorOf(focus);
    // Undo and Redo in the list undo the history's changes (rename, tags,
    // star): they are not on the model's undo stack, and the window's Ctrl+Z
    // undid a model edit out of sight. Taken here before the window's.
    if (watched == m_view && !editing
        && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        const UndoKey key = undoKeyOf(static_cast<QKeyEvent *>(event));
        const bool undo = key == UndoKey::Undo;
        const bool redo = key == UndoKey::Redo;
        if (undo || redo) {
            if (event->type() == QEvent::KeyPress) {
                QUndoStack *stack = m_model->undoStack();
                if (undo ? stack->canUndo() : stack->canRedo()) {
                    if (undo)
                        stack->undo();
                    else
                        stack->redo();
                } else {
                    QToolTip::showText(
                        m_view->mapToGlobal(m_view->viewport()->geometry().center()),
                        (undo ? tr("No change to the run history to undo.")
                              : tr("No change to the run history to redo."))
                            + QLatin1Char('\n')
                            + tr("To undo an edit of the model, press Ctrl+Z on the canvas or "
                                 "use Edit > Undo."),
                        m_view);
                }
            }
            event->accept();
            return true;
        }
    }
    // Space soon after a letter typed in the list is part of the name being
    // typed to find a row ("user profile"), not Star.
    if (watched == m_view && !editing
        && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        const auto *keyEvent = static_cast<QKeyEvent *>(event);
        const bool searching
            = m_typed.isValid() && m_typed.elapsed() < QApplication::keyboardInputInterval();
        if (keyEvent->key() == Qt::Key_Space && keyEvent->modifiers() == Qt::NoModifier
            && searching) {
            event->accept();
            if (event->type() == QEvent::KeyPress) {
                m_typed.start();
                m_view->keyboardSearch(keyEvent->text());
            }
            return true;
        }
        if (event->type() == QEvent::KeyPress && !keyEvent->text().isEmpty()
            && keyEvent->text().at(0).isLetterOrNumber())
            m_typed.start();
    }
    if (watched == m_view && event->type() == QEvent::Resize) // after the viewport has its size
        QMetaObject::invokeMethod(
            this, [this] { fitNameColumn(); }, Qt::QueuedConnection);
    if (watched == m_view && event->type() == QEvent::KeyPress && !editing) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            m_openRun->trigger();
            return true;
        }
        if (key == Qt::Key_Delete) {
            deleteSelected();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void HistoryDock::showProblem(const QString &problem)
{
    const bool aside = m_store->canSetAside();
    m_problem->setText(
        (aside
             ? tr("<b>No run history.</b> %1<br>Runs are not recorded; the file was left as it is. "
                  "Start a new history to record again: the file is renamed and kept.")
             : tr(
                 "<b>No run history.</b> %1<br>Runs are not recorded; the file was left as it is."))
            .arg(problem.toHtmlEscaped()));
    m_newHistory->setVisible(aside);
    m_newHistory->setEnabled(true);
    m_problemBox->show();
    updateActions();
}

void HistoryDock::hideProblem()
{
    m_problemBox->hide();
    updateActions();
}

void HistoryDock::startNewHistory()
{
    if (!m_store->canSetAside())
        return;
    const QString keptAs = m_store->asideName();
    QMessageBox ask(QMessageBox::Question, tr("Start a New History"),
                    tr("Start a new, empty run history?"), QMessageBox::Cancel, this);
    ask.setInformativeText(
        tr("%1\n\nThe file is renamed to %2 and kept byte for byte; nothing in it is deleted. "
           "New runs are recorded in a new %3.")
            .arg(m_store->problem(), QDir::toNativeSeparators(keptAs),
                 QFileInfo(m_store->path()).fileName()));
    QPushButton *start = ask.addButton(tr("Start New History"), QMessageBox::AcceptRole);
    ask.setDefaultButton(start);
    ask.exec();
    if (ask.clickedButton() != start)
        return;
    QString message;
    switch (m_store->setAside(keptAs, &message)) {
    case HistoryStore::Aside::Renamed:
        m_newHistory->setEnabled(false);
        emit newHistoryStarted(keptAs);
        break;
    case HistoryStore::Aside::Reopened:
        m_newHistory->setEnabled(false);
        QMessageBox::information(this, tr("Start a New History"), message);
        break;
    case HistoryStore::Aside::Failed:
        QMessageBox::warning(this, tr("Start a New History"), message);
        break;
    }
}

std::vector<qint64> HistoryDock::selectedIds() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    std::vector<qint64> ids;
    for (const QModelIndex &i : rows)
        ids.push_back(i.data(HistoryModel::IdRole).toLongLong());
    return ids;
}

void HistoryDock::selectIds(const std::vector<qint64> &ids)
{
    QItemSelection selection;
    for (qint64 id : ids) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            selection.select(index, index.siblingAtColumn(HistoryModel::ColumnCount - 1));
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!selection.isEmpty())
        m_view->selectionModel()->setCurrentIndex(selection.indexes().first(),
                                                  QItemSelectionModel::NoUpdate);
}

void HistoryDock::updateActions()
{
    const std::size_t n = selectedIds().size();
    const bool ready = m_store->isReady();
    m_openRun->setEnabled(ready && n == 1);
    m_openModel->setEnabled(ready && n == 1);
    m_compare->setEnabled(ready && n >= 2 && n <= std::size_t(kMaxCompared));
    m_compare->setText(n > std::size_t(kMaxCompared) ? tr("Compare (at most %1)").arg(kMaxCompared)
                                                     : tr("Compare"));
    m_rename->setEnabled(ready && n == 1);
    m_tags->setEnabled(ready && n >= 1);
    m_star->setEnabled(ready && n >= 1);
    // What it will do: unstar when every selected run has its star (it read
    // "Star" there, and unstarred).
    const QModelIndexList starred = m_view->selectionModel()->selectedRows(HistoryModel::Star);
    const bool allStarred
        = !starred.isEmpty()
          && std::all_of(starred.begin(), starred.end(), [](const QModelIndex &i) {
                 return i.data(Qt::CheckStateRole).toInt() == Qt::Checked;
             });
    m_star->setText(allStarred ? tr("Unstar") : tr("Star"));
    m_delete->setEnabled(ready && n >= 1);
    m_refresh->setEnabled(ready);
}

void HistoryDock::layOutFilters(bool stacked)
{
    // One row where there is room; in a narrow dock the text filter gets a
    // row of its own (squeezed beside the two boxes it read "Fi…").
    m_filtersStacked = stacked;
    for (QWidget *w : {static_cast<QWidget *>(m_filterEdit), static_cast<QWidget *>(m_modelCombo),
                       static_cast<QWidget *>(m_kindCombo)})
        m_filters->removeWidget(w);
    for (int column = 0; column < 3; ++column)
        m_filters->setColumnStretch(column, 0);
    if (stacked) {
        m_filters->addWidget(m_filterEdit, 0, 0, 1, 2);
        m_filters->addWidget(m_modelCombo, 1, 0);
        m_filters->addWidget(m_kindCombo, 1, 1);
        m_filters->setColumnStretch(0, 1);
    } else {
        m_filters->addWidget(m_filterEdit, 0, 0);
        m_filters->addWidget(m_modelCombo, 0, 1);
        m_filters->addWidget(m_kindCombo, 0, 2);
        m_filters->setColumnStretch(0, 2);
        m_filters->setColumnStretch(1, 1);
    }
}

void HistoryDock::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    const bool stacked = width() < kOneFilterRowWidth;
    if (stacked != m_filtersStacked)
        layOutFilters(stacked);
}

void HistoryDock::fitNameColumn(bool namesChanged)
{
    if (!m_columnsFitted || userSized(HistoryModel::Name)
        || m_view->isColumnHidden(HistoryModel::Name))
        return;
    const QScopedValueRollback<bool> fitting(m_fittingColumns, true);
    // At least as wide as the dock makes it (kNameWidth at most), and wider
    // as far as the list's room and the longest name go: a sweep point's
    // values, at the end of its name, come into sight as the dock widens.
    // The names are measured when they change, not at every step of a
    // resize (up to a thousand rows each time).
    if (namesChanged || m_nameHint < 0) {
        // No run listed (a filter that matches none): no names to measure;
        // measured so, the column fell to a few pixels, every name "…" once
        // the filter was cleared.
        if (m_filter->rowCount() == 0)
            return;
        const QAbstractItemView *view = m_view; // public there, protected in QTableView
        m_nameHint = view->sizeHintForColumn(HistoryModel::Name);
    }
    const int hint = m_nameHint;
    int others = 0;
    for (int c = 0; c < m_model->columnCount(); ++c) {
        if (c != HistoryModel::Name && !m_view->isColumnHidden(c))
            others += m_view->columnWidth(c);
    }
    const int room = m_view->viewport()->width() - others;
    const int width = std::max(std::min(hint, kNameWidth), std::min(hint, room));
    if (width > 0 && width != m_view->columnWidth(HistoryModel::Name))
        m_view->setColumnWidth(HistoryModel::Name, width);
}

void HistoryDock::updateModelColumn()
{
    // Runs of one model (or of the model chosen above) need no column
    // saying so: in a narrow dock it held the figures off the screen.
    const bool oneModel
        = m_modelCombo->count() <= 2 || !m_modelCombo->currentData().toString().isEmpty();
    const bool hide = oneModel || (m_hiddenColumns & (1u << HistoryModel::ModelName)) != 0;
    if (hide == m_view->isColumnHidden(HistoryModel::ModelName))
        return;
    m_view->setColumnHidden(HistoryModel::ModelName, hide);
    // Shown again, as wide as the names (fitted while hidden, it had no width).
    if (!hide) {
        const QScopedValueRollback<bool> fitting(m_fittingColumns, true);
        const QAbstractItemView *view = m_view; // public there, protected in QTableView
        m_view->setColumnWidth(
            HistoryModel::ModelName,
            std::clamp(view->sizeHintForColumn(HistoryModel::ModelName), 60, kNameWidth));
    }
    fitNameColumn();
}

void HistoryDock::updateModels()
{
    const QString current = m_modelCombo->currentData().toString();
    const QSignalBlocker blocker(m_modelCombo);
    m_modelCombo->clear();
    m_modelCombo->addItem(tr("All models"), QString());
    for (const QString &name : m_model->modelNames())
        m_modelCombo->addItem(name, name);
    const int index = m_modelCombo->findData(current);
    m_modelCombo->setCurrentIndex(index >= 0 ? index : 0);
    if (index < 0)
        m_filter->setModelName(QString());
    updateModelColumn();
}

void HistoryDock::updateCount()
{
    const int all = m_model->rowCount();
    const int shown = m_filter->rowCount();
    m_count->setText(shown == all ? (all == 1 ? tr("1 run") : tr("%1 runs").arg(all))
                                  : tr("%1 of %2 runs").arg(shown).arg(all));
}

void HistoryDock::editTags()
{
    const std::vector<qint64> ids = selectedIds();
    if (ids.empty())
        return;
    // Several runs: the tags they all have, to change; each keeps its others
    // (writing the shared ones over every run's deleted the rest unseen).
    const QStringList shared = m_model->commonTags(ids);
    bool ok = false;
    const QString text = QInputDialog::getText(
        this, tr("Edit Tags"),
        ids.size() == 1
            ? tr("Tags for run #%1, comma separated:").arg(ids.front())
            : tr("Tags all %1 runs have, comma separated\n(each run keeps its other tags):")
                  .arg(ids.size()),
        QLineEdit::Normal, shared.join(QStringLiteral(", ")), &ok);
    if (!ok)
        return;
    m_model->editSharedTags(ids, shared, text.split(QLatin1Char(','), Qt::SkipEmptyParts));
}

void HistoryDock::deleteSelected()
{
    std::vector<qint64> ids = selectedIds();
    if (ids.empty())
        return;
    // A run still going is kept: deleted, it went on and was never recorded
    // (its end had no row to go to), without a word.
    std::vector<qint64> running;
    std::erase_if(ids, [this, &running](qint64 id) {
        const history::RunSummary *run = m_model->run(m_model->rowOf(id));
        if (!run || run->status != history::RunStatus::Running)
            return false;
        running.push_back(id);
        return true;
    });
    QStringList runningText;
    for (qint64 id : running)
        runningText.append(QStringLiteral("#%1").arg(id));
    if (ids.empty()) {
        QMessageBox box(
            QMessageBox::Information, tr("Delete Runs"),
            running.size() == 1
                ? tr("Run %1 is still running; it cannot be deleted.").arg(runningText.front())
                : tr("Runs %1 are still running; they cannot be deleted.")
                      .arg(runningText.join(QStringLiteral(", "))),
            QMessageBox::Ok, this);
        box.setObjectName(QStringLiteral("deleteRunningRuns"));
        box.setInformativeText(
            tr("Stop the run first (Run > Stop, or the CQRS Studio or cqrs-sim that records it); "
               "then delete it. One that has ended meanwhile shows so after Refresh."));
        box.exec();
        return;
    }
    QStringList names;
    for (qint64 id : ids) {
        if (const history::RunSummary *run = m_model->run(m_model->rowOf(id));
            run && names.size() < 8)
            names.append(QStringLiteral("#%1 %2").arg(id).arg(QString::fromStdString(run->name)));
    }
    if (ids.size() > 8)
        names.append(tr("…"));
    QMessageBox box(
        QMessageBox::Question, tr("Delete Runs"),
        ids.size() == 1
            ? tr("Delete run #%1 from the history? This cannot be undone.").arg(ids.front())
            : tr("Delete %1 runs from the history? This cannot be undone.").arg(ids.size()),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("confirmDeleteRuns"));
    if (!running.empty())
        names.append(running.size() == 1
                         ? tr("(Run %1 is still running and is kept.)").arg(runningText.front())
                         : tr("(Runs %1 are still running and are kept.)")
                               .arg(runningText.join(QStringLiteral(", "))));
    box.setInformativeText(names.join(QLatin1Char('\n')));
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Yes)
        return;
    m_model->remove(ids);
}

namespace {
/// The columns' first order: the model's, with the tags after the name
/// (last, they were off a narrow dock's edge).
std::vector<int> defaultColumnOrder()
{
    std::vector<int> order;
    for (int c = 0; c < HistoryModel::ColumnCount; ++c) {
        if (c != HistoryModel::Tags)
            order.push_back(c);
        if (c == HistoryModel::Name)
            order.push_back(HistoryModel::Tags);
    }
    return order;
}

const QString kColumnOrderKey = QStringLiteral("history/columnOrder");
const QString kHiddenColumnsKey = QStringLiteral("history/hiddenColumns");
} // namespace

void HistoryDock::fillColumnsMenu()
{
    m_columnsMenu->clear();
    const QHeaderView *header = m_view->horizontalHeader();
    for (int visual = 0; visual < HistoryModel::ColumnCount; ++visual) {
        const int column = header->logicalIndex(visual);
        QString title = m_model->headerData(column, Qt::Horizontal).toString();
        if (column == HistoryModel::Star)
            title = tr("Star (★)");
        else if (column == HistoryModel::ModelName)
            title = tr("Model (when runs of several models are listed)");
        QAction *toggle = m_columnsMenu->addAction(title);
        toggle->setCheckable(true);
        toggle->setChecked((m_hiddenColumns & (1u << column)) == 0);
        toggle->setEnabled(column != HistoryModel::Name); // a row needs its name
        connect(toggle, &QAction::toggled, this,
                [this, column](bool shown) { setColumnShown(column, shown); });
    }
    m_columnsMenu->addSeparator();
    m_columnsMenu->addAction(tr("Reset Columns"), this, &HistoryDock::resetColumns);
}

void HistoryDock::setColumnShown(int column, bool shown)
{
    if (column < 0 || column >= HistoryModel::ColumnCount || column == HistoryModel::Name)
        return;
    if (shown)
        m_hiddenColumns &= ~(1u << column);
    else
        m_hiddenColumns |= 1u << column;
    if (column == HistoryModel::ModelName) {
        updateModelColumn();
    } else {
        m_view->setColumnHidden(column, !shown);
        // Shown again, as wide as its texts (hidden, it had no width).
        if (shown && m_view->columnWidth(column) < 24) {
            const QScopedValueRollback<bool> fitting(m_fittingColumns, true);
            m_view->resizeColumnToContents(column);
        }
    }
    fitNameColumn();
    saveColumns();
}

void HistoryDock::resetColumns()
{
    QHeaderView *header = m_view->horizontalHeader();
    // One save at the end, not one per move (the header's signals still
    // reach the table: blocked, it kept drawing the old order).
    const QScopedValueRollback<bool> hold(m_holdColumnSaves, true);
    const std::vector<int> order = defaultColumnOrder();
    for (int visual = 0; visual < int(order.size()); ++visual)
        header->moveSection(header->visualIndex(order[std::size_t(visual)]), visual);
    const unsigned hidden = m_hiddenColumns;
    m_hiddenColumns = 0;
    for (int c = 0; c < HistoryModel::ColumnCount; ++c) {
        if (c != HistoryModel::ModelName && (hidden & (1u << c)))
            setColumnShown(c, true);
    }
    updateModelColumn();
    m_holdColumnSaves = false;
    saveColumns();
}

void HistoryDock::restoreColumns()
{
    // The order kept, when it names every column once (a damaged setting,
    // or one from a version with other columns, gives the first order).
    const QVariantList kept = QSettings().value(kColumnOrderKey).toList();
    std::vector<int> order;
    for (const QVariant &v : kept) {
        bool number = false;
        order.push_back(v.toInt(&number));
        if (!number)
            order.push_back(-1); // no column: the order is not valid
    }
    std::vector<int> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    bool valid = int(sorted.size()) == HistoryModel::ColumnCount;
    for (int c = 0; valid && c < HistoryModel::ColumnCount; ++c)
        valid = sorted[std::size_t(c)] == c;
    if (!valid)
        order = defaultColumnOrder();
    QHeaderView *header = m_view->horizontalHeader();
    for (int visual = 0; visual < int(order.size()); ++visual)
        header->moveSection(header->visualIndex(order[std::size_t(visual)]), visual);
    m_hiddenColumns = 0;
    for (const QVariant &v : QSettings().value(kHiddenColumnsKey).toList()) {
        bool number = false;
        const int c = v.toInt(&number);
        if (number && c >= 0 && c < HistoryModel::ColumnCount && c != HistoryModel::Name) {
            m_hiddenColumns |= 1u << c;
            if (c != HistoryModel::ModelName)
                m_view->setColumnHidden(c, true);
        }
    }
}

void HistoryDock::saveColumns() const
{
    if (m_holdColumnSaves)
        return;
    const QHeaderView *header = m_view->horizontalHeader();
    QVariantList order, hidden;
    for (int visual = 0; visual < HistoryModel::ColumnCount; ++visual)
        order << header->logicalIndex(visual);
    for (int c = 0; c < HistoryModel::ColumnCount; ++c) {
        if (m_hiddenColumns & (1u << c))
            hidden << c;
    }
    QSettings settings;
    settings.setValue(kColumnOrderKey, order);
    settings.setValue(kHiddenColumnsKey, hidden);
}

} // namespace cqrs
