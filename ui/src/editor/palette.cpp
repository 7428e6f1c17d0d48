#include "palette.h"

#include "cqrs/ui/common/format.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/editor/scene.h"

#include <QAction>
#include <QApplication>
#include <QDrag>
#include <QGridLayout>
#include <QLabel>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cqrs/model/elements.h>

namespace cqrs {

namespace {

QPixmap shapePixmap(ElementKind kind, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF rect(1.5, size * 0.22, size - 3, size * 0.56);
    NodeItem::paintBody(&painter, kind, rect);
    return pixmap;
}

/// A tool button that also starts a drag carrying its element kind.
class PaletteButton final : public QToolButton
{
public:
    PaletteButton(QAction *action, QByteArray payload, QWidget *parent)
        : QToolButton(parent)
        , m_payload(std::move(payload))
    {
        setDefaultAction(action);
        setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        setIconSize(QSize(32, 32));
        setAutoRaise(true);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        setObjectName(QStringLiteral("palette-") + action->objectName());
    }

protected:
    void mousePressEvent(QMouseEvent *event) override
    {
        if (event->button() == Qt::LeftButton)
            m_pressPos = event->position().toPoint();
        QToolButton::mousePressEvent(event);
    }

    void mouseMoveEvent(QMouseEvent *event) override
    {
        if ((event->buttons() & Qt::LeftButton)
            && (event->position().toPoint() - m_pressPos).manhattanLength()
                   >= QApplication::startDragDistance()) {
            setDown(false);
            auto *mime = new QMimeData;
            mime->setData(kElementKindMime, m_payload);
            auto *drag = new QDrag(this);
            drag->setMimeData(mime);
            drag->setPixmap(icon().pixmap(40, 40));
            drag->exec(Qt::CopyAction);
            return;
        }
        QToolButton::mouseMoveEvent(event);
    }

private:
    QByteArray m_payload;
    QPoint m_pressPos;
};

} // namespace

QIcon kindIcon(ElementKind kind)
{
    QIcon icon;
    for (int size : {16, 24, 32, 48})
        icon.addPixmap(shapePixmap(kind, size));
    return icon;
}

QIcon noteIcon()
{
    QIcon icon;
    for (int size : {16, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const QRectF r(size * 0.12, size * 0.12, size * 0.76, size * 0.76);
        QPolygonF paper{r.topLeft(), r.topRight(), QPointF(r.right(), r.bottom() - size * 0.2),
                        QPointF(r.right() - size * 0.2, r.bottom()), r.bottomLeft()};
        painter.setPen(QPen(QColor(0xc9, 0xb4, 0x58), 1));
        painter.setBrush(QColor(0xfd, 0xf6, 0xc3));
        painter.drawPolygon(paper);
        icon.addPixmap(pixmap);
    }
    return icon;
}

Palette::Palette(const std::vector<QAction *> &actions, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("palette"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    m_grid = new QGridLayout;
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(2);
    layout->addLayout(m_grid);
    for (size_t i = 0; i < actions.size(); ++i) {
        const QByteArray payload = i < std::size(kAllElementKinds)
                                       ? QByteArray::number(int(kAllElementKinds[i]))
                                       : QByteArray("note");
        m_buttons.push_back(new PaletteButton(actions[i], payload, this));
    }
    m_hint = new QLabel(tr("Click or drag to add. Connect: drag a node's ⊕ handle, "
                           "or Ctrl+K."),
                        this);
    m_hint->setWordWrap(true);
    setMutedText(m_hint);
    layout->addWidget(m_hint);
    layout->addStretch(1);
    arrange(1);
}

int Palette::heightFor(int columns) const
{
    if (m_buttons.empty())
        return 0;
    const int rows = (int(m_buttons.size()) + columns - 1) / columns;
    const QMargins margins = layout()->contentsMargins();
    const int spacing = layout()->spacing();
    // The hint's lines at the width it has (at a typical dock's before the
    // first layout).
    const int width = (isVisible() ? this->width() : 240) - margins.left() - margins.right();
    return margins.top() + rows * m_buttons.front()->sizeHint().height()
           + (rows - 1) * m_grid->verticalSpacing() + spacing + m_hint->heightForWidth(width)
           + margins.bottom();
}

void Palette::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // As short as two columns are, when the width has room for two: the dock
    // may then give the rest of the column to the panel below. The buttons
    // are measured now, in the font and style the palette has now.
    int widest = 0;
    for (const QToolButton *button : m_buttons)
        widest = std::max(widest, button->minimumSizeHint().width());
    const QMargins margins = layout()->contentsMargins();
    const bool twoFit
        = width() - margins.left() - margins.right() >= 2 * widest + m_grid->horizontalSpacing();
    setMinimumSize(widest + margins.left() + margins.right(), heightFor(twoFit ? 2 : 1));
    arrange(twoFit && height() < heightFor(1) ? 2 : 1);
}

void Palette::arrange(int columns)
{
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (QToolButton *button : m_buttons)
        m_grid->removeWidget(button);
    for (size_t i = 0; i < m_buttons.size(); ++i)
        m_grid->addWidget(m_buttons[i], int(i) / columns, int(i) % columns);
    m_grid->setColumnStretch(0, 1);
    m_grid->setColumnStretch(1, columns > 1 ? 1 : 0);
}

} // namespace cqrs
