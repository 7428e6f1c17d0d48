#include "cqrs/ui/shell/problemspanel.h"

#include "cqrs/ui/common/focusring.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/run/chartcard.h"

#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QScopedValueRollback>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace cqrs {

namespace {

/// Wraps the message column only, and gives rows the height of the wrapped
/// text: QTreeView asks for a size hint without the column's width, so a
/// message would never get its second line.
class WrappingDelegate final : public QStyledItemDelegate
{
public:
    WrappingDelegate(QHeaderView *header, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_header(header)
    {}

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem sized = option;
        sized.rect = QRect(0, 0, m_header->sectionSize(index.column()), 1);
        return QStyledItemDelegate::sizeHint(sized, index);
    }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() != 0) // ids and paths have no spaces: elide, never wrap
            option->features &= ~QStyleOptionViewItem::WrapText;
    }

private:
    QHeaderView *m_header;
};

} // namespace

QString diagnosticLine(const Diagnostic &d, const Model &model)
{
    if (!d.elementId.empty()) {
        if (const std::optional<ElementKind> kind = model.kindOf(d.elementId))
            return ProblemsPanel::tr("%1 %2: %3")
                .arg(kindTitle(*kind), elementDisplayName(model, d.elementId),
                     QString::fromStdString(d.message));
    }
    return QString::fromStdString(d.located());
}

ProblemsPanel::ProblemsPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("problems"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel(this);
    m_summary->setContentsMargins(6, 3, 6, 3);
    m_summary->setWordWrap(true); // the interview note makes it longer than a narrow panel
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("problemList"));
    FocusRing::mark(m_list); // empty, no current row says it has the focus
    m_list->setAccessibleName(tr("Problems"));
    m_list->setAccessibleDescription(tr("Errors and warnings of the model, one a row with the "
                                        "element and where; Enter selects the element."));
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Problem"), tr("Element"), tr("Where")});
    m_list->setRootIsDecorated(false);
    // Long messages wrap onto more lines rather than end in "...".
    m_list->setUniformRowHeights(false);
    m_list->setWordWrap(true);
    m_list->setItemDelegate(new WrappingDelegate(m_list->header(), m_list));
    // Row heights follow the message column's width (Qt does not redo them itself).
    connect(m_list->header(), &QHeaderView::sectionResized, m_list, [this](int column) {
        if (column == 0)
            m_list->doItemsLayout();
        else if (!m_fitting)
            m_userSized[column] = true;
    });
    m_list->setAlternatingRowColors(true);
    m_list->viewport()->installEventFilter(this); // the columns fit its width
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::Interactive);
    m_list->header()->setSectionResizeMode(2, QHeaderView::Interactive);
    m_list->header()->setStretchLastSection(false);
    // Wide enough for a message to be read; a neighbouring dock must not
    // squeeze it to a sliver (the full text is in every row's tooltip too).
    const int chars = fontMetrics().averageCharWidth();
    m_list->header()->setMinimumSectionSize(8 * chars);
    {
        const QScopedValueRollback<bool> fitting(m_fitting, true);
        m_list->setColumnWidth(1, kElementChars * chars);
        m_list->setColumnWidth(2, kWhereChars * chars);
    }
    setMinimumWidth(kMinimumReadableChars * chars);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    auto activate = [this](QTreeWidgetItem *item) {
        if (item)
            emit elementActivated(item->data(1, Qt::UserRole).toString());
    };
    connect(m_list, &QTreeWidget::itemActivated, this, activate);
    connect(m_list, &QTreeWidget::itemClicked, this, activate);
    setDiagnostics({});
}

