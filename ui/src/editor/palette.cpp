#include "palette.h"

#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/editor/scene.h"

#include <QAction>
#include <QApplication>
#include <QDrag>
#include <QLabel>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>
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
    for (size_t i = 0; i < actions.size(); ++i) {
        const QByteArray payload = i < std::size(kAllElementKinds)
                                       ? QByteArray::number(int(kAllElementKinds[i]))
                                       : QByteArray("note");
        layout->addWidget(new PaletteButton(actions[i], payload, this));
    }
    auto *hint = new QLabel(tr("Click or drag to add. Connect: drag a node's ⊕ handle, "
                               "or Ctrl+K."),
                            this);
    hint->setWordWrap(true);
    hint->setEnabled(false);
    layout->addWidget(hint);
    layout->addStretch(1);
}

} // namespace cqrs