void ProblemsPanel::setDiagnostics(const Diagnostics &diagnostics, int hiddenPredictions,
                                   const Model *model)
{
    m_list->clear();
    m_errors = m_warnings = 0;
    const QIcon errorIcon = style()->standardIcon(QStyle::SP_MessageBoxCritical);
    const QIcon warningIcon = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    // Errors first, each group in the validator's order.
    for (bool errors : {true, false}) {
        for (const Diagnostic &d : diagnostics) {
            if (d.isError() != errors)
                continue;
            auto *item = new QTreeWidgetItem(m_list);
            item->setIcon(0, errors ? errorIcon : warningIcon);
            const QString where = d.line > 0 ? tr("line %1, column %2").arg(d.line).arg(d.column)
                                             : QString::fromStdString(d.path);
            const QString id = QString::fromStdString(d.elementId);
            // The element by the name the canvas shows (its id where it has none).
            const QString name
                = model && !d.elementId.empty() ? elementDisplayName(*model, d.elementId) : id;
            item->setText(0, QString::fromStdString(d.message));
            item->setText(1, name);
            item->setData(1, Qt::UserRole, id);
            item->setText(2, where);
            // The whole message, wrapped, whichever column the pointer is over.
            QString tip = QStringLiteral("<p style='white-space:pre-wrap'>%1</p>")
                              .arg(QString::fromStdString(d.message).toHtmlEscaped());
            if (!d.elementId.empty() && name != id)
                tip += tr("<p>Element: %1 (id <tt>%2</tt>)</p>")
                           .arg(name.toHtmlEscaped(), id.toHtmlEscaped());
            else if (!d.elementId.empty())
                tip += tr("<p>Element: <tt>%1</tt></p>").arg(id.toHtmlEscaped());
            if (!where.isEmpty())
                tip += tr("<p>Where: <tt>%1</tt></p>").arg(where.toHtmlEscaped());
            for (int column = 0; column < 3; ++column)
                item->setToolTip(column, tip);
            (errors ? m_errors : m_warnings)++;
        }
    }
    // The texts' widths, measured once per list (fitColumns() runs at every resize too).
    const int chars = fontMetrics().averageCharWidth();
    for (int column = 0; column < 3; ++column) {
        int widest = 0;
        for (int i = 0; i < m_list->topLevelItemCount(); ++i)
            widest = std::max(widest, m_list->fontMetrics().horizontalAdvance(
                                          m_list->topLevelItem(i)->text(column)));
        m_need[column] = widest + 3 * chars; // the cell's margins, and the icon's in the first
    }
    fitColumns();
    QString summary = m_errors + m_warnings == 0
                          ? (hiddenPredictions > 0 ? tr("No other problems: the model is valid.")
                                                   : tr("No problems: the model is valid."))
                          : plural(tr("%n error(s)", nullptr, m_errors), m_errors)
                                + QStringLiteral(", ")
                                + plural(tr("%n warning(s)", nullptr, m_warnings), m_warnings);
    if (hiddenPredictions > 0)
        summary += QLatin1Char(' ')
                   + plural(tr("Interview mode: %n load prediction(s) hidden until your first run.",
                               nullptr, hiddenPredictions),
                            hiddenPredictions);
    m_summary->setText(summary);
    emit countsChanged(m_errors, m_warnings);
}

bool ProblemsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return QWidget::eventFilter(watched, event);
}

void ProblemsPanel::fitColumns()
{
    // The element and where columns as wide as their texts where the list
    // has room: the message column wraps, names and paths do not, and it
    // keeps 25 characters or its whole text (the full texts are in every
    // row's tooltip as well). A column the user sized keeps that size.
    const QScopedValueRollback<bool> fitting(m_fitting, true);
    const int chars = fontMetrics().averageCharWidth();
    const int *need = m_need;
    // Each column its least width; what the message column leaves beyond
    // those goes to the texts longer than that, in proportion.
    const int least[3] = {0, kElementChars * chars, kWhereChars * chars};
    int room = m_list->viewport()->width() - std::min(need[0] + 2 * chars, 25 * chars);
    int more = 0;
    for (int column : {1, 2}) {
        room -= m_userSized[column] ? m_list->columnWidth(column) : least[column];
        if (!m_userSized[column])
            more += std::max(0, need[column] - least[column]);
    }
    room = std::max(room, 0);
    for (int column : {1, 2}) {
        if (m_userSized[column])
            continue;
        const int extra = std::max(0, need[column] - least[column]);
        m_list->setColumnWidth(column,
                               least[column] + (more <= room ? extra : room * extra / more));
    }
}

QString ProblemsPanel::summaryText() const
{
    return m_summary->text();
}

} // namespace cqrs
